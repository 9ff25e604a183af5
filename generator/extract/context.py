# Context tracking: where each sentence of a report stands, and so what its figures are.
#
# The report is read in order (preamble, sections depth-first, then the news lead) with a
# reading part — `review` (the year under review) or `plan` (this year's work) — switched by
# headings and by the opening words of paragraphs and sentences. A sentence is a *target* when
# it belongs to the statement of the year's targets (预期目标是：, a section titled 主要预期目标,
# the paragraph after one that ends introducing them) or stands in the plan part; otherwise it
# is an *actual* in the review part. A paragraph opening on the past five years reports
# five-year results; a statement naming a five-year plan (“十四五”时期主要目标是) states that
# plan's targets.

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from generator import data
from generator.extract.numerals import arabic
from generator.extract.vocab import FULL_WIDTH, plan_forms, year_word
from generator.model import Block, Report, Section


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report with the reading it gets: a result or a target, and what
    its period is taken from."""

    text: str  # as written
    clean: str  # full-width digits and signs made ASCII, Chinese numerals Arabic
    anchor: str  # the sentence's anchor on the report page
    kind: str  # actual | target
    stated: bool  # part of the statement of the year's targets
    five_years: bool  # in a paragraph that opens on the past five years
    plan_span: str | None  # the five-year plan a statement of targets is for (十四五)
    titles: str  # the titles of the sections it stands in
    source: str  # body | lead

    @property
    def context(self) -> str:
        """The words a five-year period is looked for in: the sentence, its section titles
        and the plan of the statement it belongs to."""
        span = f" {plan_forms(self.plan_span)[0]}" if self.plan_span else ""
        return self.clean + " " + self.titles + span


@dataclass(frozen=True)
class Group:
    """Blocks read together: the preamble, or the paragraphs of one section."""

    heading: str | None  # the section heading (None for the preamble)
    titles: str
    blocks: list[Block]
    stated: bool  # the section states the targets (its title says 预期目标)
    plan_span: str | None = None  # the five-year plan whose targets the section states


def switch(text: str, current: str, year: int | None, review: int | None, heading: bool) -> str:
    """The reading part after a heading or a paragraph's first line."""
    c = data.load("indicators")
    head = text if heading else text[:16]
    if not heading and re.search(c["met_cue"], text[:24]):
        return current  # 2024年主要目标任务圆满完成: the review goes on
    cues = [w for w in c["plan_cues"] if w in head]
    if cues and not heading and all(w in c["plan_cues_stating"] for w in cues):
        names_year = any(w in head for w in c["plan_openers"]) or bool(year and year_word(year) in head)
        stating = any(re.match(c["stating_after"], text[text.find(w) + len(w):]) for w in cues)
        if not (names_year or stating):
            cues = []
    if cues or (year and text.startswith(tuple(w.format(year=year) for w in c["plan_year_openers"]))):
        return "plan"
    if not heading and year and _opens_on_coming_plan(head, year):
        return "plan"  # “十四五”时期是开启……的第一个五年 (in the 2021 report)
    if any(w in head for w in c["review_cues"]) or (review and text.startswith(year_word(review))):
        return "review"
    return current


def _plan_span(heading: str) -> str | None:
    # The five-year plan a heading states the targets of: the plan period named last before
    # its targets cue (二、“十三五”时期发展成就和“十四五”时期主要目标任务 → 十四五).
    c = data.load("indicators")
    at = min((heading.find(w) for w in c["plan_target_headings"] if w in heading), default=-1)
    if at < 0:
        return None
    named = [(m.start(), name) for name in c["plans"]
             for m in re.finditer(c["plan_span"].format(name=name), heading[:at])]
    return max(named)[1] if named else None


def _opens_on_coming_plan(head: str, year: int) -> bool:
    """A paragraph that opens on the period of a plan starting this year or later."""
    c = data.load("indicators")
    return any(start >= year and head.startswith(tuple(f.format(name=name) for f in c["plan_period_openers"]))
               for name, (start, _) in c["plans"].items())


def _groups(report: Report) -> Iterator[Group]:
    yield Group(None, "", report.preamble, False)

    def walk(sections: list[Section], titles: str) -> Iterator[Group]:
        for s in sections:
            t = titles + " " + s.title
            yield Group(s.text, t, s.blocks, any(w in s.text for w in data.load("indicators")["target_headings"]), _plan_span(s.text))
            yield from walk(s.children, t)

    yield from walk(report.sections, "")


@dataclass
class _Reading:
    """The state of the reading inside one block, advanced sentence by sentence."""

    part: str
    stated: bool
    section_span: str | None = None  # the plan whose targets the section states
    plan_span: str | None = None
    planned: bool = False  # this sentence states this year's plan (今年计划……)

    def __post_init__(self) -> None:
        self.plan_span = self.section_span

    def advance(self, clean: str, year: int | None) -> None:
        c = data.load("indicators")
        cue = any(w in clean for w in c["target_cues"]) and not re.search(c["achieved_cue"], clean)
        this_year = any(w in clean for w in c["this_year_words"]) or bool(year and year_word(year) in clean)
        self.planned = this_year and any(w in clean for w in c["this_year_target_cues"])
        if cue and (self.part != "review" or this_year):
            self.stated = True
            cue_at = min(clean.find(w) for w in c["target_cues"] if w in clean)
            self.plan_span = next((name for name in sorted(c["plans"], key=len, reverse=True)
                                   if re.search(c["plan_span"].format(name=name), clean[:cue_at])), self.section_span)
        # A sentence opening on 过去一年 / 今年 switches the reading for the rest of the block.
        if any(clean.startswith(w) for w in c["review_openers"]):
            self.part, self.stated = "review", False
        elif any(clean.startswith(w) for w in c["plan_openers"]):
            self.part = "plan"

    def kind(self) -> str | None:
        if self.stated or self.part == "plan" or self.planned:
            return "target"
        return "actual" if self.part == "review" else None


def _block(block: Block, part: str, titles: str, source: str, stated: bool, year: int | None,
           plan_span: str | None = None) -> tuple[list[Sentence], bool]:
    # The sentences of a block that give figures, and whether the block ends by introducing
    # the targets (……预期目标是：), so that the next block states them.
    spans = block.sentences()
    texts = [sent for _, sent, _ in spans]
    five_years = bool(texts) and any(w in texts[0] for w in data.load("indicators")["five_years_words"])
    reading = _Reading(part, stated, plan_span)
    out = []
    for _, sent, anchor in spans:
        clean = arabic(sent.translate(FULL_WIDTH))
        reading.advance(clean, year)
        kind = reading.kind()
        if kind:
            out.append(Sentence(sent, clean, anchor, kind, reading.stated, five_years, reading.plan_span,
                                titles, source))
    return out, bool(texts) and reading.stated and texts[-1].rstrip().endswith(("：", ":"))


def sentences(report: Report) -> Iterator[Sentence]:
    """Every sentence that can give figures, in reading order: the body, then the news lead
    (a lead that repeats the body's figures adds nothing)."""
    year, review = report.meta.year, report.meta.review_year
    part = "review" if report.meta.completeness != "excerpt" else "plan"
    for group in _groups(report):
        if group.heading is not None:
            part = switch(group.heading, part, year, review, heading=True)
        carry = False
        for b in group.blocks:
            if b.lines:
                part = switch(b.lines[0], part, year, review, heading=False)
            found, carry = _block(b, part, group.titles, "body", group.stated or carry, year, group.plan_span)
            yield from found
    for b in report.lead:
        yield from _block(b, "", "", "lead", False, year)[0]
