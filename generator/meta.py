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
from pathlib import PurePosixPath

from generator import data, regions
from generator.messages import say
from generator.model import Meta, Parsed, Report
from generator.typeset import HAN

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DOTS = str.maketrans({"•": "·", "‧": "·", "．": "·", "・": "·"})
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _cfg() -> dict:
    return data.load("metadata")


def _digits(text: str) -> str:
    return text.translate(_FULLWIDTH_DIGITS)


def _nation() -> dict:
    return data.load("regions")["nation"]


def cn_number(text: str) -> int:
    # 一九五七 → 1957 (digit by digit); 二十七 → 27; 十 → 10.
    digits, ten = _cfg()["numeral_digits"], _cfg()["numeral_ten"]
    if ten not in text:
        return int("".join(str(digits[c]) for c in text))
    tens, _, ones = text.partition(ten)
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


# --- the title block -----------------------------------------------------------------


def meeting(texts: list[str]) -> str | None:
    # 第十四届人民代表大会第三次会议 (第十四届全国人民代表大会… for the national congress),
    # from the full or the abbreviated form.
    cfg = _cfg()
    for text in texts:
        text = re.sub(r"\s+", "", text)
        for key in ("meeting_full", "meeting_short"):
            m = data.regex(cfg[key]).search(text)
            if m:
                nation = _nation()["name"] if m.groupdict().get("nation") else ""
                return cfg["meeting_name"].format(term=m.group("term"), nation=nation, session=m.group("session"))
    return None


def date_in(texts: list[str]) -> tuple[int, int, int] | None:
    cfg = _cfg()
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
    cfg = _cfg()
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
    cfg = _cfg()
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
    return any(w in text for w in _cfg()["nation_words"])


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
    for word in _cfg()["filename_noise"]:
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
    m = data.regex(_cfg()["self_reference"]).search(text[:3000])
    return m.group("who") if m else None


def _territory_levels(text: str, self_ref: str | None) -> set[str] | None:
    # The levels of division the text speaks for: 全市 and 我代表市人民政府 → city-like.
    words = data.load("regions")["territory_words"]
    counts = Counter({w: text.count(w) for w in words})
    if self_ref and self_ref != _nation()["government"]:
        own = data.load("regions")["territory_prefix"] + self_ref.removesuffix(_cfg()["government_suffix"])
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
        bare = self_ref.removesuffix(_cfg()["government_suffix"])
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
    cfg = _cfg()
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
    pat = data.regex(_cfg()["unlisted_region"])
    for line in lines:
        if m := pat.search(line):
            return m.group("name").lstrip(_cfg()["unlisted_region_strip"])
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


