"""Extract stage: a Report → its key figures (indicator records) and quantified commitments.

Per report only; no knowledge of other reports. The vocabulary (indicators, aliases, units,
qualifiers, cue words, five-year plans) is data: generator/data/indicators.yml.

How a figure is read:

* The report is walked block by block with a reading context — `review` (the year under
  review), `plan` (this year's work) — switched by headings and opening phrases.
* A sentence is a *target* when its paragraph states the expected targets (预期目标), or
  when it is in the plan part; otherwise it is an *actual* in the review part.
* Each clause (split at ， ； ：) is matched against the indicators' aliases; the figures
  after an alias, up to the next alias, belong to it (分别 pairs lists in order).
"""

from __future__ import annotations

import functools
import re

from generator import data, trie
from generator.model import Block, Commitment, Extraction, Record, Report
from generator.typeset import HAN

FULL_WIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")
CLAUSE = re.compile(r"[，；：,;:]")


@functools.cache
def cfg() -> dict:
    return data.load("indicators")


@functools.cache
def _alias_table() -> tuple[re.Pattern[str], dict[str, dict]]:
    table: dict[str, dict] = {}
    for ind in cfg()["indicators"]:
        for alias in [ind["name"], *ind["aliases"]]:
            table.setdefault(alias, ind)
        for alias in ind.get("statement_aliases", []):
            table.setdefault(alias, {**ind, "statement_only": True})
    for phrase in cfg()["not_indicators"]:
        table[phrase] = {"key": None}
    return trie.pattern(table), table


@functools.cache
def _figure() -> re.Pattern[str]:
    units = sorted(cfg()["units"], key=len, reverse=True)
    unit = "|".join(re.escape(u) for u in units)
    num = r"\d+(?:\.\d+)?"
    return re.compile(
        rf"(?P<low>{num})\s*(?:(?P<lowunit>%)?\s*[-—–~至到]\s*(?P<high>{num}))?\s*(?P<unit>{unit})"
        rf"(?P<qual>左右|以上|以内|以下|上下)?"
    )


def _aliases(clause: str, stated: bool = False) -> list[tuple[int, int, dict, str]]:
    pattern, table = _alias_table()
    out = []
    for m in pattern.finditer(clause):
        ind = table[m.group()]
        if not ind.get("key") or (ind.get("statement_only") and not stated):
            continue
        before, after = clause[: m.start()], clause[m.end():]
        if any(before.endswith(w) for w in cfg()["not_after"]) or re.search(cfg()["comparison_before"], before):
            continue
        if any(w in before[-cfg()["part_place_window"]:] for w in cfg()["part_places"]):
            continue
        if any(w in after[: cfg()["contribution_window"]] for w in cfg()["contribution_words"]):
            continue
        if any(after.startswith(w) for w in cfg()["not_before"]):
            continue
        out.append((m.start(), m.end(), ind, m.group()))
    return out


def _measure(ind: dict, alias: str, prefix: str, unit: str) -> tuple[str, int]:
    """(measure, sign) of a figure from the words just before it. A yearly average over a
    period (年均增长8.2%) is its own measure, avg_growth."""
    measure, sign = _plain_measure(ind, alias, prefix, unit)
    if measure == "growth" and any(w in prefix[-8:] for w in cfg()["average_words"]):
        return "avg_growth", sign
    return measure, sign


def _plain_measure(ind: dict, alias: str, prefix: str, unit: str) -> tuple[str, int]:
    c = cfg()
    tail = prefix[-8:]
    if ind.get("measure"):
        return ind["measure"], -1 if any(w in tail[-4:] for w in c["decline_words"]) else 1
    if any(w in tail for w in c["share_words"]):
        return "share", 1
    if unit == "个百分点":
        return "growth", -1 if any(w in tail for w in c["decline_words"]) else 1
    if unit == "%":
        fell = any(w in tail[-4:] for w in c["decline_words"]) and not re.search(c["to_level"], tail)
        if fell:
            return "growth", -1
        grew = any(w in tail[-4:] for w in c["growth_words"]) and not re.search(c["to_level"], tail)
        if ind.get("rate") and not grew:
            return "rate", 1
        if grew or alias in ind.get("growth_alias", []):
            return "growth", 1
        return ("rate" if ind.get("rate") else "growth"), 1
    return "level", 1


