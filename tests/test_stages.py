"""Every stage contained per report: a failure injected into one report's stage costs that
report only, with a line in the build report naming the stage; the rest of the site builds."""

from __future__ import annotations

import pathlib

import pytest

import generator.build as build
import generator.meta
import generator.render
import generator.sidecar
import generator.terms
from generator.model import Line

MARK = "故障注入"


def _text(region: str, review: int, extra: str = "") -> str:
    return (f"{review + 1}年{region}政府工作报告\n各位代表：\n现在，我代表{region}人民政府向大会报告工作，请予审议。{extra}\n"
            f"一、{review}年工作回顾\n{review}年，全区地区生产总值增长7.5%，一般公共预算收入增长9%，“百城提质”工程扎实推进。\n"
            f"二、{review + 1}年工作安排\n{review + 1}年主要预期目标是：地区生产总值增长8%左右，“百城提质”工程全面完成。\n")


def _describe(value) -> str:
    if isinstance(value, (str, pathlib.PurePath)):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return " ".join(x.text if isinstance(x, Line) else _describe(x) for x in value)
    if hasattr(value, "source"):
        return value.source.path
    return ""


def _failing(real):
    def wrapper(*args, **kwargs):
        if any(MARK in _describe(a) for a in args):
            raise ZeroDivisionError("injected")
        return real(*args, **kwargs)
    return wrapper


# stage → (module, attribute) the stage calls, as the build looks it up.
STAGES = {
    "read": (build, "read_file"),
    "clean": (build, "clean"),
    "parse": (build, "parse"),
    "meta": (generator.meta, "detect"),
    "sidecar": (generator.sidecar, "load"),
    "extract": (build, "extract"),
    "link": (generator.terms, "candidates"),
    "render": (generator.render, "report_page"),
}
STAGE_WORDS = {"read": "读取", "clean": "清理", "parse": "结构分析", "meta": "元数据识别", "sidecar": "侧车文件",
               "extract": "指标提取", "link": "交叉链接", "render": "页面生成"}


@pytest.fixture
def seeds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "红旗区2024.txt").write_text(_text("红旗区", 2023), encoding="utf-8")
    (seeds / f"卫滨区{MARK}2024.txt").write_text(_text("卫滨区", 2023, MARK), encoding="utf-8")
    return seeds


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_failure_in_one_stage_costs_one_report(stage, seeds, tmp_path, monkeypatch):
    module, name = STAGES[stage]
    monkeypatch.setattr(module, name, _failing(getattr(module, name)))
    docs = tmp_path / "docs"
    result = build.build(seeds, docs)
    assert [r.meta.region for r in result.reports] == ["红旗区"]
    [problem] = [p for p in result.problems if "内部错误" in p.reason]
    assert MARK in problem.file
    assert f"在“{STAGE_WORDS[stage]}”阶段出现内部错误（ZeroDivisionError: injected），该报告未发布" in problem.reason
    good = result.reports[0].meta.id
    assert (docs / "reports" / f"{good}.md").exists()
    assert len(list((docs / "reports").glob("*.md"))) == 1
    # The failed report is named on the build report page, and no page links to it.
    assert MARK in (docs / "build-report.md").read_text(encoding="utf-8")
    assert [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
            if "卫滨区" in p.read_text(encoding="utf-8") and p.name != "build-report.md"] == []


def test_a_file_that_cannot_be_written_costs_that_file(seeds, tmp_path, monkeypatch):
    real = pathlib.Path.write_bytes

    def write_bytes(self, data):
        if MARK in data.decode("utf-8", "replace") and self.parts[-2] == "reports":
            raise PermissionError(13, "Permission denied")
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    docs = tmp_path / "docs"
    result = build.build(seeds, docs)
    [problem] = [p for p in result.problems if "写出文件" in p.reason]
    assert problem.file.startswith("reports/") and problem.fix == "检查 docs/ 目录的写入权限和磁盘空间"
    assert len(list((docs / "reports").glob("*.md"))) == 1
    assert (docs / "index.md").exists()


