"""The data contracts between pipeline stages."""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from generator import cache, data, messages

Script = Literal["hans", "hant"]
Level = Literal["nation", "province", "city", "county", "district"]
Completeness = Literal["full", "summary", "excerpt", "digest"]


class InputError(Exception):
    """A problem with one input file: reported in one line, never as a traceback."""

    def __init__(self, reason: str, fix: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


@dataclass(frozen=True)
class Problem:
    """One line of the build report: a file and what is wrong with it."""

    file: str
    reason: str
    fix: str | None = None
    severity: Literal["error", "warning", "note"] = "error"

    def __str__(self) -> str:
        text = f"{self.file}: {self.reason}"
        return f"{text} (fix: {self.fix})" if self.fix else text


def internal_error(label: str, stage: str, exc: BaseException) -> Problem:
    """The build report's line for an unexpected error met by one report in one stage (the
    stages as named in messages.yml)."""
    where = messages.say("report.internal_where", stage=messages.group("stage").get(stage, stage)) if stage else ""
    return Problem(label, messages.say("report.internal_error", where=where, error=f"{getattr(exc, 'kind', exc.__class__.__name__)}: {exc}"),
                   messages.say("report.internal_error_fix"))


class Guard:
    """One report's failures in a collection-wide stage (link, render): an unexpected error
    costs that report only. `failed`: id of the report → (the report, its Problem)."""

    def __init__(self, stage: str):
        self.stage = stage
        self.failed: dict[int, tuple[object, Problem]] = {}

    def record(self, report, exc: Exception) -> None:
        """An unexpected error met by this report's part of the stage (here or in a worker
        process); the first one is kept."""
        if id(report) not in self.failed:
            self.failed[id(report)] = (report, internal_error(report.source.path, self.stage, exc))

    def reports(self) -> list:
        return [r for r, _ in self.failed.values()]

    def problems(self) -> list[Problem]:
        return [p for _, p in self.failed.values()]


# --- read -------------------------------------------------------------------------------


class _Text:
    """A report (or its Source) read back from the cache without its text: the attributes
    listed in `_TEXT` are read from the report kept whole (at `whole_at`) the first time one
    of them is asked for. A rebuild after an edit asks for the text of the few reports it makes
    again; every other stage works from the rest (meta, figures, digests) and from its own
    results, kept by a digest of the text (tests/test_cache.py counts the reports read whole)."""

    _TEXT: tuple[str, ...] = ()

    @property
    def whole_at(self) -> tuple | None:
        """Where the whole report is kept in the cache while this one is without its text."""
        return self.__dict__.get("_whole_at")

    def __getattr__(self, name: str) -> Any:  # only for attributes this object does not have
        at = self.whole_at
        if at is None or name not in type(self)._TEXT:
            raise AttributeError(name)
        if _last_whole[0] != at:  # a report and its source ask in turn: read once for both
            _last_whole[:] = [at, read_whole(at)]
        whole = _last_whole[1]
        if isinstance(self, Report):
            self._fill(whole)
            if self.source.whole_at == at:
                self.source._fill(whole.source)
        else:
            self._fill(whole.source)
        return self.__dict__[name]

    def _fill(self, whole: Any) -> None:
        for f in type(self)._TEXT:
            self.__dict__.setdefault(f, getattr(whole, f))
        del self.__dict__["_whole_at"]

    def _without_text(self, at: tuple) -> Any:
        out = copy.copy(self)
        for f in type(self)._TEXT:
            out.__dict__.pop(f, None)
        out.__dict__["_whole_at"] = at
        return out


_last_whole: list = [None, None]  # the report last read whole: (where, report)


def text_key(report: Report, text: Callable[[], bytes]) -> bytes:
    """What a link stage's result made from the report's text is kept under in the cache: the
    digest of the report's text (`Report.content`: its text is read only where the result
    must be made), or for a report without one (made by hand) `text()`, a digest of the text
    the stage reads."""
    return report.content.encode() or text()


def content_digest(report: Report) -> str:
    """A digest of all the link stage reads of a report: the preamble's blocks, then each
    section's title and anchor and its blocks (anchor, kind, lines, a glossary's terms)."""
    h = hashlib.sha256()
    for b in report.preamble:
        h.update(repr((b.anchor, b.kind, b.run_in, b.terms, b.lines)).encode())
    for s in report.all_sections():
        h.update(repr((s.anchor, s.level, s.title)).encode())
        for b in s.blocks:
            h.update(repr((b.anchor, b.kind, b.run_in, b.terms, b.lines)).encode())
    return h.hexdigest()


def digest_of(value) -> bytes:
    """A digest of a plain value (strings, numbers, records, tuples and lists of them, dicts in
    a fixed order; no sets) by its repr, which is the same in every process for such values."""
    return hashlib.sha256(repr(value).encode()).digest()


def figures_digests(figures: list[Record]) -> dict[str, str]:
    """Indicator → a digest of the report's records of it, all of each that a page can show
    (`Report.figures_keys`)."""
    by_key: dict[str, list[Record]] = {}
    for r in figures:
        by_key.setdefault(r.indicator, []).append(r)
    return {k: digest_of(records).hex() for k, records in by_key.items()}


def figures_view(r: Report, indicator: str | None = None) -> object:
    """A report's records (of one indicator, or all) in a page's view: their digests, or for a
    report made without them, the records themselves. With the report's id beside it, this
    stands for them all (the id each record carries is the report's)."""
    if r.figures_keys:
        return r.figures_keys if indicator is None else r.figures_keys.get(indicator)
    return [x for x in r.figures if indicator is None or x.indicator == indicator]


def brief(r: Report) -> tuple:
    """A report in a page's view where the page shows only its title and links to it (a list
    of reports, a table of them)."""
    m = r.meta
    return (m.id, m.title, m.year, m.region)


def read_whole(at: tuple) -> Report:
    """The report kept whole in the cache at `at` (cache folder, key)."""
    whole = cache.get(*at)
    if whole is None:
        raise RuntimeError(messages.say("report.whole_missing"))
    return whole


@dataclass
class Source(_Text):
    """A raw report as read from disk."""

    path: str  # relative to the seeds dir, as given
    data: bytes
    text: str  # decoded, converted to Simplified
    encoding: str
    script: Script
    fmt: Literal["text", "html", "docx", "pdf"] = "text"
    # Lines dropped while turning a page or document into text (scripts, styles, navigation;
    # a PDF's running heads and page numbers), as (text, rule id).
    format_removed: list[tuple[str, str]] = field(default_factory=list)
    # Lines of a Simplified text that held Traditional characters and were converted.
    mixed_lines: int = 0

    _TEXT = ("data", "text", "format_removed")

    @property
    def suffix(self) -> str:
        """The raw file's own extension, kept for its download."""
        return {"html": ".html", "docx": ".docx", "pdf": ".pdf"}.get(self.fmt, ".txt")


# --- clean ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the decoded text
    text: str  # stripped


@dataclass(frozen=True)
class Removed:
    no: int
    text: str
    rule: str  # rule id
    reason: str  # Chinese, for the log page


@dataclass
class Cleaned:
    kept: list[Line]
    removed: list[Removed]

    def without(self, lines: list[Line], rule: str, reason: str) -> Cleaned:
        """These lines moved from kept to removed, with the rule and reason (a later stage
        found them to be furniture)."""
        gone = {(line.no, line.text) for line in lines}
        return Cleaned([x for x in self.kept if (x.no, x.text) not in gone],
                       self.removed + [Removed(x.no, x.text, rule, reason) for x in lines])


# --- parse ------------------------------------------------------------------------------


@dataclass
class Block:
    """A paragraph, list or verse inside a section."""

    kind: Literal["para", "list", "verse", "glossary"]
    lines: list[str]  # typeset text; one per list item / verse line / glossary definition; one for a paragraph
    anchor: str = ""  # stable id on the report page (p1, p2, …)
    run_in: str = ""  # bold run-in head of a paragraph, included in lines[0]
    terms: list[str] = field(default_factory=list)  # glossary: the term defined by each line

    def sentences(self) -> list[tuple[int, str, str]]:
        """(line index, sentence, anchor) for every sentence, in order across the lines. The
        one place sentences and their anchors (p12-3: block p12, third sentence) are made:
        figures link to these anchors and the page renders them."""
        out: list[tuple[int, str, str]] = []
        for li, line in enumerate(self.lines):
            for sent in SENTENCE.split(line):
                if sent:
                    out.append((li, sent, f"{self.anchor}-{len(out) + 1}"))
        return out


# A sentence ends after 。！？ (the text is typeset: full-width marks).
SENTENCE = re.compile(r"(?<=[。！？])")


@dataclass
class Section:
    title: str  # typeset heading text, numbering label included
    level: int  # 2 for ##, 3 for ###, …
    anchor: str
    blocks: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    label: str = ""  # the numbering label that opens the title (一、, （二）, 3. , 一是), if any

    @property
    def text(self) -> str:
        # The title without its numbering label (2024年工作回顾 of 一、2024年工作回顾).
        return self.title[len(self.label):].strip() if self.title.startswith(self.label) else self.title


@dataclass
class Parsed:
    """What the parse stage finds in the kept lines: the contract between parse and meta."""

    head: list[str]  # typeset title block lines (title, meeting line, speaker)
    head_raw: list[str]  # the same, untypeset, for metadata detection
    lead: list[Block]
    preamble: list[Block]
    sections: list[Section]
    numbered_top: list[str]  # numerals of the top-level numbered headings, in order
    # Lines that are neither report nor lead: a page headline before the title block
    # (速览！某市政府工作报告全文来了). The build logs them with the removed furniture.
    dropped: list[Line] = field(default_factory=list)


@dataclass
class Meta:
    title: str = ""
    region: str | None = None
    region_code: str | None = None
    level: Level | None = None
    province: str | None = None
    city: str | None = None
    year: int | None = None
    review_year: int | None = None
    meeting: str | None = None
    date: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    completeness: Completeness = "full"
    id: str = ""
    # Provenance: what the publisher's page states about the publication.
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD
    address: str | None = None  # the page's own URL, when the file states it
    # Which fields were set by the sidecar file.
    overridden: list[str] = field(default_factory=list)
    # Where each field was read (sidecar, title, lead, filename, text) and the words it came from.
    sources: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    # Disagreements between sources, for the build report (the stronger source won).
    conflicts: list[str] = field(default_factory=list)
    # When the region is not known: namesakes the file name could mean, the level the
    # text speaks for, the latest year the text mentions (for a precise fix hint).
    region_candidates: list[str] = field(default_factory=list)
    level_hint: str | None = None
    years_mentioned: list[int] = field(default_factory=list)
    # A region missing from the division data keeps its name; its parent's code, if named.
    parent_code: str | None = None

    @property
    def parents(self) -> list[str]:
        # The province and city above the region, outermost first, itself left out
        # (新乡市 → [河南省]; 淇县 → [河南省, 鹤壁市]; 河南省 → []).
        return [x for x in (self.province, self.city) if x and x != self.region]


@dataclass(eq=False)  # a report is itself: two are never compared field by field
class Report(_Text):
    source: Source
    cleaned: Cleaned
    meta: Meta
    head: list[str]  # document title block: title, meeting line, speaker (typeset)
    lead: list[Block]  # news lead / teaser kept apart from the body
    preamble: list[Block]  # salutation and opening before the first heading
    sections: list[Section]
    chars: int = 0  # Chinese characters in the cleaned text
    figures: list[Record] = field(default_factory=list)  # filled by the extract stage
    commitments: list[Commitment] = field(default_factory=list)
    # What the report was made from (the build's cache key for its file, sidecar and the code):
    # with its id, it fixes everything a page can show of it. "" when not known.
    digest: str = ""
    # A digest of the report's text as the link stage reads it (`content_digest`): the link
    # stage's results are kept by it, so that neither a sidecar nor a line the clean stage
    # removes makes them again. "" when not known.
    content: str = ""
    # Digests of `figures` by indicator, made before the reports' ids are given
    # (`figures_digests`): pages that show the records of many reports are kept by them,
    # instead of by every record read again at each build. Empty when not known.
    figures_keys: dict[str, str] = field(default_factory=dict)

    _TEXT = ("cleaned", "lead", "preamble", "sections")

    def without_text(self, at: tuple) -> Report:
        """This report as the cache keeps it for reading back: without its text, which is
        read from `at` (cache folder, key: where the whole report is kept) when asked for."""
        out = self._without_text(at)
        out.__dict__["source"] = self.source._without_text(at)
        return out

    def revised(self, **changes: Any) -> Report:
        """A copy with `changes` (as dataclasses.replace), without reading a report's text
        kept in the cache."""
        out = copy.copy(self)
        out.__dict__.update(changes)
        return out

    @property
    def year_key(self) -> tuple[int, str]:
        """Sorts by year, reports without a year first (last when reversed), then by id."""
        return (self.meta.year or 0, self.meta.id)

    def all_sections(self) -> list[Section]:
        out: list[Section] = []

        def walk(secs: list[Section]) -> None:
            for s in secs:
                out.append(s)
                walk(s.children)

        walk(self.sections)
        return out

    def all_blocks(self) -> list[tuple[Section | None, Block]]:
        out: list[tuple[Section | None, Block]] = [(None, b) for b in self.preamble]
        for s in self.all_sections():
            out.extend((s, b) for b in s.blocks)
        return out


# --- extract ----------------------------------------------------------------------------


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:g}" if abs(v) < 1e15 else str(v)


