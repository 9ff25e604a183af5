"""Bad input never breaks the site, loses text or reaches the reader as code.

A seeds folder holding the five real reports plus one fixture for each kind of bad input,
all written here, is built end to end."""

from __future__ import annotations

import pickle
import html as html_lib
import re
import shutil
import socket
import sys

import pytest

from generator.clean import clean, source_lines
from generator.read import read_bytes
from tests.conftest import ROOT, files_of, SEEDS, SEED_IDS, build_site, copy_project, page_text, run, seed_path, shared_cache


def _report(region: str, year: int, body: str = "") -> str:
    return (
        f"{region}{year}年政府工作报告\n"
        f"——{year}年1月10日在{region}第十届人民代表大会第三次会议上\n"
        f"{region}人民政府县长 张三\n"
        "各位代表：\n"
        f"一、{year - 1}年工作回顾\n"
        f"过去一年，全县地区生产总值增长6%，固定资产投资增长5%。{body}\n"
        f"二、{year}年主要预期目标\n"
        "主要预期目标是：地区生产总值增长6.5%左右，城镇调查失业率5.5%以内。\n"
    )


INJECTION = (
    "<script>alert(1)</script>\n"
    "<img src=x onerror=alert(2)>\n"
    "模板语法{{ x }}与{% raw %}不会执行。\n"
    "# 这不是标题\n"
    "| 这不是表格 | 单元格 |\n"
    "*这不是强调*，[链接](javascript:alert(3))不能点。\n"
    "<!-- 注释也要原样显示 -->\n"
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + bytes(64)

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>内黄县2024年政府工作报告_内黄县人民政府</title>
<style>body{color:red}</style><script>var tracker = 1;</script></head><body>
<nav>首页 | 政务公开 | 工作报告</nav>
<div class="article"><h1>内黄县2024年政府工作报告</h1>
<p>——2024年1月12日在内黄县第十六届人民代表大会第三次会议上</p>
<p>各位代表：</p><p>一、2023年工作回顾</p>
<p>过去一年，全县地区生产总值增长5.8%。</p>
<p>二、2024年主要预期目标</p><p>主要预期目标是：地区生产总值增长6%左右。</p></div>
<footer>版权所有 内黄县人民政府</footer></body></html>"""


def fixtures() -> dict[str, bytes]:
    unit = "各地坚持稳中求进，推动高质量发展，地区生产总值稳步增长。"
    # One line of over a megabyte (twenty reports' worth): no line breaks to split on anywhere.
    long_text = "滑县2024年政府工作报告。" + unit * (1_000_000 // len(unit.encode("utf-8")) + 1)
    return {
        "林州 报告.txt": _report("林州市", 2024).encode("gb18030"),
        "安阳县.txt": _report("安阳县", 2023).encode("utf-16"),
        "汤阴县-bom.txt": b"\xef\xbb\xbf" + _report("汤阴县", 2024).encode("utf-8"),
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n\xe3\x80\x80\n",
        "photo.txt": PNG,
        "内黄县 saved page.html": HTML.encode("utf-8"),
        "injection.txt": _report("文峰区", 2024, body="").replace("各位代表：\n", "各位代表：\n" + INJECTION).encode("utf-8"),
        "one line.txt": long_text.encode("utf-8"),
        "浚县 副本.txt": seed_path("003").read_bytes(),
        "a..b.txt": _report("北关区", 2024).encode("utf-8"),
        "unknown.txt": "政府工作报告\n各位代表：\n过去一年，我们做了很多工作。\n".encode("utf-8"),
    }


SIDECARS = {
    "汤阴县-bom.yml": "region: [unclosed\n",
    "林州 报告.yml": "mayor: 张三\nspeaker: 李四\n",
}


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("seeds")
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, seeds / p.name)
    for name, data in fixtures().items():
        (seeds / name).write_bytes(data)
    for name, text in SIDECARS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    project = copy_project(tmp_path_factory.mktemp("fixture-project"), seeds)
    gen = run([sys.executable, "-m", "generator", "build"], project, cache=shared_cache(tmp_path_factory))
    site = run([sys.executable, "-m", "mkdocs", "build", "--strict"], project)
    return project, gen, site


def test_build_succeeds_and_names_each_bad_file_once(fixture_project):
    project, gen, site = fixture_project
    err = gen.stderr
    assert "Traceback" not in err + gen.stdout
    lines = err.strip().splitlines()
    assert any(l.startswith("error: empty.txt: 文件为空或只有空白") for l in lines)
    assert any(l.startswith("error: blank.txt: 文件为空或只有空白") for l in lines)
    assert any(l.startswith("error: photo.txt: 二进制文件") for l in lines)
    assert any(l.startswith("note: 浚县 副本.txt: 与 003_75247fd8577e948a.txt 内容相同，只发布一次") for l in lines)
    assert any("汤阴县-bom.yml: 侧车文件不是有效的 YAML" in l for l in lines)
    assert any("林州 报告.yml: 未知字段“mayor”，已忽略" in l for l in lines)
    unknown = [l for l in lines if l.startswith("warning: unknown.txt")]
    assert "warning: unknown.txt: 无法识别报告所属地区（标题块、文件名和正文都没有写明） " \
           "(fix: 在 seeds/unknown.yml 中写一行 region: 地区全称（如 河南省、新乡市、淇县）)" in unknown
    # No year anywhere in the text: the hint does not invent one.
    assert "warning: unknown.txt: 无法识别报告年度，页面上不标年份 (fix: 在 seeds/unknown.yml 中写一行 year: 报告所在的年份)" in unknown
    for name in ("empty.txt", "blank.txt", "photo.txt"):
        assert sum(name in l for l in lines) == 1
    assert "WARNING" not in site.stdout + site.stderr


def test_build_report_page_lists_the_problems(fixture_project):
    project, _, _ = fixture_project
    text = page_text(project / "site" / "build-report" / "index.html")
    for needle in ("empty.txt", "photo.txt", "二进制文件", "浚县 副本.txt", "未知字段“mayor”", "unknown.txt"):
        assert needle in text


def test_good_files_build_in_every_encoding(fixture_project):
    project, _, _ = fixture_project
    import json

    data = json.loads((project / "site" / "data" / "reports.json").read_text(encoding="utf-8"))
    regions = {r["region"]: r for r in data}
    for name in ("林州市", "安阳县", "汤阴县", "内黄县", "文峰区", "北关区"):
        assert name in regions, name
    assert regions["林州市"]["speaker"] == "李四"  # the sidecar's valid field still applies
    assert regions["内黄县"]["year"] == 2024
    assert len([r for r in data if r["region"] == "浚县"]) == 1  # the duplicate is published once
    assert len(data) == 5 + 8  # seeds + 林州 安阳 汤阴 内黄 淇滨 鹤山 + the long line + unknown


def test_the_five_real_reports_are_untouched(fixture_project, site):
    project, _, _ = fixture_project
    for rid in SEED_IDS.values():
        ours = (project / "docs" / "reports" / f"{rid}.md").read_text(encoding="utf-8")
        alone = (site / "docs" / "reports" / f"{rid}.md").read_text(encoding="utf-8")
        assert ours == alone, rid


def test_injection_is_shown_literally_and_never_runs(fixture_project):
    project, _, _ = fixture_project
    rid = next(p.stem for p in (project / "docs" / "reports").glob("*.md") if "文峰区" in p.read_text(encoding="utf-8")[:400])
    html = (project / "site" / "reports" / rid / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "<script>alert(1)</script>" not in article
    assert "<script>alert(1)</script>" in html_lib.unescape(article)  # as text: escaped in the HTML
    assert "<img" not in article
    assert "javascript:" not in re.sub(r"&[a-z]+;", "", "".join(re.findall(r'href="([^"]*)"', article)))
    text = page_text(project / "site" / "reports" / rid / "index.html")
    for literal in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "{{ x }}", "{% raw %}",
                    "# 这不是标题", "| 这不是表格 | 单元格 |", "*这不是强调*", "[链接](javascript:alert(3))", "<!-- 注释也要原样显示 -->"):
        assert literal.replace(" ", "") in text.replace(" ", "").replace("（", "(").replace("）", ")").replace("，", ",") or literal in text, literal
    assert "<!--" not in article.replace("&lt;!--", "")


def test_html_page_text_is_taken_and_its_furniture_logged(fixture_project):
    project, _, _ = fixture_project
    rid = next(p.stem for p in (project / "docs" / "reports").glob("*.md") if "内黄县" in p.read_text(encoding="utf-8")[:300])
    text = page_text(project / "site" / "reports" / rid / "index.html")
    assert "过去一年，全县地区生产总值增长5.8%。" in text
    assert "var tracker" not in text and "首页 | 政务公开" not in text
    log = page_text(project / "site" / "logs" / rid / "index.html")
    assert "var tracker = 1;" in log and "首页 | 政务公开 | 工作报告" in log and "版权所有 内黄县人民政府" in log


def test_ids_are_ascii_unique_and_files_stay_inside_docs(fixture_project):
    project, _, _ = fixture_project
    ids = [p.stem for p in (project / "docs" / "reports").glob("*.md")]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)
    raw = sorted(p.name for p in (project / "docs" / "raw").iterdir())
    assert all(re.fullmatch(r"[a-z0-9-]+\.(txt|html|docx|pdf)", n) for n in raw)
    # Nothing was written next to the project but docs/ and site/.
    assert sorted(p.name for p in project.iterdir()) == ["docs", "generator", "mkdocs.yml", "overrides", "seeds", "site"]


def test_check_validates_without_writing(fixture_project, tmp_path, tmp_path_factory):
    project, _, _ = fixture_project
    proc = run([sys.executable, "-m", "generator", "check", "--seeds", str(project / "seeds")], tmp_path, check=False,
               pythonpath=ROOT, cache=shared_cache(tmp_path_factory))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "13 reports usable, 3 files unusable" in proc.stdout
    assert list(tmp_path.iterdir()) == []


def test_build_exits_non_zero_only_with_strict(fixture_project, tmp_path, tmp_path_factory):
    project, loose, _ = fixture_project  # the fixture's own build of these seeds, without --strict
    out = tmp_path / "docs"
    cmd = [sys.executable, "-m", "generator", "build", "--seeds", str(project / "seeds"), "--docs", str(out), "-q"]
    strict = run(cmd + ["--strict"], tmp_path, check=False, pythonpath=ROOT, cache=shared_cache(tmp_path_factory))
    assert (loose.returncode, strict.returncode) == (0, 1)
    good = run([sys.executable, "-m", "generator", "build", "--seeds", str(SEEDS), "--docs", str(tmp_path / "d2"), "--strict", "-q"],
               tmp_path, check=False, pythonpath=ROOT, cache=shared_cache(tmp_path_factory))
    assert good.returncode == 0


@pytest.mark.parametrize("name", sorted(fixtures()))
def test_nothing_lost_on_every_fixture(name):
    data = fixtures()[name]
    try:
        source = read_bytes(name, data)
    except Exception as exc:  # unusable files are rejected with a reason, not lost silently
        assert exc.__class__.__name__ == "InputError"
        return
    cleaned = clean(source.text)
    everything = sorted((ln.no, ln.text) for ln in source_lines(source.text))
    accounted = sorted([(ln.no, ln.text) for ln in cleaned.kept] + [(r.no, r.text) for r in cleaned.removed])
    assert accounted == everything


def test_build_makes_no_network_access(monkeypatch, tmp_path):
    from generator.build import build

    def refuse(*a, **k):
        raise AssertionError("network access during a build")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = build(SEEDS, tmp_path / "docs")
    assert len(result.reports) == 5


def test_two_builds_are_identical(site, tmp_path):
    """Same seeds → byte-identical docs/, and an identical site/ (SOURCE_DATE_EPOCH)."""
    again = copy_project(tmp_path / "again")
    build_site(again)


    assert files_of(site / "docs") == files_of(again / "docs")
    a, b = files_of(site / "site"), files_of(again / "site")
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []


def test_an_error_that_cannot_be_pickled_comes_back_from_a_worker_by_name():
    from generator import workers
    from generator.model import internal_error

    class Odd(Exception):
        def __init__(self, a, b):
            super().__init__(f"{a}/{b}")

    err = workers.portable(Odd(1, 2))
    assert isinstance(err, workers.WorkerError)
    back = pickle.loads(pickle.dumps(err))
    assert internal_error("x.txt", "render", back).reason == internal_error("x.txt", "render", Odd(1, 2)).reason
