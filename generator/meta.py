# Metadata detection: each field a fact with the place it was read from.
#
# A report states its region, year, meeting, date and speaker in some of these places, in
# order of trust: a sidecar file (applied later, by generator/sidecar.py), the report's own
# title block (title, meeting line, speaker line, and an editor's lead about the report),
# the file name, and the text (我代表某某人民政府, the word it uses for its own territory,
# the places it names most, 2023年工作回顾). The strongest source wins; where a weaker source
# disagrees the report carries a note for the build report. A region is never guessed from a
# passing mention: when the evidence is weak it stays empty and the build report gives a
# precise fix.
#
# Only the parts of a report where a publisher states the facts are read for the meeting and
# date: a body line such as 「县十四届人大四次会议确定的目标任务」 names the previous meeting.

from __future__ import annotations

import re
from collections import Counter
import dataclasses
from pathlib import PurePosixPath

from generator import data, regions
from generator.messages import say
from generator.model import Meta, Parsed, Report
from generator.typeset import HAN

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DOTS = str.maketrans({"•": "·", "‧": "·", "．": "·", "・": "·"})
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _digits(text: str) -> str:
    return text.translate(_FULLWIDTH_DIGITS)


def _nation() -> dict:
    return data.load("regions")["nation"]


def cn_number(text: str) -> int:
    # 一九五七 → 1957 (digit by digit); 二十七 → 27; 十 → 10.
    digits, ten = data.load("metadata")["numeral_digits"], data.load("metadata")["numeral_ten"]
    if ten not in text:
        return int("".join(str(digits[c]) for c in text))
    tens, _, ones = text.partition(ten)
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


# --- the title block -----------------------------------------------------------------


def meeting(texts: list[str]) -> str | None:
    # 第十四届人民代表大会第三次会议 (第十四届全国人民代表大会… for the national congress),
    # from the full or the abbreviated form.
    cfg = data.load("metadata")
    for text in texts:
        text = re.sub(r"\s+", "", text)
        for key in ("meeting_full", "meeting_short"):
            m = data.regex(cfg[key]).search(text)
            if m:
                nation = _nation()["name"] if m.groupdict().get("nation") else ""
                return cfg["meeting_name"].format(term=m.group("term"), nation=nation, session=m.group("session"))
    return None


def date_in(texts: list[str]) -> tuple[int, int, int] | None:
    cfg = data.load("metadata")
    for text in texts:
        text = _digits(text)
        if m := data.regex(cfg["date"]).search(text):
            return int(m["y"]), int(m["m"]), int(m["d"])
        if m := data.regex(cfg["date_cn"]).search(text):
            return cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
    return None


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_DOTS)


def speaker(texts: list[str]) -> tuple[str | None, str | None]:
    """(name, post) from a speaker line, or from a meeting line that names the speaker."""
    cfg = data.load("metadata")
    for text in texts:
        if m := data.regex(cfg["speaker"]).match(text):
            return _clean_name(m.group("name")), m.group("title")
    for text in texts:
        for pattern in cfg["speaker_in_meeting_line"]:
            if m := data.regex(pattern).search(text):
                return _clean_name(m.group("name")), m.group("title")
    from generator.parse import is_bare_name, is_meeting_line

    for prev, text in zip(texts, texts[1:]):
        if is_meeting_line(prev) and is_bare_name(text):
            return _clean_name(text), None
    return None, None


def _years_from_headings(titles: list[str]) -> tuple[int | None, int | None]:
    cfg = data.load("metadata")
    review = plan = None
    for t in titles:
        t = _digits(t)
        if review is None and (m := data.regex(cfg["review_heading"]).search(t)):
            review = int(m["y"])
        if plan is None and (m := data.regex(cfg["plan_heading"]).search(t)):
            plan = int(m["y"])
    return review, plan


# --- facts ---------------------------------------------------------------------------


class Facts:
    """The candidate values of each field, with their source and the words they came from."""

    def __init__(self) -> None:
        self.found: dict[str, list[tuple[object, str, str]]] = {}

    def add(self, field: str, value, source: str, evidence: str) -> None:
        if value is not None:
            self.found.setdefault(field, []).append((value, source, evidence))

    def best(self, field: str):
        got = self.found.get(field)
        return got[0] if got else None


def _nation_words(text: str) -> bool:
    return any(w in text for w in data.load("metadata")["nation_words"])


def _region_from_lines(lines: list[str], context: str) -> regions.Division | None:
    return regions.locate(lines, context=context) if lines else None