def _qualifier(prefix: str, qual: str | None) -> str | None:
    if qual:
        return qual
    tail = prefix[-6:]
    for w in cfg()["qualifiers_before"]:
        if w in tail:
            return w
    return None


def _period(kind: str, multi: bool, year: int | None, review: int | None, context: str) -> str:
    if not multi:
        p = review if kind == "actual" else year
        return str(p) if p else ""
    for name, (start, end) in sorted(cfg()["plans"].items(), key=lambda kv: -len(kv[0])):
        if f"“{name}”" in context or f"{name}”" in context or f"{name}时期" in context or f"{name}期间" in context:
            if kind == "actual" and review and not (start <= review <= end):
                continue
            return f"{start}-{end}"
    if kind == "actual" and review:
        return f"{review - 4}-{review}"
    if year:
        return f"{year}-{year + 4}"
    return ""


def _expand_ellipsis(clause: str) -> str:
    """Give a part after 、 that opens on a noun of the shared subject its subject back
    (粮食播种面积1584.6万亩、总产量132.4亿斤 → …、粮食总产量132.4亿斤). Lengths change, so
    this is only used to find indicators; records keep the sentence as written."""
    _, table = _alias_table()
    parts = re.split(r"(、)", clause)
    for i in range(2, len(parts), 2):
        noun = next((n for n in cfg()["ellipsis_nouns"] if parts[i].startswith(n)), None)
        if not noun or _aliases(parts[i]):
            continue
        prev = parts[i - 2]
        subject = next((prev[j:j + k] for j in range(len(prev)) for k in range(min(len(prev) - j, 12), 1, -1)
                        if table.get(prev[j:j + k] + noun, {}).get("key")), None)
        if subject:
            parts[i] = subject + parts[i]
    return "".join(parts)


def _items_before_respectively(clause: str) -> list[str]:
    """The coordinated items of the subject right before 分别 (城镇、农村 → [城镇, 农村])."""
    seg = CLAUSE.split(clause[: clause.index(cfg()["respectively"])])[-1]
    return [x for x in re.split(cfg()["coordinators"], seg) if x]


def _shared_noun_subjects(clause: str) -> list[tuple[dict | None, str]]:
    """A、B、C+noun before 分别: each item with the shared noun, (indicator or None, name), or
    [] when no item then names an indicator."""
    _, table = _alias_table()
    items = _items_before_respectively(clause)
    if len(items) < 2:
        return []
    last = items[-1]
    for k in range(2, min(len(last), 7)):
        noun = last[-k:]
        names = [it + noun for it in items[:-1]] + [last]
        subjects = [(table.get(n) if table.get(n, {}).get("key") else None, n) for n in names]
        if any(ind for ind, _ in subjects):
            return subjects
    return []


def _coordinated(clause: str, start: int, alias: str) -> list[tuple[dict, str]]:
    """城镇、农村常住居民人均可支配收入 (before 分别): the indicators of each coordinated
    subject, or [] when the words before the alias are no such coordination."""
    _, table = _alias_table()
    for compound, heads in cfg()["coordination_compounds"].items():
        if clause[:start].endswith(compound):
            subjects = [(table.get(h + alias), h + alias) for h in heads]
            if all(ind and ind.get("key") for ind, _ in subjects):
                return subjects
    conj = cfg()["coordinators"]
    m = re.search(f"([{HAN}]{{1,4}}?){conj}([{HAN}]{{1,4}})$", clause[:start])
    if not m:
        # 城镇和农村居民人均可支配收入: the alias found begins with the second subject.
        m1 = re.search(f"([{HAN}]{{1,4}}?){conj}$", clause[:start])
        words = m1.group(1) if m1 else ""
        for head in (words[j:] for j in range(len(words))):  # 全市城镇和…: try 全市城镇, 市城镇, 城镇
            for k in range(1, 5):
                ind = table.get(head + alias[k:])
                if ind and ind.get("key"):
                    return [(ind, head + alias[k:]), (table[alias], alias)]
        return []
    fillers = cfg()["coordination_fillers"]
    out = []
    # 全市城镇和农村: the first subject is the shortest tail of the words before 和 that names one.
    first = next((m.group(1)[k:] for k in range(len(m.group(1)))
                  if table.get(m.group(1)[k:] + alias, {}).get("key")), m.group(1))
    for head in (first, m.group(2)):
        for filler in ["", *fillers]:
            name = (head + alias) if not filler else (head.removesuffix(filler) + alias)
            name = name.replace(filler, "") if filler else name
            ind = table.get(name)
            if ind and ind.get("key"):
                out.append((ind, name))
                break
        else:
            return []
    return out


