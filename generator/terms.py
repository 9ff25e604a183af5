"""Shared terms: programmes, slogans, enterprises and platforms that several reports name.

Part of the link stage (it needs every report). Vocabulary and rules: data/terms.yml and
the user dictionary data/jieba_user.txt.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from dataclasses import dataclass, field

from generator import cache, workers, data, regions, trie
from generator.model import Guard, Report
from generator.typeset import HAN_CHAR

QUOTED = re.compile(r"“([^“”\n]+?)”")


@dataclass
class Occurrence:
    report: Report
    section: str  # section anchor ("" for the preamble)
    anchor: str  # block anchor
    left: str
    match: str
    right: str


@dataclass
class Term:
    name: str
    kind: str
    surfaces: set[str] = field(default_factory=set)
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return hashlib.sha1(self.name.encode("utf-8")).hexdigest()[:10]

    _reports: tuple = field(default=(None, 0, []), repr=False, compare=False)

    @property
    def reports(self) -> list[Report]:
        """The reports using the term, in order of first occurrence (computed once per list of
        occurrences: pages ask for it for every report)."""
        mark = (id(self.occurrences), len(self.occurrences))
        if self._reports[:2] != mark:
            seen: dict[str, Report] = {}
            for o in self.occurrences:
                seen.setdefault(o.report.meta.id, o.report)
            self._reports = (*mark, list(seen.values()))
        return list(self._reports[2])


@functools.cache
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    place = cache.folder("jieba")  # its dictionary cache, in the project rather than /tmp
    if place is not None:
        place.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(place)
    jieba.load_userdict(str(data.DATA_DIR / "jieba_user.txt"))
    return jieba, jieba.posseg


@functools.cache
def user_words() -> dict[str, str]:
    out = {}
    for line in (data.DATA_DIR / "jieba_user.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            out[parts[0]] = parts[2]
    return out


def _text_blocks(report: Report):
    """(section anchor, block) for the report's own text (the news lead is not its text)."""
    for section, block in report.all_blocks():
        yield (section.anchor if section else ""), block


def _is_common_word(word: str) -> bool:
    jieba, _ = _jieba()
    return (jieba.get_FREQ(word) or 0) >= data.load("terms")["common_word_freq"] and word not in user_words()


def candidates(report: Report) -> dict[str, tuple[str, set[str]]]:
    """name → (kind, surface forms) for one report."""
    c = data.load("terms")
    _, pseg = _jieba()
    out: dict[str, tuple[str, set[str]]] = {}
    stop = set(c["stop"])

    def add(name: str, kind: str, surfaces: set[str]) -> None:
        name = name.strip()
        if len(name) < 2 or name in stop or not HAN_CHAR.search(name):
            return
        if any(d.name == name for d in regions.find(name)):
            return  # a place is not a term; regions have their own pages
        if name not in out:
            out[name] = (kind, set(surfaces) | {name})
        else:
            out[name][1].update(surfaces)

    tag_kinds = c["tag_kinds"]
    suffixes = tuple(c["suffixes"])
    lst = re.compile(c["enterprise_list"])
    for _, block in _text_blocks(report):
        for line in block.lines:
            for m in QUOTED.finditer(line):
                q = m.group(1)
                if c["quoted_min_chars"] <= len(q) <= c["quoted_max_chars"] and not re.search(r"[，。；：！？、]", q) \
                        and not _is_common_word(q):
                    add(q, "slogan", {q})  # an ordinary word in quotes (“生产线”) is emphasis, not a name
            for word, tag in user_words().items():
                if tag in tag_kinds and word in line:
                    add(word, tag_kinds[tag], {word})
            for name, kind, alias in _suffixed_names(line, suffixes, pseg):
                add(alias or name, kind, {name} | ({alias} if alias else set()))
            for m in lst.finditer(line):
                items = m.group(1).split("、")
                lead = list(pseg.cut(items[0]))
                while lead and lead[0].flag in c["list_lead_tags"]:
                    lead.pop(0)
                items[0] = "".join(t.word for t in lead)
                for item in items:
                    for suffix in c["alias_suffixes"]:
                        if item.endswith(suffix) and len(item) - len(suffix) >= 2 and not _is_common_word(item[: -len(suffix)]):
                            add(item[: -len(suffix)], "enterprise", {item, item[: -len(suffix)]})
                            break
                    else:
                        if 2 <= len(item) <= 8:
                            add(item, "enterprise", {item})
    return out