def filename_facts(path: str) -> tuple[list[regions.Division], str | None, int | None, bool]:
    # From a file name: (candidate divisions, the name as written, year, names the nation).
    #
    # 龙岗区2014年政府工作报告_2014.txt → ([龙岗区], 龙岗区, 2014); 三亚.txt → ([三亚市], 三亚);
    # 2025年宁夏政府工作报告.docx → ([宁夏回族自治区], 宁夏, 2025).
    stem = _digits(PurePosixPath(path).stem)
    years = {int(y) for y in _YEAR.findall(stem)}
    year = years.pop() if len(years) == 1 else None
    if _nation_words(stem):
        return [], None, year, True
    rest = _YEAR.sub(" ", stem)
    for word in data.load("metadata")["filename_noise"]:
        rest = rest.replace(word, " ")
    rest = re.sub(f"[^{HAN}]+", " ", rest)
    # The most specific name written: 深圳市福田区 → 福田区 under 深圳市.
    found = [(name, divs) for token in rest.split() for name, divs in regions.names_in(token)]
    if not found:
        return [], None, year, False
    rank = {"district": 0, "county": 0, "city": 1, "province": 2}
    named_codes = {d.code for _, divs in found for d in divs}
    best_name, best_divs = min(found, key=lambda nd: min(rank[d.level] for d in nd[1]))
    # Keep the candidates that agree with the other names written (深圳市 for 福田区).
    if len(found) > 1:
        agreeing = [d for d in best_divs if any(a.code in named_codes for a in regions.ancestors(d))]
        best_divs = agreeing or best_divs
    return best_divs, best_name, year, False


def _self_reference(text: str) -> str | None:
    # 国务院, 北京市人民政府, 市人民政府 … from 我代表…
    m = data.regex(data.load("metadata")["self_reference"]).search(text[:3000])
    return m.group("who") if m else None


def _territory_levels(text: str, self_ref: str | None) -> set[str] | None:
    # The levels of division the text speaks for: 全市 and 我代表市人民政府 → city-like.
    words = data.load("regions")["territory_words"]
    counts = Counter({w: text.count(w) for w in words})
    if self_ref and self_ref != _nation()["government"]:
        own = data.load("regions")["territory_prefix"] + self_ref.removesuffix(data.load("metadata")["government_suffix"])
        if own in words:
            return set(words[own])
    word, n = counts.most_common(1)[0]
    return set(words[word]) if n >= 3 else None


def _pick_by_context(cands: list[regions.Division], text: str, levels: set[str] | None,
                     self_ref: str | None) -> regions.Division | None:
    # One division among namesakes: the level the text speaks for, the suffix it uses for
    # itself (我代表州人民政府), the ancestors it names.
    if len(cands) <= 1:
        return cands[0] if cands else None
    if levels:
        cands = [d for d in cands if d.level in levels] or cands
    if self_ref:
        bare = self_ref.removesuffix(data.load("metadata")["government_suffix"])
        if len(bare) == 1:
            cands = [d for d in cands if d.name.endswith(bare)] or cands
    if len(cands) == 1:
        return cands[0]
    counts = regions.mentions(text)

    def support(d: regions.Division) -> int:
        return sum(counts.get(a.code, 0) for a in regions.ancestors(d)) + counts.get(d.code, 0)

    ranked = sorted(cands, key=support, reverse=True)
    return ranked[0] if support(ranked[0]) > support(ranked[1]) else None


def text_region(text: str) -> tuple[regions.Division | None, str, bool]:
    # (division, evidence, the text names itself) from the text alone; (None, …) when the
    # evidence is weak. 我代表北京市人民政府 names itself; otherwise the division of the level the
    # text speaks for (全市 …) that it names most, if clearly ahead of any other.
    cfg = data.load("metadata")
    self_ref = _self_reference(text)
    if self_ref and self_ref != _nation()["government"]:
        named = regions.names_in(self_ref.removesuffix(cfg["government_suffix"]))
        if named:
            div = _pick_by_context(named[-1][1], text, None, None)
            if div:
                return div, say("evidence.self_reference", who=self_ref), True
    levels = _territory_levels(text, self_ref)
    if not levels:
        return None, "", False
    counts = regions.mentions(text)
    ranked = sorted(((n, code) for code, n in counts.items()
                     if (d := regions.get(code)) and d.level in levels), reverse=True)
    if not ranked:
        return None, "", False
    n, code = ranked[0]
    runner = ranked[1][0] if len(ranked) > 1 else 0
    if n >= cfg["text_region_min_mentions"] and n >= runner * cfg["text_region_lead"]:
        div = regions.get(code)
        return div, say("evidence.mentions", region=div.name, count=n), False
    return None, "", False