def _clause_records(clause: str, previous: list[tuple[dict, str]] | None = None,
                    stated: bool = False) -> list[tuple[dict, str, dict]]:
    """(indicator, alias, figure info) for each figure in a clause; qualitative too.
    A clause without a subject that opens on a measure word continues the previous
    clause's indicator (国内生产总值超过126万亿元，增长5.2%)."""
    out: list[tuple[dict, str, dict]] = []
    for old, new in cfg()["alias_rewrites"].items():
        clause = clause.replace(old, new)
    clause = _expand_ellipsis(clause)
    found = _aliases(clause, stated)
    respectively = cfg()["respectively"]
    if not found and respectively in clause:
        # 粮食、油料、蔬菜产量分别达118.3万吨、…: the items share the last one's noun.
        shared = _shared_noun_subjects(clause)
        figs = [f for f in _figure().finditer(clause) if f.start() > clause.index(respectively)]
        if shared and len(figs) == len(shared):
            return [(s[0], s[1], {"m": f, "prefix": clause[clause.index(respectively): f.start()]})
                    for s, f in zip(shared, figs) if s[0]]
    if not found:
        # ……分别达到47125元、25913元，分别增长8.5%、11%: the previous clause's subjects, in order.
        if previous and len(previous) > 1 and re.match(cfg()["respectively_opening"], clause):
            figs = list(_figure().finditer(clause))
            if len(figs) == len(previous):
                return [(ind, alias, {"m": f, "prefix": clause[: f.start()]}) for (ind, alias), f in zip(previous, figs)]
        m = data.regex(cfg()["continuation"]).match(clause)
        f = _figure().match(clause, m.end()) if m and previous else None
        if f:
            ind, alias = previous[-1]
            out.append((ind, alias, {"m": f, "prefix": clause[: f.start()]}))
        return out
    figs = [f for f in _figure().finditer(clause) if not _starting_level(clause, f)]
    if respectively in clause:
        # The subjects of 分别 are the indicators after the last figure before it
        # (固定资产投资增长12.6%、…、城乡居民人均可支配收入分别增长6.0%、8.3%).
        at = clause.index(respectively)
        last = max((f.end() for f in figs if f.end() <= at), default=0)
        near = [x for x in found if x[0] >= last] or found
        subjects = [(ind, alias) for _, _, ind, alias in near]
        if len(near) < len(found):
            out = _clause_records(clause[:last], None, stated)
            found = near
        if len(found) == 1:
            subjects = _coordinated(clause, found[0][0], found[0][3]) or subjects
        after = [f for f in figs if f.start() > found[-1][1]]
        if len(subjects) == 1 and len(after) > 1:
            # 城镇新增就业、就业困难人员实现就业分别增长114.9%和144.4%: one of the subjects is an
            # indicator; it takes the figure of its place in the list.
            items = _items_before_respectively(clause)
            place = next((k for k, x in enumerate(items) if subjects[0][1] in x), None)
            if place is not None and len(items) == len(after):
                ind, alias = subjects[0]
                return out + [(ind, alias, {"m": after[place], "prefix": clause[found[0][1]: after[place].start()]})]
        # One figure per subject, or several rounds of them (分别完成47125元、25913元，分别增长8.5%、11%).
        if len(subjects) > 1 and after and len(after) % len(subjects) == 0:
            for k, f in enumerate(after):
                ind, alias = subjects[k % len(subjects)]
                start = after[k - k % len(subjects) - 1].end() if k >= len(subjects) else found[-1][1]
                out.append((ind, alias, {"m": f, "prefix": clause[start: f.start()]}))
            return out
    for i, (s, e, ind, alias) in enumerate(found):
        if any(clause[:s].endswith(w) for w in cfg()["denominator_before"]):
            continue
        end = found[i + 1][0] if i + 1 < len(found) else len(clause)
        mine = _own_figures(clause, e, [f for f in figs if e <= f.start() < end])
        if mine:
            for f in mine:
                out.append((ind, alias, {"m": f, "prefix": clause[e: f.start()]}))
            continue
        rest = clause[e:].strip()
        if re.search(r"\d", rest):
            continue
        for pat in cfg()["qualitative"]:
            q = re.match(pat, rest)
            if q:
                text = re.sub(r"^(增长|总值|总额)", "", rest).strip("。；")
                # 城乡居民收入增长与经济增长同步: both subjects.
                for sub_ind, sub_alias in _coordinated(clause, s, alias) or [(ind, alias)]:
                    out.append((sub_ind, sub_alias, {"text": text}))
                return out
    return out


