"""The real collections in ../shared/corpora/, laid out as seeds folders a user would have.

Used by the conformance script, the benchmark and the corpus tests. Each function copies one
collection into `dest` and returns the number of files written; nothing is changed on the way
except the national collection, whose documents are JSON lines: each becomes `<title>.txt`
holding the document's `content` only (as a user saving the text of a page would have it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
NATIONAL = CORPORA / "national-gwr-1954-2025.jsonl"
PROVINCES = CORPORA / "provinces-2025"
CITIES = CORPORA / "cities-2024"

NAMES = ("national", "provinces", "cities")


def available() -> bool:
    return NATIONAL.exists() and PROVINCES.is_dir() and CITIES.is_dir()


def national(dest: Path) -> int:
    dest.mkdir(parents=True, exist_ok=True)
    n = 0
    for line in NATIONAL.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        (dest / f"{doc['title']}.txt").write_text(doc["content"], encoding="utf-8")
        n += 1
    return n


def _copy(src: Path, dest: Path, suffix: str) -> int:
    dest.mkdir(parents=True, exist_ok=True)
    n = 0
    for p in sorted(src.glob(f"*{suffix}")):
        shutil.copyfile(p, dest / p.name)
        n += 1
    return n


def provinces(dest: Path) -> int:
    return _copy(PROVINCES, dest, ".docx")


def cities(dest: Path) -> int:
    return _copy(CITIES, dest, ".txt")


def materialise(name: str, dest: Path) -> int:
    return {"national": national, "provinces": provinces, "cities": cities}[name](dest)