def _unlisted(lines: list[str]) -> str | None:
    pat = data.regex(data.load("metadata")["unlisted_region"])
    for line in lines:
        if m := pat.search(line):
            return m.group("name").lstrip(data.load("metadata")["unlisted_region_strip"])
    return None


def _unlisted_in_title(head: list[str], t_div: regions.Division | None) -> str | None:
    # A title naming a place the division data does not list inside a listed one
    # (2024年郑州市航空港区管委会政府工作报告): the report is that place's, not the city's.
    name = _unlisted(head)
    if not name or regions.named(name) or not t_div:
        return None
    if not any(form in name for form in [t_div.name, *regions.short_forms(t_div)]):
        return None
    return name


def _set_nation(meta: Meta) -> None:
    meta.region, meta.region_code, meta.level = _nation()["name"], _nation()["code"], "nation"


def _set_region(meta: Meta, div: regions.Division) -> None:
    meta.region, meta.region_code, meta.level = div.name, div.code, div.level
    meta.province, meta.city = regions.province_and_city(div)


def _agrees(a: regions.Division, b: regions.Division) -> bool:
    """The same division, or one inside the other (a file named after a city holding the
    report of one of its districts is not a contradiction of the title)."""
    if a.code == b.code:
        return True
    return a.code in {x.code for x in regions.ancestors(b)} or b.code in {x.code for x in regions.ancestors(a)}


@dataclasses.dataclass
class _Places:
    """The places of one report where its facts are stated, strongest first: the title block
    as printed (`head`), the first lines of an editor's lead, the file name, and the text (its
    headings, its closing lines and the whole)."""

    head: list[str]
    lead: list[str]
    closing: list[str]
    text: str
    headings: list[str]
    path: str
    # Read from the file name and the headings once, when the places are gathered.
    name_divs: list[regions.Division] = dataclasses.field(init=False)
    name_year: int | None = dataclasses.field(init=False)
    name_nation: bool = dataclasses.field(init=False)
    review: int | None = dataclasses.field(init=False)
    plan: int | None = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.name_divs, _, self.name_year, self.name_nation = (
            filename_facts(self.path) if self.path else ([], None, None, False))
        self.review, self.plan = _years_from_headings(self.headings)

    @property
    def body_start(self) -> str:
        return self.text[:4000]

    @property
    def file_name(self) -> str:
        return PurePosixPath(self.path).name


def _record(meta: Meta, field: str, source: str, evidence: str) -> None:
    meta.sources[field] = source
    meta.evidence[field] = evidence[:80]


def detect(parsed: Parsed, report_text: str, headings: list[str], closing: list[str], path: str = "") -> Meta:
    """Every metadata field of one report, each with its source and evidence; the notes where
    a weaker source disagrees."""
    at = _Places(head=parsed.head_raw, lead=[b.lines[0] for b in parsed.lead if b.lines], closing=closing,
                 text=report_text, headings=headings, path=path)
    meta = Meta()
    _detect_region(meta, at)
    _detect_meeting(meta, at)
    _detect_speaker(meta, at)
    ymd, date_source = _detect_date(meta, at)
    _detect_year(meta, at, ymd, date_source)
    meta.completeness = _completeness(parsed, at)
    meta.title = display_title(meta)
    return meta


def _detect_region(meta: Meta, at: _Places) -> None:
    """The region from the title block or the lead, else from the text and the file name; with
    no region, the level the text speaks for (for the fix on the build report)."""
    self_ref = _self_reference(at.text)
    levels = _territory_levels(at.text, self_ref)
    f_div = _pick_by_context(at.name_divs, at.text, levels, self_ref)
    if not _region_from_title(meta, at, f_div):
        _region_from_text(meta, at, f_div, self_ref)
    meta.level_hint = next(iter(sorted(levels))) if levels and not meta.level else None


def _region_from_title(meta: Meta, at: _Places, f_div: regions.Division | None) -> bool:
    """The region the title block (or else the lead) states; False when it states none."""
    stated = at.head + at.lead
    t_div = _region_from_lines(at.head, at.body_start) or None
    l_div = None if t_div else _region_from_lines(at.lead, at.body_start)
    if _nation_words(" ".join(stated)) and not t_div:
        _set_nation(meta)
        _record(meta, "region", "title", next((ln for ln in stated if _nation_words(ln)), ""))
        if f_div:
            meta.conflicts.append(say("conflict.file_vs_title_nation", file_region=f_div.name))
    elif u_name := _unlisted_in_title(at.head, t_div):
        meta.region, meta.parent_code = u_name, t_div.code
        meta.province, meta.city = regions.province_and_city(t_div)
        _record(meta, "region", "title", next((ln for ln in at.head if u_name in ln), u_name))
    elif t_div or l_div:
        div = t_div or l_div
        _set_region(meta, div)
        _record(meta, "region", "title" if t_div else "lead", next((ln for ln in stated if div.name[:2] in ln), ""))
        if f_div and not _agrees(f_div, div):
            meta.conflicts.append(say("conflict.file_vs_title", file_region=f_div.name, title_region=div.name))
        elif at.name_nation:
            meta.conflicts.append(say("conflict.file_nation_vs_title", title_region=div.name))
    else:
        return False
    return True