def detect(parsed: Parsed, report_text: str, headings: list[str], closing: list[str], path: str = "") -> Meta:
    cfg = _cfg()
    head = parsed.head_raw
    lead_text = [b.lines[0] for b in parsed.lead if b.lines]
    body_start = report_text[:4000]
    meta = Meta()

    def record(field: str, source: str, evidence: str) -> None:
        meta.sources[field] = source
        meta.evidence[field] = evidence[:80]

    # --- region --------------------------------------------------------------------------
    f_divs, f_name, f_year, f_nation = filename_facts(path) if path else ([], None, None, False)
    self_ref = _self_reference(report_text)
    head_nation = _nation_words(" ".join(head + lead_text))
    t_div = _region_from_lines(head, body_start) or None
    l_div = None if t_div else _region_from_lines(lead_text, body_start)
    x_div, x_evidence, x_self = text_region(report_text)
    levels = _territory_levels(report_text, self_ref)
    f_div = _pick_by_context(f_divs, report_text, levels, self_ref)

    if head_nation and not t_div:
        _set_nation(meta)
        record("region", "title", next((ln for ln in head + lead_text if _nation_words(ln)), ""))
        if f_div:
            meta.conflicts.append(say("conflict.file_vs_title_nation", file_region=f_div.name))
    elif u_name := _unlisted_in_title(head, t_div):
        meta.region, meta.parent_code = u_name, t_div.code
        meta.province, meta.city = regions.province_and_city(t_div)
        record("region", "title", next((ln for ln in head if u_name in ln), u_name))
    elif t_div or l_div:
        div = t_div or l_div
        _set_region(meta, div)
        record("region", "title" if t_div else "lead", next((ln for ln in head + lead_text if div.name[:2] in ln), ""))
        if f_div and not _agrees(f_div, div):
            meta.conflicts.append(say("conflict.file_vs_title", file_region=f_div.name, title_region=div.name))
        elif f_nation:
            meta.conflicts.append(say("conflict.file_nation_vs_title", title_region=div.name))
    elif self_ref == _nation()["government"]:
        _set_nation(meta)
        record("region", "text", say("evidence.self_reference", who=self_ref))
        if f_div:
            meta.conflicts.append(say("conflict.file_vs_text_nation", file_region=f_div.name))
    elif f_nation:
        _set_nation(meta)
        record("region", "filename", PurePosixPath(path).name)
    elif f_div:
        if x_div and not _agrees(x_div, f_div) and (x_self or regions.mentions(report_text).get(f_div.code, 0) == 0):
            _set_region(meta, x_div)
            record("region", "text", x_evidence)
            meta.conflicts.append(say("conflict.file_vs_text", file_region=f_div.name, text_region=x_div.name,
                                      evidence=x_evidence))
        else:
            _set_region(meta, f_div)
            record("region", "filename", PurePosixPath(path).name)
    elif f_divs:
        meta.region_candidates = [_full_name(d) for d in f_divs]
    elif x_div:
        _set_region(meta, x_div)
        record("region", "text", x_evidence)
    elif name := _unlisted(head + lead_text):
        # A functional area or a renamed county: the name as stated, under the parent named.
        meta.region = name
        parent = _region_from_lines([ln.replace(name, "") for ln in head + lead_text], body_start)
        if parent:
            meta.province, meta.city = regions.province_and_city(parent)
            meta.parent_code = parent.code
        record("region", "title", name)
    meta.level_hint = next(iter(sorted(levels))) if levels and not meta.level else None

    # --- meeting, speaker, date ----------------------------------------------------------
    if m := meeting(head + lead_text):
        meta.meeting = m
        record("meeting", "title", next(ln for ln in head + lead_text if meeting([ln])))
    elif m := meeting(closing):
        meta.meeting = m
        record("meeting", "text", next(ln for ln in closing if meeting([ln])))
    elif (m := data.regex(cfg["meeting_in_opening"]).search(body_start)) and (mt := meeting([m.group("meeting")])):
        meta.meeting = mt
        record("meeting", "text", m.group(0))
    name, title = speaker(head)
    if name:
        meta.speaker, meta.speaker_title = name, title
        record("speaker", "title", next((ln for ln in head if name[0] in ln), ""))

    ymd = date_in(head)
    date_source = "title"
    if ymd is None and closing and (ymd := date_in(closing[-1:])):
        date_source = "text"
    review, plan = _years_from_headings(headings)
    if ymd is None and lead_text:
        m = data.regex(cfg["meeting_days"]).search(_digits(" ".join(lead_text)))
        year = plan or (review + 1 if review else None) or _first_year(head + lead_text)
        if m and year:
            ymd = (year, int(m["m"]), int(m["d"]))
            date_source = "lead"
    if ymd:
        meta.date = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
        record("date", date_source, next((ln for ln in head + closing[-1:] + lead_text if date_in([ln])), ""))

    # --- year ------------------------------------------------------------------------------
    t_year, t_src = (ymd[0], date_source) if ymd and date_source in ("title", "lead") else (_first_year(head), "title")
    if t_year is None and (y := _first_year(lead_text)):
        t_year, t_src = y, "lead"
    x_year = plan or (review + 1 if review else None)
    if x_year is None and (m := data.regex(cfg["review_heading"]).search(_digits(report_text))):
        x_year = int(m["y"]) + 1
    if x_year is None:
        found = [int(m["y"]) for p in cfg["plan_year_text"] if (m := data.regex(p).search(_digits(report_text)))]
        x_year = Counter(found).most_common(1)[0][0] if found else None
    if t_year:
        meta.year = t_year
        record("year", t_src, next((ln for ln in head + lead_text if str(t_year) in _digits(ln)), ""))
        if f_year and f_year != t_year:
            meta.conflicts.append(say("conflict.year_file_vs_title", file_year=f_year, title_year=t_year))
    elif f_year:
        meta.year = f_year
        record("year", "filename", PurePosixPath(path).name)
        if x_year and x_year != f_year and review and review + 1 != f_year:
            meta.conflicts.append(say("conflict.year_file_vs_review", file_year=f_year, review_year=review))
    elif x_year:
        meta.year = x_year
        record("year", "text", say("evidence.review_heading", year=review) if review
               else say("evidence.plan_heading", year=plan) if plan else "")
    if meta.year is None and (ymd and date_source == "text"):
        meta.year = ymd[0]
        record("year", "text", "")
    meta.review_year = review if review else (meta.year - 1 if meta.year else None)
    meta.years_mentioned = sorted({int(y) for y in _YEAR.findall(_digits(report_text[:20000]))})[-1:] or []

    # --- completeness ----------------------------------------------------------------------
    stated_text = " ".join(head + lead_text[:1])
    if any(w in stated_text for w in cfg["excerpt_words"]):
        meta.completeness = "excerpt"
    elif any(w in stated_text for w in cfg["summary_words"]):
        meta.completeness = "summary"
    elif parsed.numbered_top and cfg["numeral_digits"].get(parsed.numbered_top[0]) != 1:
        meta.completeness = "excerpt"  # starts with part 三: only a part of the report
    else:
        meta.completeness = "full"

    meta.title = display_title(meta)
    return meta


def _first_year(lines: list[str]) -> int | None:
    for text in lines:
        if m := data.regex(_cfg()["stated_year"]).search(_digits(text)):
            return int(m["y"])
        if m := data.regex(_cfg()["date_cn"]).search(text):
            return cn_number(m["y"])
    return None


_full_name = regions.full_name


def display_title(meta: Meta) -> str:
    region = meta.region or say("page.unknown_region")
    year = say("page.year", year=meta.year) if meta.year else ""
    if meta.level == "nation":
        region = _nation()["government"]
    suffix = _cfg()["completeness_suffixes"][meta.completeness]
    return say("page.report_title", region=region, year=year, suffix=suffix)


def is_resolution(report: Report) -> bool:
    """A congress's resolution on a report, not the report (by its title or its opening)."""
    cfg = data.load("metadata")
    text = " ".join(report.head) + " " + report.meta.title + " " + PurePosixPath(report.source.path).stem
    if any(w in text for w in cfg["resolution_words"]):
        return True
    first = "".join(line.text for line in report.cleaned.kept[:3])
    return report.chars < 4000 and bool(data.regex(cfg["resolution_opening"]).search(first))


def provenance(meta: Meta, cleaned) -> None:
    """Publisher, publication date and the page's address, from the removed furniture."""
    cfg = data.load("boilerplate")["provenance"]
    texts = [r.text for r in cleaned.removed]
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
                setattr(meta, field, value)
                break
