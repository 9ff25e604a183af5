"""The speakers: who delivered which reports (part of the collection, like regions and years).

A speaker is a name within a province (the nation counts as one): the same name in two
provinces is two people and gets two pages; a governor who was a mayor in the same province
is one. Nothing is guessed: a report whose speaker is not stated has none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from generator import data
from generator.model import Report

# A page name keeps Han characters, letters, digits, the middle dot of names and '-' (the
# navigation file takes it as written, unencoded).
UNSAFE = re.compile(r"[^\w\u00b7\-]")


@dataclass
class Person:
    name: str
    province: str  # the province of the reports ("全国" for the national ones)
    reports: list[Report] = field(default_factory=list)  # by year, then date
    slug: str = ""

    @property
    def titles(self) -> list[str]:
        # The titles as stated, in the order first held (市长, then 省长).
        return list(dict.fromkeys(r.meta.speaker_title for r in self.reports if r.meta.speaker_title))

    @property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(r.meta.region for r in self.reports if r.meta.region))

    @property
    def years(self) -> list[int]:
        return sorted({r.meta.year for r in self.reports if r.meta.year})


def _province(r: Report) -> str:
    return data.load("metadata")["level_names"]["nation"] if r.meta.level == "nation" else (r.meta.province or r.meta.region or "")


def people(reports: list[Report]) -> list[Person]:
    """Every speaker, sorted by the year of their first report, then by name."""
    found: dict[tuple[str, str], Person] = {}
    for r in sorted(reports, key=lambda r: (r.meta.year or 0, r.meta.date or "", r.meta.id)):
        if not r.meta.speaker:
            continue
        key = (r.meta.speaker, _province(r))
        found.setdefault(key, Person(*key)).reports.append(r)
    out = sorted(found.values(), key=lambda p: (p.years[0] if p.years else 0, p.name, p.province))
    names = [p.name for p in out]
    for p in out:
        safe = UNSAFE.sub("-", p.name).strip("-.") or hashlib.sha1(p.name.encode()).hexdigest()[:8]
        # Namesakes in two provinces: the province joins the name (张伟-河北省).
        p.slug = safe if names.count(p.name) == 1 and safe == p.name else f"{safe}-{UNSAFE.sub('-', p.province)}"
    return out