def _region_from_text(meta: Meta, at: _Places, f_div: regions.Division | None, self_ref: str | None) -> None:
    """Without a title block: the government the text says it speaks for, the file name, the
    places the text names; the text outweighs a file name that it contradicts."""
    x_div, x_evidence, x_self = text_region(at.text)
    if self_ref == _nation()["government"]:
        _set_nation(meta)
        _record(meta, "region", "text", say("evidence.self_reference", who=self_ref))
        if f_div:
            meta.conflicts.append(say("conflict.file_vs_text_nation", file_region=f_div.name))
    elif at.name_nation:
        _set_nation(meta)
        _record(meta, "region", "filename", at.file_name)
    elif f_div:
        if x_div and not _agrees(x_div, f_div) and (x_self or regions.mentions(at.text).get(f_div.code, 0) == 0):
            _set_region(meta, x_div)
            _record(meta, "region", "text", x_evidence)
            meta.conflicts.append(say("conflict.file_vs_text", file_region=f_div.name, text_region=x_div.name,
                                      evidence=x_evidence))
        else:
            _set_region(meta, f_div)
            _record(meta, "region", "filename", at.file_name)
    elif at.name_divs:
        meta.region_candidates = [_full_name(d) for d in at.name_divs]
    elif x_div:
        _set_region(meta, x_div)
        _record(meta, "region", "text", x_evidence)
    elif name := _unlisted(at.head + at.lead):
        # A functional area or a renamed county: the name as stated, under the parent named.
        meta.region = name
        parent = _region_from_lines([ln.replace(name, "") for ln in at.head + at.lead], at.body_start)
        if parent:
            meta.province, meta.city = regions.province_and_city(parent)
            meta.parent_code = parent.code
        _record(meta, "region", "title", name)


def _detect_meeting(meta: Meta, at: _Places) -> None:
    """The meeting from the title block or the lead, else from the closing lines, else from
    the opening sentence that presents the report to the meeting."""
    stated = at.head + at.lead
    if m := meeting(stated):
        meta.meeting = m
        _record(meta, "meeting", "title", next(ln for ln in stated if meeting([ln])))
    elif m := meeting(at.closing):
        meta.meeting = m
        _record(meta, "meeting", "text", next(ln for ln in at.closing if meeting([ln])))
    elif (m := data.regex(data.load("metadata")["meeting_in_opening"]).search(at.body_start)) and (mt := meeting([m.group("meeting")])):
        meta.meeting = mt
        _record(meta, "meeting", "text", m.group(0))


def _detect_speaker(meta: Meta, at: _Places) -> None:
    name, title = speaker(at.head)
    if name:
        meta.speaker, meta.speaker_title = name, title
        _record(meta, "speaker", "title", next((ln for ln in at.head if name[0] in ln), ""))


def _detect_date(meta: Meta, at: _Places) -> tuple[tuple[int, int, int] | None, str]:
    """The date from the title block, else the last closing line, else the lead's meeting
    days with the report's year: (year, month, day) or None, and its source."""
    ymd = date_in(at.head)
    source = "title"
    if ymd is None and at.closing and (ymd := date_in(at.closing[-1:])):
        source = "text"
    if ymd is None and at.lead:
        m = data.regex(data.load("metadata")["meeting_days"]).search(_digits(" ".join(at.lead)))
        year = at.plan or (at.review + 1 if at.review else None) or _first_year(at.head + at.lead)
        if m and year:
            ymd = (year, int(m["m"]), int(m["d"]))
            source = "lead"
    if ymd:
        meta.date = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
        _record(meta, "date", source, next((ln for ln in at.head + at.closing[-1:] + at.lead if date_in([ln])), ""))
    return ymd, source