@dataclass
class Record:
    report_id: str
    region: str | None
    level: str | None
    year: int | None
    indicator: str
    indicator_name: str
    kind: str  # actual | target
    period: str  # 2024, 2016-2020
    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str | None
    qualifier: str | None
    measure: str  # growth | avg_growth | level | share | rate
    text: str  # the source sentence
    anchor: str  # sentence anchor on the report page (p12-3)
    value_text: str | None = None  # qualitative value (稳中提质)
    source: str = "body"  # body | lead
    statement: bool = False  # from the paragraph stating the expected targets

    def of_report(self, report_id: str) -> Record:
        """A copy naming its report by `report_id`. Made without `__init__`, which
        dataclasses.replace calls with every field: the 20,000 records of a thousand reports
        are named again in each build (0.08 s that way, 0.01 s this way)."""
        copy = object.__new__(Record)
        copy.__dict__ = {**self.__dict__, "report_id": report_id}
        return copy

    def key(self) -> tuple:
        return (self.indicator, self.kind, self.period, self.measure, self.value, self.value_low,
                self.value_high, self.unit, self.value_text)

    def display(self) -> str:
        # 7%左右, 3569.7亿元, 5%—5.5%, 稳中提质.
        if self.value_text:
            return self.value_text
        words = data.load("indicators")["display"]
        unit = self.unit or ""
        change = self.measure in ("growth", "avg_growth")
        if self.value is not None:
            sign = words["fall"] if change and self.value < 0 else ""
            text = f"{sign}{_num(abs(self.value) if sign else self.value)}{unit}"
        else:
            text = f"{_num(self.value_low)}{unit if unit == '%' else ''}—{_num(self.value_high)}{unit}"
        if change and unit in ("%", words["points"]) and not text.startswith(words["fall"]):
            text = (words["points_rise"] if unit == words["points"] else words["growth"]) + text
        if self.measure == "avg_growth":
            text = words["average"] + text
        if self.qualifier in data.load("indicators")["qualifiers_after"]:
            return text + self.qualifier
        if self.qualifier in data.load("indicators")["qualifiers_shown_before"]:
            return self.qualifier + text
        return text

    def standard(self) -> tuple[float | None, str | None]:
        # (std_value, std_unit): the value in the indicator's one unit for its measure, so
        # that regions sort and compare (5.53万亿元 → 55300 亿元; 132.4亿斤 → 662 万吨). A range
        # gives its midpoint; a value in words or an unconvertible unit gives (None, None).
        value = self.value
        if value is None and self.value_low is not None and self.value_high is not None:
            value = (self.value_low + self.value_high) / 2
        if value is None or not self.unit:
            return None, None
        table = data.load("indicators")["standard_units"]
        if self.unit in ("%", data.load("indicators")["display"]["points"]):
            return value, self.unit
        std = next((i.get("level_unit") for i in data.load("indicators")["indicators"] if i["key"] == self.indicator), None)
        factor = table.get(std, {}).get(self.unit)
        if factor is None:
            return None, None
        return round(value * factor, 6), std

    def as_row(self) -> dict:
        d = {k: getattr(self, k) for k in _ROW_FIELDS}  # shallow: every column is a plain value
        if self.value_text:  # a value in words is the record's value: keep it in `value`'s place
            d["value"] = self.value_text
        d["std_value"], d["std_unit"] = self.standard()
        return {k: d[k] for k in CSV_COLUMNS}


CSV_COLUMNS = ["report_id", "region", "level", "year", "indicator", "indicator_name", "kind", "period", "value",
               "value_low", "value_high", "unit", "qualifier", "measure", "std_value", "std_unit", "text", "anchor"]
_ROW_FIELDS = [k for k in CSV_COLUMNS if k not in ("std_value", "std_unit")]


@dataclass
class Commitment:
    text: str
    anchor: str


@dataclass
class Extraction:
    records: list[Record]
    commitments: list[Commitment]