def _starting_level(clause: str, f: re.Match[str]) -> bool:
    """从7248亿元提高到8865亿元: the figure after 从 is where the period started."""
    return bool(re.search(cfg()["from_word"], clause[: f.start()])) and bool(
        re.match(cfg()["to_words"], clause[f.end():]))


def _own_figures(clause: str, start: int, figs: list[re.Match[str]]) -> list[re.Match[str]]:
    """The figures that belong to the indicator named just before `start`: the first one,
    and the next ones only while the words between them are measure words
    (地区生产总值3569.7亿元、增长4.9% — but not 新增城镇就业8.3万人、农村劳动力转移就业2.8万人)."""
    out: list[re.Match[str]] = []
    pos = start
    joiner = re.compile(cfg()["figure_joiner"])
    for f in figs:
        gap = clause[pos: f.start()]
        if any(gap.endswith(w) for w in cfg()["skip_before"]):
            break
        # Parts without figures or indicators may stand between (达到5.53万亿元、稳居全国
        # 前十、增长4.8%): the measure words before the figure decide.
        if out and "、" in gap and not re.search(r"\d", gap) and not _aliases(gap):
            gap = gap[gap.rfind("、"):]
        if out and not joiner.fullmatch(gap):
            break
        out.append(f)
        pos = f.end()
    return out


def _committed(clause: str, info: dict) -> bool:
    """A figure in the plan part is a commitment, not a recollection of the past."""
    if "m" not in info:
        return False
    if any(w in clause for w in cfg()["past_markers"]):
        return False
    return True


def _context_switch(text: str, current: str, year: int | None, review: int | None, heading: bool) -> str:
    c = cfg()
    head = text if heading else text[:16]
    if not heading and re.search(c["met_cue"], text[:24]):
        return current  # 2024年主要目标任务圆满完成: the review goes on
    cues = [w for w in c["plan_cues"] if w in head]
    if cues and not heading and all(w in c["plan_cues_stating"] for w in cues):
        names_year = any(w in head for w in c["plan_openers"]) or bool(year and f"{year}年" in head)
        stating = any(re.match(c["stating_after"], text[text.find(w) + len(w):]) for w in cues)
        if not (names_year or stating):
            cues = []
    if cues or (year and text.startswith((f"{year}年是", f"{year}年工作", f"{year}年主要", f"{year}年重点"))):
        return "plan"
    if any(w in head for w in c["review_cues"]) or (review and text.startswith(f"{review}年")):
        return "review"
    return current


