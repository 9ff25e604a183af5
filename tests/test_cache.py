"""The cache of per-report results (generator/cache.py): a rebuild reuses what did not change
and recomputes what did; the output is the same either way."""

from __future__ import annotations

import generator.build as build
from generator import cache
from tests.conftest import SEEDS


def _docs(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_rebuild_reuses_unchanged_reports_and_redoes_a_changed_one(tmp_path, monkeypatch):
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "1")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for p in SEEDS.glob("*.txt"):
        (seeds / p.name).write_bytes(p.read_bytes())
    build.build(seeds, tmp_path / "cold")
    entries = sorted((tmp_path / "cache" / "generator").rglob("*"))
    # Five reports: read+clean, finish, shared-term candidates and occurrences, the regions
    # each names, and its words.
    assert len([e for e in entries if e.is_file()]) == 30

    calls = []
    real = build.read_file
    monkeypatch.setattr(build, "read_file", lambda *a: calls.append(a[0].name) or real(*a))
    build.build(seeds, tmp_path / "warm")
    assert calls == []  # nothing read again
    assert _docs(tmp_path / "cold") == _docs(tmp_path / "warm")

    changed = next(seeds.glob("004_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8").replace("郸城县", "郸城县", 1) + "\n新增一段文字。\n",
                       encoding="utf-8")
    build.build(seeds, tmp_path / "changed")
    assert calls == [changed.name]


def test_off_means_no_folder_and_keys_cover_code_and_input(tmp_path, monkeypatch):
    monkeypatch.setenv("GWR_CACHE", "off")
    assert cache.folder() is None
    assert cache.get(None, "ab") is None
    a = cache.key(b"read", b"x.txt", b"1")
    assert a != cache.key(b"read", b"x.txt", b"2") and a != cache.key(b"read", b"y.txt", b"1")
    assert a != cache.key(b"read", b"x.txt1", b"")  # parts are length-prefixed
    monkeypatch.setattr(cache, "code_version", lambda: b"other code")
    assert cache.key(b"read", b"x.txt", b"1") != a
