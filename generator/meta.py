"""Metadata detection: region, level, year, meeting, date, speaker, completeness.

Reads only the parts of a report where a publisher states them (title block, news lead,
closing imprint, headings), never arbitrary body sentences: a body line such as
「县十四届人大四次会议确定的目标任务」 names the previous meeting, not this one.
"""

from __future__ import annotations

import re

from generator import data, regions
from generator.model import Meta, Report
from generator.parse import Parsed

def _cfg() -> dict:
    return data.load("metadata")


def meeting(texts: list[str]) -> str | None:
    """第十四届人民代表大会第三次会议, from the full or the abbreviated form."""
    cfg = _cfg()
    for text in texts:
        for key in ("meeting_full", "meeting_short"):
            m = data.regex(cfg[key]).search(text)
            if m:
                return f"第{m.group('term')}届人民代表大会第{m.group('session')}次会议"
    return None


def _date(texts: list[str]) -> tuple[int, int, int] | None:
    for text in texts:
        m = data.regex(_cfg()["date"]).search(text)
        if m:
            return int(m["y"]), int(m["m"]), int(m["d"])
    return None


def speaker(texts: list[str]) -> tuple[str | None, str | None]:
    pat = data.regex(_cfg()["speaker"])
    for text in texts:
        m = pat.match(text)
        if m:
            return re.sub(r"\s+", "", m.group("name")), m.group("title")
    return None, None


def _years_from_headings(titles: list[str]) -> tuple[int | None, int | None]:
    cfg = _cfg()
    review = plan = None
    for t in titles:
        if review is None and (m := data.regex(cfg["review_heading"]).search(t)):
            review = int(m["y"])
        if plan is None and (m := data.regex(cfg["plan_heading"]).search(t)):
            plan = int(m["y"])
    return review, plan


def detect(parsed: Parsed, report_text: str, headings: list[str], closing: list[str]) -> Meta:
    cfg = _cfg()
    head = parsed.head_raw
    lead_text = [b.lines[0] for b in parsed.lead if b.lines]
    stated = head + lead_text + closing  # where a publisher states the facts

    meta = Meta()
    # Region: the title block first, then the lead, then the closing imprint.
    is_nation = any(w in " ".join(head) for w in cfg["nation_words"])
    if is_nation:
        meta.region, meta.region_code, meta.level = "全国", "000000", "nation"
    else:
        div = regions.locate(head + lead_text + closing, context=report_text[:3000])
        if div:
            meta.region, meta.region_code, meta.level = div.name, div.code, div.level
            anc = regions.ancestors(div)
            meta.province = next((a.name for a in anc if a.level == "province"), None)
            meta.city = next((a.name for a in anc if a.level == "city"), None)
            if div.level == "province":
                meta.province = div.name
            if div.level == "city":
                meta.city = div.name

    meta.meeting = meeting(stated)
    name, title = speaker(head)
    meta.speaker, meta.speaker_title = name, title

    # Date: a full date in the meeting line or title; else the opening day in the lead.
    ymd = _date(head) or _date(closing[-1:] if closing else [])
    year_hint = None
    if ymd is None:
        m = re.search(r"((19|20)\d{2})年", " ".join(head + lead_text))
        year_hint = int(m.group(1)) if m else None
    review, plan = _years_from_headings(headings)
    if ymd is None and lead_text:
        m = data.regex(cfg["meeting_days"]).search(" ".join(lead_text))
        year = plan or (review + 1 if review else None) or year_hint
        if m and year:
            ymd = (year, int(m["m"]), int(m["d"]))
    if ymd:
        meta.date = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"

    # Year of the report: the delivery date, the title, the plan headings, the review + 1.
    title_year = None
    for text in head:
        if m := re.search(r"((19|20)\d{2})年", text):
            title_year = int(m.group(1))
            break
    meta.year = (ymd[0] if ymd else None) or title_year or plan or (review + 1 if review else None)
    if meta.year is None and (m := re.search(r"((19|20)\d{2})年(工作)?回顾", report_text)):
        meta.year = int(m.group(1)) + 1
    meta.review_year = review if review else (meta.year - 1 if meta.year else None)

    # Completeness.
    stated_text = " ".join(head + lead_text[:1])
    if any(w in stated_text for w in cfg["excerpt_words"]):
        meta.completeness = "excerpt"
    elif any(w in stated_text for w in cfg["summary_words"]):
        meta.completeness = "summary"
    elif parsed.numbered_top and parsed.numbered_top[0] != "一":
        meta.completeness = "excerpt"  # starts with part 三: only a part of the report
    else:
        meta.completeness = "full"

    meta.title = display_title(meta)
    return meta


def display_title(meta: Meta) -> str:
    region = meta.region or "未知地区"
    year = f"{meta.year}年" if meta.year else ""
    if meta.level == "nation":
        region = "国务院"
    suffix = {"summary": "（摘要）", "excerpt": "（节选）"}.get(meta.completeness, "")
    return f"{region}{year}政府工作报告{suffix}"


def is_resolution(report: Report) -> bool:
    text = " ".join(report.head) + " " + report.meta.title
    return any(w in text for w in data.load("metadata")["resolution_words"])
