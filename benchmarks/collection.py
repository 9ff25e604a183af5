"""A collection of a thousand county reports made from the real corpora, for the benchmark.

200 real county names from the division data × 5 years: each file is a real city report of
`../shared/corpora/cities-2024/` (taken in turn) under a title line naming the county and the
year, with its decimal figures nudged by the file's number so that no two files are the same
text. The texts are real prose of the genre, so every stage does the work it does on a real
collection; the facts in them are of course not the county's.
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.corpora import CITIES

YEARS = (2020, 2021, 2022, 2023, 2024)
DECIMAL = re.compile(r"(\d+\.)(\d)")


def counties(n: int = 200) -> list[tuple[str, str]]:
    """(code, name) of `n` counties spread over the country: names unique in the division data,
    taken at an even step through the codes."""
    from generator import regions

    divisions = regions._by_code().values()
    names: dict[str, int] = {}
    for d in divisions:
        names[d.name] = names.get(d.name, 0) + 1
    pool = sorted((d.code, d.name) for d in divisions
                  if d.level == "county" and names[d.name] == 1 and d.name.endswith("县"))
    step = max(1, len(pool) // n)
    return pool[::step][:n]


def nudge(text: str, k: int) -> str:
    """The text with the first decimal of each figure shifted by k (mod 10)."""
    return DECIMAL.sub(lambda m: m.group(1) + str((int(m.group(2)) + k) % 10), text)


def make(dest: Path, n_counties: int = 200, years: tuple[int, ...] = YEARS) -> int:
    """Write the collection into `dest`; return the number of files."""
    dest.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(CITIES.glob("*.txt"))]
    files = 0
    for i, (code, name) in enumerate(counties(n_counties)):
        for j, year in enumerate(years):
            k = i * len(years) + j
            body = nudge(texts[k % len(texts)], k // len(texts) + 1)
            (dest / f"{code}-{year}.txt").write_text(f"{name}{year}年政府工作报告\n\n{body}", encoding="utf-8")
            files += 1
    return files
