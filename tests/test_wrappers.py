"""The cleaner on pages it was not written for: real report bodies inside invented
publishers' furniture (tests/fixtures/wrappers/, gold in tests/gold/wrappers.yml).

Each fixture's gold lists its title block, the editor's lead, every furniture line and the
provenance the furniture states; every other line is report text that must be kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.build import process

ROOT = Path(__file__).parent / "fixtures" / "wrappers"
GOLD = yaml.safe_load((Path(__file__).parent / "gold" / "wrappers.yml").read_text(encoding="utf-8"))["files"]


def _str(v):
    return v.isoformat() if isinstance(v, dt.date) else v


@pytest.fixture(scope="module")
def built():
    return {name: process(ROOT / name, ROOT)[0] for name in GOLD}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_furniture_removed_and_body_kept(built, name):
    report, gold = built[name], GOLD[name]
    kept = [line.text.strip() for line in report.cleaned.kept]
    assert [f for f in gold["furniture"] if f.strip() in kept] == []
    assert [k for k in gold.get("must_keep") or [] if k.strip() not in kept] == []
    removed = "\n".join("".join(r.text.split()) for r in report.cleaned.removed)
    # Nothing lost: every furniture line is on the processing log (an HTML page's elements
    # may be merged into one removed line or split over two: compare its parts).
    for f in gold["furniture"]:
        assert all(part in removed for part in f.split()), f


@pytest.mark.parametrize("name", sorted(GOLD))
def test_title_block_and_lead(built, name):
    report, gold = built[name], GOLD[name]
    assert report.head == gold["title_block"] or [h.replace(" ", "") for h in report.head] == \
        [h.replace(" ", "").replace("\u3000", "") for h in gold["title_block"]]
    lead = [line for b in report.lead for line in b.lines]
    assert [x.replace(" ", "") for x in lead] == [x.replace(" ", "") for x in gold["lead"]]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_metadata_and_provenance(built, name):
    m, gold = built[name].meta, GOLD[name]
    for field in ("region", "year", "meeting", "date", "speaker", "speaker_title"):
        assert (field, getattr(m, field)) == (field, _str(gold[field]))
    prov = gold.get("provenance") or {}
    for field in ("publisher", "published", "address"):
        assert (field, getattr(m, field)) == (field, _str(prov.get(field)))