def _detect_year(meta: Meta, at: _Places, ymd: tuple[int, int, int] | None, date_source: str) -> None:
    """The report's year from the title block or the lead, else the file name, else the text;
    the reviewed year; the latest year the text mentions (for the fix when there is none)."""
    if ymd and date_source in ("title", "lead"):
        t_year, t_src = ymd[0], date_source
    else:
        t_year, t_src = _first_year(at.head), "title"
    if t_year is None and (y := _first_year(at.lead)):
        t_year, t_src = y, "lead"
    f_year, review, plan = at.name_year, at.review, at.plan
    if t_year:
        meta.year = t_year
        _record(meta, "year", t_src, next((ln for ln in at.head + at.lead if str(t_year) in _digits(ln)), ""))
        if f_year and f_year != t_year:
            meta.conflicts.append(say("conflict.year_file_vs_title", file_year=f_year, title_year=t_year))
    elif f_year:
        meta.year = f_year
        _record(meta, "year", "filename", at.file_name)
        x_year = _year_from_text(at)
        if x_year and x_year != f_year and review and review + 1 != f_year:
            meta.conflicts.append(say("conflict.year_file_vs_review", file_year=f_year, review_year=review))
    elif x_year := _year_from_text(at):
        meta.year = x_year
        _record(meta, "year", "text", say("evidence.review_heading", year=review) if review
                else say("evidence.plan_heading", year=plan) if plan else "")
    if meta.year is None and (ymd and date_source == "text"):
        meta.year = ymd[0]
        _record(meta, "year", "text", "")
    meta.review_year = review if review else (meta.year - 1 if meta.year else None)
    meta.years_mentioned = sorted({int(y) for y in _YEAR.findall(_digits(at.text[:20000]))})[-1:] or []


def _year_from_text(at: _Places) -> int | None:
    """The year the text plans for: its plan heading, the year after its review heading, or
    the year its plan phrases name most."""
    cfg = data.load("metadata")
    if year := at.plan or (at.review + 1 if at.review else None):
        return year
    if m := data.regex(cfg["review_heading"]).search(_digits(at.text)):
        return int(m["y"]) + 1
    found = [int(m["y"]) for p in cfg["plan_year_text"] if (m := data.regex(p).search(_digits(at.text)))]
    return Counter(found).most_common(1)[0][0] if found else None


def _completeness(parsed: Parsed, at: _Places) -> str:
    """Full, summary or excerpt: as the title block or the lead says, or an excerpt when the
    numbered parts do not start at one."""
    cfg = data.load("metadata")
    stated_text = " ".join(at.head + at.lead[:1])
    if any(w in stated_text for w in cfg["excerpt_words"]):
        return "excerpt"
    if any(w in stated_text for w in cfg["summary_words"]):
        return "summary"
    if parsed.numbered_top and cfg["numeral_digits"].get(parsed.numbered_top[0]) != 1:
        return "excerpt"  # starts with part 三: only a part of the report
    return "full"


def _first_year(lines: list[str]) -> int | None:
    for text in lines:
        if m := data.regex(data.load("metadata")["stated_year"]).search(_digits(text)):
            return int(m["y"])
        if m := data.regex(data.load("metadata")["date_cn"]).search(text):
            return cn_number(m["y"])
    return None


_full_name = regions.full_name


def display_title(meta: Meta) -> str:
    region = meta.region or say("page.unknown_region")
    year = say("page.year", year=meta.year) if meta.year else ""
    if meta.level == "nation":
        region = _nation()["government"]
    suffix = data.load("metadata")["completeness_suffixes"][meta.completeness]
    return say("page.report_title", region=region, year=year, suffix=suffix)


def is_resolution(report: Report) -> bool:
    """A congress's resolution on a report, not the report (by its title or its opening)."""
    cfg = data.load("metadata")
    text = " ".join(report.head) + " " + report.meta.title + " " + PurePosixPath(report.source.path).stem
    if any(w in text for w in cfg["resolution_words"]):
        return True
    first = "".join(line.text for line in report.cleaned.kept[:3])
    return report.chars < 4000 and bool(data.regex(cfg["resolution_opening"]).search(first))


def provenance(cleaned) -> dict[str, str]:
    """Publisher, publication date and the page's address, from the removed furniture: the
    Meta fields found."""
    cfg = data.load("boilerplate")["provenance"]
    texts = [r.text for r in cleaned.removed]
    found: dict[str, str] = {}
    for field in ("publisher", "published", "address"):
        for pattern in cfg[field]:
            m = next((m for t in texts if (m := data.regex(pattern).search(_digits(t)))), None)
            if m:
                value = m.group("v").strip()
                if field == "published":
                    y, mo, d = (int(x) for x in re.findall(r"\d+", value)[:3])
                    if not (1 <= mo <= 12 and 1 <= d <= 31):
                        continue
                    value = f"{y:04d}-{mo:02d}-{d:02d}"
                if field == "publisher":
                    value = value.rstrip("。，,;；:：")
                found[field] = value
                break
    return found