def test_kinds_made_on_workers_write_what_one_process_writes_and_their_failures_reach_the_build(
        seeds, tmp_path, monkeypatch):
    """The kinds of collection page made side by side on two worker processes (generator.render
    `_kinds`): the same files as in one process; a page one of them cannot write is a line of
    the build report, as it is in one process; a report whose page fails meanwhile is left out
    of them too."""
    monkeypatch.setenv("GWR_CACHE", "off")
    monkeypatch.setenv("GWR_WORKERS", "1")
    alone = build.build(seeds, tmp_path / "alone")
    monkeypatch.setattr(generator.render, "KINDS_APART_FROM", 1)
    monkeypatch.setenv("GWR_WORKERS", "2")
    pools = []
    real_pool = generator.render.workers.ProcessPoolExecutor
    monkeypatch.setattr(generator.render.workers, "ProcessPoolExecutor", lambda *a, **k: pools.append(a) or real_pool(*a, **k))
    apart = build.build(seeds, tmp_path / "apart")
    assert len(pools) == 1  # the kinds' (two reports: the per-report stages stay in this process)
    assert (apart.written, apart.unchanged) == (alone.written, alone.unchanged)
    files = {p.relative_to(tmp_path / "alone").as_posix(): p.read_bytes() for p in (tmp_path / "alone").rglob("*") if p.is_file()}
    assert {p.relative_to(tmp_path / "apart").as_posix(): p.read_bytes() for p in (tmp_path / "apart").rglob("*") if p.is_file()} == files
    real = pathlib.Path.write_bytes

    def write_bytes(self, data):
        if "regions" in self.parts[-3:-1]:
            raise PermissionError(13, "Permission denied")
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    failed = build.build(seeds, tmp_path / "failed")
    assert sorted(p.file for p in failed.problems if "写出文件" in p.reason) == sorted(
        f for f in files if f.startswith("regions/"))
    assert (tmp_path / "failed" / "index.md").exists() and (tmp_path / "failed" / "years").is_dir()
    # A report whose page fails while the workers make the kinds: they are made again without
    # it, and every file of the new folder is counted as written, once.
    monkeypatch.setattr(pathlib.Path, "write_bytes", real)
    monkeypatch.setattr(generator.render, "report_page", _failing(generator.render.report_page))
    docs = tmp_path / "dropped"
    dropped = build.build(seeds, docs)
    assert [r.meta.region for r in dropped.reports] == ["红旗区"]
    made = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    assert (sorted(dropped.written), dropped.unchanged) == (made, 0)
    assert [f for f in made if f.endswith(".md") and f != "build-report.md"
            and "卫滨区" in (docs / f).read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("rel", ["../outside.md", "reports/../../outside.md", "/tmp/outside.md", ".."])
def test_no_output_is_written_outside_docs(tmp_path, rel):
    with pytest.raises(ValueError):
        build.Writer(tmp_path / "docs").write({rel: "x"})
    assert not (tmp_path / "outside.md").exists()


def _write(docs, files):
    writer = build.Writer(docs)
    writer.write(files)
    return writer.finish()


def test_outputs_written_only_when_changed_and_removed_when_no_longer_made(tmp_path):
    docs = tmp_path / "docs"
    first = {"reports/a.md": "甲", "reports/b.md": "乙", "terms/c.md": b"\x00", "regions/41/4107/index.md": "新乡",
             "regions/41/index.md": "河南"}
    assert _write(docs, first) == (sorted(first), [], 0)
    (docs / "about.md").write_text("手写的页面", encoding="utf-8")  # not in a generated folder: kept
    written, deleted, unchanged = _write(docs, {"reports/./a.md": "甲", "reports/b.md": "乙二", "regions/41/index.md": "河南"})
    assert (written, sorted(deleted), unchanged) == (["reports/b.md"], ["regions/41/4107/index.md", "terms/c.md"], 2)
    assert (docs / "reports" / "b.md").read_text(encoding="utf-8") == "乙二"
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == [
        "about.md", "regions/41/index.md", "reports/a.md", "reports/b.md"]
    # A folder left empty goes, not the kind's own folder.
    assert not (docs / "regions" / "41" / "4107").exists() and (docs / "terms").is_dir()


def test_a_build_leaves_the_cyclic_collector_as_it_found_it(seeds, tmp_path, monkeypatch):
    """The build pauses the collector while it reads the reports, freezes them after and
    collects less often while it renders: on its return the collector is running (or not) as
    before, at the same thresholds, with nothing left frozen."""
    import gc

    monkeypatch.setenv("GWR_CACHE", "off")
    threshold = gc.get_threshold()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    seen = []
    real = build._linked_and_written
    monkeypatch.setattr(build, "_linked_and_written", lambda *a: seen.append(gc.get_threshold()) or real(*a))
    build.build(seeds, tmp_path / "a")
    assert seen == [build.BUILD_GC_THRESHOLD]
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
    gc.disable()
    try:
        build.build(seeds, tmp_path / "b")
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


class _Unpicklable:
    """An item that would fail on its way to a worker if it were pickled."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __reduce__(self):
        raise TypeError("not to be pickled")


def _tenfold(item: _Unpicklable) -> int:
    return item.n * 10


def test_workers_take_their_items_from_the_process_they_fork_from(monkeypatch):
    """No item is pickled on its way to a worker (the reports, their texts): the workers fork
    with them, in both ways of starting them; the results come back in order."""
    from generator import workers

    monkeypatch.setenv("GWR_WORKERS", "2")
    items = [_Unpicklable(n) for n in range(12)]
    assert workers.map_in_order(_tenfold, items) == [n * 10 for n in range(12)]
    assert workers.started(_tenfold, items, min_items=2)() == [n * 10 for n in range(12)]
    assert workers._work == {}  # nothing left behind for the next pool
