"""Whole report or digest (摘编), by the shape of the text: generator/digest.py."""

from __future__ import annotations

from generator import digest
from generator.build import process
from tests.conftest import SEED_IDS, SEEDS, page_text, seed_path


def test_dancheng_is_a_digest_by_its_shape():
    # 郸城 2024: no 各位代表, no 我代表, no meeting line or speaker; slogans as short lines
    # (2023年，在县委的坚强领导下 / 我们锚定“两个确保” / …), 5,184 characters.
    report, problems = process(seed_path("004"), SEEDS)
    s = digest.shape(report)
    assert (s.speech, s.title_block, s.chars) == ([], False, 5184)
    assert s.slogan_lines == 14
    assert s.is_digest
    assert report.meta.completeness == "digest"
    assert report.meta.title == "郸城县2024年政府工作报告（摘编）"
    assert report.meta.sources["completeness"] == "text"
    assert [(p.severity, p.reason, p.fix) for p in problems] == [(
        "note",
        "正文没有报告人的讲话口吻（没有“各位代表”“我代表……”），且没有写明会议和报告人的标题块、14 行口号式短句、"
        "全文只有 5,184 字：这是新闻稿式的摘编，不是报告全文，标为“摘编”",
        "如果这确是报告全文，在 seeds/004_6b15612813879960.yml 中写一行 completeness: full")]


def test_whole_reports_speak_to_the_congress():
    # 新乡 2025 and 浚县 2021 open with 各位代表： and 我代表市（县）人民政府.
    for prefix, first in (("001", "各位代表"), ("003", "各位代表")):
        report, _ = process(seed_path(prefix), SEEDS)
        s = digest.shape(report)
        assert s.speech[0] == first and "我代表" in s.speech
        assert not s.is_digest and report.meta.completeness == "full"


def test_stated_completeness_is_kept():
    # 淇县 (……政府工作报告摘要) and 郾城 (from part 三) say what they are: no digest label.
    assert process(seed_path("000"), SEEDS)[0].meta.completeness == "summary"
    assert process(seed_path("002"), SEEDS)[0].meta.completeness == "excerpt"


def test_a_sidecar_says_it_is_whole(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    src = seed_path("004")
    (seeds / src.name).write_bytes(src.read_bytes())
    (seeds / (src.stem + ".yml")).write_text("completeness: full\n", encoding="utf-8")
    report, problems = process(seeds / src.name, seeds)
    assert report.meta.completeness == "full" and report.meta.title == "郸城县2024年政府工作报告"
    assert not [p for p in problems if "摘编" in p.reason]


def test_file_name_states_the_completeness(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = seed_path("001").read_text(encoding="utf-8")
    (seeds / "新乡市2025年政府工作报告（摘编）.txt").write_text(text, encoding="utf-8")
    report, problems = process(seeds / "新乡市2025年政府工作报告（摘编）.txt", seeds)
    assert report.meta.completeness == "digest" and report.meta.sources["completeness"] == "filename"
    assert [p.reason for p in problems if p.severity == "note" and "摘编" in p.reason] == ["文件名写明是摘编，标为“摘编”"]


def test_digest_page_and_build_report(site):
    page = page_text(site / "site" / "reports" / SEED_IDS["004"] / "index.html")
    assert "郸城县2024年政府工作报告（摘编）" in page
    assert "文本 摘编 · 原文简体 · 5,184 字" in " ".join(page.split())
    assert "本页是网站或媒体对报告的摘编（新闻稿式的改写），不是报告原文" in page
    report = page_text(site / "site" / "build-report" / "index.html")
    assert "这是新闻稿式的摘编，不是报告全文，标为“摘编”" in report
