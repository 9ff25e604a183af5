"""Clean stage: web furniture removed by rule, every line accounted for."""

from __future__ import annotations

import pytest

from generator.clean import clean, source_lines
from generator.read import read_bytes
from tests.conftest import seed_path

# The furniture of each seed: (rule id, the removed line), exactly, in order.
FURNITURE = {
    "000": [],
    "001": [
        ("photo-caption", "市长魏建平作政府工作报告。新乡日报全媒体记者 高志勇 摄"),
        ("editor", "责编:陈玉尧 | 审核:李震 | 监审:万军伟"),
        ("icp", "京公网安备 11011402013531号"),
    ],
    "002": [
        ("nav-menu", "导航菜单"),
        ("disclaimer", None),
        ("page-address", "本文地址:/baogao/huazhong/12562.html"),
        ("comments", "留言与评论(共有 条评论)"),
        ("comments", "验证码:"),
    ],
    "003": [
        ("member-menu", "• 会员菜单加载中......"),
        ("wap-link", "• WAP手机版"),
        ("breadcrumb-label", "工作报告"),
        ("article-meta", "时间:2023-08-06 作者:中国县域 来源:政府官网 阅读:194 评论:0"),
        ("teaser", None),
        ("duplicate-title", "浚县2021年政府工作报告"),
        ("copyright", "版权所有:中国县域 QQ:1581746470"),
    ],
    "004": [
        ("article-meta", "来源: 周口市郸城县人民政府 时间: 2024-02-23 10:29:22 访问量:0"),
        ("font-size", "字体大小[ ] 打印"),
        ("share", "分享:"),
        ("editor", "责任编辑:郸城县管理员"),
    ],
}


def _cleaned(prefix):
    path = seed_path(prefix)
    source = read_bytes(path.name, path.read_bytes())
    return source, clean(source.text)


@pytest.mark.parametrize("prefix", sorted(FURNITURE))
def test_furniture_is_removed_with_its_rule(prefix):
    _, cleaned = _cleaned(prefix)
    got = [(r.rule, r.text) for r in cleaned.removed]
    assert [rule for rule, _ in got] == [rule for rule, _ in FURNITURE[prefix]]
    for (rule, text), (want_rule, want_text) in zip(got, FURNITURE[prefix]):
        if want_text is not None:
            assert " ".join(text.split()) == want_text


def test_teaser_and_disclaimer_are_whole_lines():
    _, c3 = _cleaned("003")
    teaser = next(r for r in c3.removed if r.rule == "teaser")
    assert teaser.text.startswith("内容摘要:政 府 工 作 报 告——2021年3月12日")
    _, c2 = _cleaned("002")
    disclaimer = next(r for r in c2.removed if r.rule == "disclaimer")
    assert disclaimer.text.startswith("本文仅代表作者观点,不代表本站立场。")


@pytest.mark.parametrize("prefix", sorted(FURNITURE))
def test_nothing_lost_kept_plus_removed_is_every_line(prefix):
    source, cleaned = _cleaned(prefix)
    everything = sorted((ln.no, ln.text) for ln in source_lines(source.text))
    accounted = sorted([(ln.no, ln.text) for ln in cleaned.kept] + [(r.no, r.text) for r in cleaned.removed])
    assert accounted == everything


def test_body_sentences_that_look_like_furniture_are_kept():
    text = "\n".join(["某县政府工作报告"] + ["正文第%d段。" % i for i in range(30)] + [
        "我们将分享发展成果，打印机产业园开工。", "加强版权所有者保护。"] + ["正文。"] * 20)
    cleaned = clean(text)
    kept = [ln.text for ln in cleaned.kept]
    assert "我们将分享发展成果，打印机产业园开工。" in kept
    assert "加强版权所有者保护。" in kept


def test_a_licence_note_broken_at_its_links_is_furniture():
    """Reports saved from a wiki end with its public-domain note, one line per link."""
    body = ["各位代表：", "我代表国务院，向大会报告工作。", "让我们为实现今年的目标而努力奋斗！"]
    note = ["本作品是中华人民共和国的", "法律", "、", "法规",
            "，国家机关的决议、决定、命令和其他具有立法、行政、司法性质的文件，及其官方正式译文。",
            "公有领域", "。", "注：中文维基文库社群认为，中华人民共和国公务演讲，", "不总是", "具有立法、行政、司法性质的文件。"]
    cleaned = clean("\n".join(body + note))
    assert [k.text for k in cleaned.kept] == body
    assert {r.rule for r in cleaned.removed} == {"licence"}


def test_a_copyright_word_in_the_closing_paragraphs_is_text():
    body = ["各位代表：", "加强知识产权和版权保护，营造良好创新环境。", "让我们为实现今年的目标而努力奋斗！"]
    assert [k.text for k in clean("\n".join(body)).kept] == body


@pytest.mark.parametrize("line, rule", [
    ("（政府工作报告附件二维码）", "qr-code"),
    ("扫码阅读二维码", "qr-code"),
    ("党政机关", "site-badge"),
])
def test_qr_codes_and_site_badges(line, rule):
    cleaned = clean("\n".join(["各位代表：", "我代表市人民政府向大会报告工作。", line]))
    assert [(r.rule, r.text) for r in cleaned.removed] == [(rule, line)]
