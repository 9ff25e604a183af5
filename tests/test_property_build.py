"""Whole-build property test: generated collections of 1–8 reports of random shapes (title
blocks or none, headings, targets, missing year or region, sidecars with valid and invalid
values, duplicate texts, odd file names) always build, with no internal error; every file is
published, refused with a reason or named as a duplicate; every input line reaches a page or
the log; and two builds in two processes give byte-identical output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.clean import source_lines
from tests.conftest import ROOT

REGIONS = ["淇县", "新乡市", "鼓楼区", "火星县", "河南省", "", "郑州市航空港区管委会"]
YEARS = [None, 1998, 2019, 2024, 2025]
NAMES = st.sampled_from(["a.txt", "报告 副本.txt", "-lead.txt", "a..b.txt", "x" * 80 + ".txt", "淇县2024.txt",
                         "新乡市政府工作报告_2025年.txt", "（摘要）.txt", "report.html", "空格 .txt"])
HEADINGS = st.sampled_from(["一、{r}年工作回顾", "二、{y}年工作安排", "（一）坚持稳中求进", "1. 加快发展", "过去一年工作回顾",
                            "一是经济运行持续向好，地区生产总值增长5%。", "名 词 解 释", "附件", "结束语"])
BODY = st.sampled_from([
    "全县地区生产总值增长{g}%，一般公共预算收入增长3%。",
    "{y}年主要预期目标是：地区生产总值增长{g}%左右，城镇新增就业1.2万人。",
    "城镇、农村常住居民人均可支配收入分别增长4.4%、5.9%。",
    "一般公共预算收入从7248亿元提高到8865亿元。",
    "来源：某某县人民政府 时间：2024-02-23 10:29",
    "下载 打印 全屏 收藏 【字号： 加大 还原 减小 】",
    "<script>alert(1)</script>*强调*[链](javascript:x)",
    "认真贯彻《", "证券法", "》，规范和发展证券市场。",
])


@st.composite
def report(draw):
    region, year = draw(st.sampled_from(REGIONS)), draw(st.sampled_from(YEARS))
    g = draw(st.integers(min_value=-3, max_value=15))
    y, r = (year or 2024), (year or 2024) - 1
    lines = []
    if draw(st.booleans()):
        lines.append(f"{year or ''}年{region}政府工作报告" if year else f"{region}政府工作报告")
    if draw(st.booleans()):
        lines.append(f"——{y}年1月10日在{region}第十届人民代表大会第三次会议上")
    if draw(st.booleans()):
        lines.append("各位代表：")
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        kind = draw(st.sampled_from(["heading", "body", "body"]))
        template = draw(HEADINGS if kind == "heading" else BODY)
        lines.append(template.format(y=y, r=r, g=g))
    return "\n".join(lines) + "\n"


SIDECAR = st.dictionaries(
    st.sampled_from(["region", "year", "date", "title", "parent", "level", "mayor", "id"]),
    st.sampled_from(["", "淇县", "鼓楼区", "新乡火星区", 2024, 3000, "2024-02-30", "2024-02-20", "<b>x</b>", "x-1",
                     "county", None, True]),
    max_size=4)


@st.composite
def collection(draw):
    files: dict[str, bytes] = {}
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        name = draw(NAMES)
        if name in files:
            name = f"{len(files)}{name}"
        text = draw(report())
        if files and draw(st.integers(min_value=0, max_value=5)) == 0:
            text = next(iter(files.values())).decode("utf-8")  # a duplicate
        files[name] = text.encode("utf-8")
        sidecar = draw(SIDECAR)
        if sidecar:
            import yaml

            files[Path(name).with_suffix(".yml").name] = yaml.safe_dump(sidecar, allow_unicode=True).encode("utf-8")
    return files


def _write(seeds: Path, files: dict[str, bytes]) -> None:
    seeds.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (seeds / name).write_bytes(data)


PROPS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


@PROPS
@given(collection())
def test_any_collection_builds_and_accounts_for_every_file_and_line(tmp_path_factory, files):
    tmp = tmp_path_factory.mktemp("c")
    _write(tmp / "seeds", files)
    result = build(tmp / "seeds", tmp / "docs")
    assert [p for p in result.problems if "内部错误" in p.reason] == []
    published = {Path(r.source.path).name for r in result.reports}
    named = {p.file for p in result.problems}
    for name in files:
        if name.endswith(".yml"):
            continue
        assert name in published or name in named, name
    for r in result.reports:
        accounted = {ln.text for ln in r.cleaned.kept} | {x.text for x in r.cleaned.removed}
        for line in source_lines(r.source.text):
            assert line.text in accounted, (r.source.path, line.text)
        assert (tmp / "docs" / "reports" / f"{r.meta.id}.md").exists()


_COUNTING_POOLS = """
import sys
from pathlib import Path
from generator import render, workers
from generator.build import build
pools, real = [], workers.ProcessPoolExecutor
workers.ProcessPoolExecutor = lambda *a, **k: pools.append(a) or real(*a, **k)
workers.MIN_ITEMS = render.KINDS_APART_FROM = 1
build(Path(sys.argv[1]), Path(sys.argv[2]))
print(len(pools))
"""


def _build_in_process(project: Path, seed: str, workers: int) -> tuple[dict[str, bytes], int]:
    """A build in a new process with its own hash seed, on `workers` processes whatever the
    number of files (pools otherwise start only from workers.MIN_ITEMS files, the collection
    pages' from render.KINDS_APART_FROM reports): the files
    it wrote, and the number of worker pools it started."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed, GWR_WORKERS=str(workers))
    proc = subprocess.run([sys.executable, "-c", _COUNTING_POOLS, str(project / "seeds"), str(project / f"docs{seed}")],
                          env=env, check=True, capture_output=True, text=True)
    docs = project / f"docs{seed}"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}, \
        int(proc.stdout.split()[-1])


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(collection())
def test_two_builds_in_two_processes_are_byte_identical(tmp_path_factory, files):
    """Other hash seeds, and one process against two worker processes: the same bytes."""
    tmp = tmp_path_factory.mktemp("d")
    _write(tmp / "seeds", files)
    (first, alone), (second, pools) = _build_in_process(tmp, "1", workers=1), _build_in_process(tmp, "2", workers=2)
    assert alone == 0
    if len([name for name in files if not name.endswith(".yml")]) >= 2:
        assert pools > 0  # the second build's per-report work did run in worker processes
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