def _suffixed_names(line: str, suffixes: tuple[str, ...], pseg) -> list[tuple[str, str, str | None]]:
    # Names ending in a suffix (千喜鹤集团, 中原食品实验室): (name, kind, alias or None).
    #
    # Only a window before each suffix is tagged, not the whole line: the name is at most
    # `max_name_chars` long, and the window's first token (perhaps cut) is never used.
    c = data.load("terms")
    out = []
    for suffix in suffixes:
        for m in re.finditer(re.escape(suffix), line):
            window = line[max(0, m.start() - c["max_name_chars"] - 4): m.end()]
            tokens = list(pseg.cut(window))
            if not tokens or tokens[-1].word != suffix:
                continue  # the suffix is part of a longer word here
            first_usable = 1 if m.start() - c["max_name_chars"] - 4 > 0 else 0
            name_toks = []
            j = len(tokens) - 2
            while j >= first_usable and len(name_toks) < c["max_name_tokens"] and tokens[j].flag in c["name_tags"]:
                name_toks.insert(0, tokens[j])
                j -= 1
            while name_toks and name_toks[0].flag not in c["proper_tags"]:
                name_toks.pop(0)  # a name starts with a proper noun
            if not name_toks:
                continue
            core = "".join(t.word for t in name_toks)
            name = core + suffix
            if len(name) > c["max_name_chars"]:
                continue
            alias = core if suffix in c["alias_suffixes"] and len(core) >= 2 and not _is_common_word(core) else None
            out.append((name, c["suffixes"][suffix], alias))
    return out


def _candidates_or_error(report: Report) -> tuple[dict | None, Exception | None]:
    try:
        return candidates(report), None
    except Exception as exc:  # contained: the caller records it against the report
        return None, exc


def _raise(exc: Exception) -> None:
    raise exc


KIND_ORDER = ["slogan", "programme", "platform", "enterprise", "park"]


def shared_terms(reports: list[Report], guard: Guard | None = None) -> list[Term]:
    """Terms used by at least `min_reports` reports, with every occurrence. A report whose
    terms cannot be read is recorded in `guard` and contributes none."""
    guard = guard or Guard("link")
    merged: dict[str, Term] = {}
    surface_of: dict[str, str] = {}
    found = workers.map_in_order(_candidates_or_error, reports)  # each report's own, on every core
    for rep, (cands, exc) in zip(reports, found):
        if exc is not None:
            guard.run(rep, _raise, exc)
        for name, (kind, surfaces) in sorted((cands or {}).items()):
            key = next((surface_of[s] for s in sorted(surfaces) if s in surface_of), name)
            term = merged.setdefault(key, Term(key, kind))
            if KIND_ORDER.index(kind) < KIND_ORDER.index(term.kind):
                term.kind = kind
            term.surfaces.update(surfaces)
            for s in surfaces:
                surface_of.setdefault(s, key)
    if not merged:
        return []
    # Count with the longest surface winning at each position: a fragment of a longer name
    # (农谷 in 中原农谷) gets no occurrences of its own.
    pattern = trie.pattern(surface_of)
    def occurrences(rep: Report) -> list[Occurrence]:
        out = []
        for section, block in _text_blocks(rep):
            for line in block.lines:
                for m in pattern.finditer(line):
                    out.append(Occurrence(rep, section, block.anchor, line[max(0, m.start() - 24): m.start()],
                                          m.group(), line[m.end(): m.end() + 24]))
        return out

    for rep in reports:
        for occ in guard.run(rep, occurrences, rep, default=[]):
            merged[surface_of[occ.match]].occurrences.append(occ)
    keep = [t for t in merged.values() if len(t.reports) >= data.load("terms")["min_reports"]]
    keep.sort(key=lambda t: (KIND_ORDER.index(t.kind), -len(t.reports), -len(t.occurrences), t.name))
    return keep
