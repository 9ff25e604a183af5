"""Escaping by construction: every metadata field, from a sidecar or detected in the text,
and the text itself, filled with markup, Markdown, template syntax and javascript: links,
reaches every generated page and data file only as literal text."""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.conftest import build_site, copy_project, page_text


# What a publisher line can carry (no spaces or brackets: the provenance patterns stop there).
PUBLISHER = "<b>粗publisher</b>*星*{{7*7}}`码`"


def payload(tag: str) -> str:
    return f"*火星{tag}*<b>粗{tag}</b>[链{tag}](javascript:alert('{tag}')){{{{ 7*7 }}}}{{% raw %}}|`码{tag}` {{: .evil{tag} }}"


SIDECAR_FIELDS = ("title", "region", "meeting", "speaker", "speaker_title", "province", "city")


def _report() -> str:
    return (
        f"来源：{PUBLISHER}\n"
        f"本文地址：https://example.org/{payload('address')}\n"
        "红旗区2025年政府工作报告\n各位代表：\n"
        f"现在，我代表区人民政府向大会报告工作。{payload('text')}\n"
        "一、2024年工作回顾\n2024年，全区地区生产总值增长5.5%，一般公共预算收入增长3%。\n"
        f"二、{payload('heading')}\n2025年主要预期目标是：地区生产总值增长6%左右。\n"
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("seeds")
    (seeds / "红旗区2025.txt").write_text(_report(), encoding="utf-8")
    lines = [f"{k}: {json.dumps(payload(k), ensure_ascii=False)}" for k in SIDECAR_FIELDS]
    lines += ["parent: 新乡市", "date: 2025-01-20", "year: 2025", "id: hongqi-2025"]
    (seeds / "红旗区2025.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = copy_project(tmp_path_factory.mktemp("project"), seeds)
    build_site(project)
    return project


STRUCTURE = [
    r"<b>粗", r"\]\(javascript", r"\{: \.evil", r"\*火星", r"`码", r"<b>",
]


def test_no_generated_markdown_holds_a_field_as_markup(project):
    docs = project / "docs"
    pages = sorted(docs.rglob("*.md"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # Front matter is data (YAML), except what the theme prints: title and description.
        if text.startswith("---\n"):
            front, text = text[4:].split("\n---\n", 1)
            shown = "\n".join(ln for ln in front.splitlines() if ln.startswith(("title:", "description:")))
            text = shown + "\n" + text
        for pattern in STRUCTURE:
            assert not re.search(pattern, text), (page.relative_to(docs), pattern)


def test_no_built_page_runs_or_structures_a_field(project):
    site = project / "site"
    for page in sorted(site.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        assert "<b>粗" not in raw, page
        # (the theme's own share button is href="javascript:void(0)")
        assert not re.search(r"""href=["']?\s*javascript:(?!void\(0\))""", raw, re.I), page
        assert "evil" not in " ".join(re.findall(r'class="([^"]*)"', raw)), page
        assert "<em>火星" not in raw and "<code>码" not in raw, page


def test_every_field_is_shown_literally_on_the_report_page(project):
    text = page_text(project / "site" / "reports" / "hongqi-2025" / "index.html")
    assert PUBLISHER in text
    for tag in ("title", "region", "meeting", "speaker", "text", "heading"):
        assert payload(tag) in text or payload(tag).replace(" ", "") in text.replace(" ", ""), tag
    # The browser tab and the navigation show the title as text too.
    raw = (project / "site" / "reports" / "hongqi-2025" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", raw, re.S).group(1)
    assert "<b>" not in title and payload("title") in html.unescape(title)


def test_data_files_hold_the_values_as_data(project):
    records = json.loads((project / "docs" / "data" / "reports.json").read_text(encoding="utf-8"))
    [rec] = records
    for k in ("title", "meeting", "speaker", "speaker_title", "region", "province", "city"):
        assert rec[k] == payload(k), k
    assert rec["publisher"] == PUBLISHER