def extract(report: Report) -> Extraction:
    m = report.meta
    year, review = m.year, m.review_year
    c = cfg()
    records: list[Record] = []
    commitments: list[Commitment] = []

    def read_block(block: Block, context: str, section_titles: str, source: str, stated: bool = False) -> bool:
        """Read one block; return True if it ends by introducing the targets (……预期目标是：)."""
        spans = block.sentences()
        sents = [sent for _, sent, _ in spans]
        # A paragraph that opens on the past five years reports five-year results.
        five_years = bool(sents) and any(w in sents[0] for w in c["five_years_words"])
        plan_span = None
        for k, sent in enumerate(sents, start=1):
            clean_sent = sent.translate(FULL_WIDTH)
            cue = any(w in clean_sent for w in c["target_cues"]) and not re.search(c["achieved_cue"], clean_sent)
            if cue and (context != "review" or "今年" in clean_sent or (year and f"{year}年" in clean_sent)):
                stated = True
                cue_at = min(clean_sent.find(w) for w in c["target_cues"] if w in clean_sent)
                plan_span = next((name for name in sorted(c["plans"], key=len, reverse=True)
                                  if re.search(f"{name}”?(时期|期间)", clean_sent[:cue_at])), None)
            # A sentence opening on 过去一年 / 今年 switches the reading for the rest of the block.
            if any(clean_sent.startswith(w) for w in c["review_openers"]):
                context, stated = "review", False
            elif any(clean_sent.startswith(w) for w in c["plan_openers"]):
                context = "plan"
            if stated or context == "plan":
                kind = "target"
            elif context == "review":
                kind = "actual"
            else:
                continue
            anchor = spans[k - 1][2]
            got = False
            previous = None
            for clause in CLAUSE.split(clean_sent):
                multi = any(w in clause for w in c["multi_year_words"]) or (five_years and kind == "actual")
                if plan_span and kind == "target":
                    multi = True
                found = _clause_records(clause, previous, stated)
                subjects = list({ind["key"]: (ind, alias) for ind, alias, _ in found}.values())
                if not subjects:  # 粮食总产量再上新台阶，突破1600亿斤: named here, measured next
                    subjects = [(ind, alias) for _, _, ind, alias in _aliases(_expand_ellipsis(clause), stated)]
                previous = subjects or None
                for ind, alias, info in found:
                    got = True
                    if "m" in info:
                        f = info["m"]
                        unit = c["units"][f.group("unit")]
                        measure, sign = _measure(ind, alias, info["prefix"], unit)
                        low, high = float(f.group("low")), f.group("high")
                        value = value_low = value_high = None
                        if high is not None:
                            value_low, value_high = low, float(high)
                        else:
                            value = sign * low
                        qual = _qualifier(info["prefix"], f.group("qual"))
                        vtext = None
                    else:
                        measure, unit, value, value_low, value_high, qual = "level", None, None, None, None, None
                        vtext = info["text"]
                    ctx = clean_sent + " " + section_titles + (f" “{plan_span}”" if plan_span else "")
                    if kind == "target" and not stated and not _committed(clause, info):
                        continue  # the plan part also recalls the past: only commitments count
                    period = _period(kind, multi, year, review, ctx)
                    explicit = re.search(r"((19|20)\d{2})年", clause[: info["m"].start()] if "m" in info else clause)
                    if explicit and not multi:
                        period = explicit.group(1)
                    records.append(Record(
                        report_id=m.id, region=m.region, level=m.level, year=year,
                        indicator=ind["key"], indicator_name=ind["name"], kind=kind,
                        period=period,
                        value=value, value_low=value_low, value_high=value_high, unit=unit,
                        qualifier=qual, measure=measure, text=sent.strip(), anchor=anchor,
                        value_text=vtext, source=source, statement=stated,
                    ))
            if not got and kind == "target" and source == "body" and re.search(r"\d" + c["commitment_units"], clean_sent):
                commitments.append(Commitment(sent.strip(), anchor))
        return bool(sents) and stated and sents[-1].rstrip().endswith(("：", ":"))

    # Body first, then the lead: a lead that repeats the body's figures adds nothing.
    context = "review" if m.completeness != "excerpt" else "plan"

    def walk_blocks(blocks: list[Block], titles: str, stated: bool = False) -> None:
        nonlocal context
        carry = False
        for b in blocks:
            if b.lines:
                context = _context_switch(b.lines[0], context, year, review, heading=False)
            carry = read_block(b, context, titles, "body", stated or carry)

    walk_blocks(report.preamble, "")

    def walk(sections, titles: str) -> None:
        nonlocal context
        for s in sections:
            title = s.text
            context = _context_switch(title, context, year, review, heading=True)
            t = titles + " " + s.title
            # A section titled 主要预期目标 states the targets in its paragraphs.
            walk_blocks(s.blocks, t, stated=any(w in title for w in c["target_headings"]))
            walk(s.children, t)

    walk(report.sections, "")
    for b in report.lead:
        read_block(b, "", "", "lead")
    return Extraction(records=_dedupe(records), commitments=commitments)


def _dedupe(records: list[Record]) -> list[Record]:
    """One record per fact. A target restated outside the targets paragraph is dropped when
    the statement already gives that indicator's target."""
    seen: set[tuple] = set()
    stated = {(r.indicator, r.period, r.measure) for r in records if r.kind == "target" and r.statement}
    out = []
    for r in records:
        if r.key() in seen:
            continue
        if r.kind == "target" and not r.statement and (r.indicator, r.period, r.measure) in stated:
            continue
        if r.kind == "target" and not r.statement and r.value_text:
            continue  # words in the plan part are aims, not targets
        seen.add(r.key())
        out.append(r)
    return out
