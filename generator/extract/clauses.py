# Clause matching: the indicators a clause names and the figures that belong to each.
#
# A clause (a sentence split at ， ； ：) is matched against the indicators' aliases; the
# figures after an alias, up to the next alias, belong to it. 分别 pairs a list of subjects
# with its figures in order; a clause without a subject continues the previous clause's.

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from generator import data
from generator.extract.vocab import CLAUSE, alias_table, figure
from generator.typeset import HAN


class Subject(NamedTuple):
    """An indicator and the words that named it."""

    indicator: dict
    alias: str


@dataclass(frozen=True)
class Name:
    """An alias found in a clause, at [start, end)."""

    start: int
    end: int
    indicator: dict
    alias: str

    @property
    def subject(self) -> Subject:
        return Subject(self.indicator, self.alias)


@dataclass(frozen=True)
class Found:
    """A figure of an indicator in a clause, or its value in words."""

    indicator: dict
    alias: str
    figure: re.Match[str] | None = None
    prefix: str = ""  # the words between the subject and the figure (measure words, qualifiers)
    text: str | None = None  # a value in words (稳中提质)
    qualifier: str | None = None  # a qualifier the figure shares with a list (分别增长5%、6.5%左右)


def _found(subject: Subject, f: re.Match[str], prefix: str) -> Found:
    return Found(subject.indicator, subject.alias, f, prefix)


def names(clause: str, stated: bool = False) -> list[Name]:
    """The aliases in a clause that name an indicator there (not a part of the region, a
    yardstick, a contribution, a denominator or part of a longer phrase)."""
    pattern, table = alias_table()
    c = data.load("indicators")
    out = []
    for m in pattern.finditer(clause):
        ind = table[m.group()]
        if not ind.get("key") or (ind.get("statement_only") and not stated):
            continue
        before, after = clause[: m.start()], clause[m.end():]
        if ind.get("opening_only") and not re.match(c["opening_before"], before):
            continue
        if any(before.endswith(w) for w in c["not_after"]) or re.search(c["comparison_before"], before):
            continue
        if any(w in before[-c["part_place_window"]:] for w in c["part_places"]):
            continue
        if any(w in after[: c["contribution_window"]] for w in c["contribution_words"]):
            continue
        if any(after.startswith(w) for w in c["not_before"]) or re.search(c["share_of_before"], before):
            continue
        out.append(Name(m.start(), m.end(), ind, m.group()))
    return out


def expand_ellipsis(clause: str, before: str = "") -> str:
    # Give a part after 、 (or 和) that opens on a noun of the shared subject its subject back
    # (粮食播种面积1584.6万亩、总产量132.4亿斤 → …、粮食总产量132.4亿斤); a clause that opens on
    # such a noun takes it from the clause before (粮食生产再获丰收，总产达到557亿斤). Lengths
    # change, so this is only used to find indicators; records keep the sentence as written.
    if not _ellipsis_noun().search(clause):
        return clause  # no part can open on such a noun (most clauses: a tenth of the extract stage)
    parts = ["", "", *re.split(f"({data.load('indicators')['ellipsis_joiners']})", clause)]
    for i in range(2, len(parts), 2):
        noun = next((n for n in data.load("indicators")["ellipsis_nouns"] if parts[i].startswith(n)), None)
        if not noun or names(parts[i]):
            continue
        # The part before names the subject, or else the clause before (亩产、总产分别增长…).
        subject = _subject_for(parts[i - 2] if i > 2 else before, noun) or (_subject_for(before, noun) if i > 2 else None)
        if subject:
            parts[i] = subject + parts[i]
    return "".join(parts[2:])


@functools.cache
def _ellipsis_noun() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in data.load("indicators")["ellipsis_nouns"]))


def _subject_for(words: str, noun: str) -> str | None:
    # The first words that name an indicator with `noun` after them (粮食 + 总产量).
    _, table = alias_table()
    return next((words[j:j + k] for j in range(len(words)) for k in range(min(len(words) - j, 12), 1, -1)
                 if table.get(words[j:j + k] + noun, {}).get("key")), None)


def _items_before_respectively(clause: str) -> list[str]:
    # The coordinated items of the subject right before 分别 (城镇、农村 → [城镇, 农村]).
    seg = CLAUSE.split(clause[: clause.index(data.load("indicators")["respectively"])])[-1]
    return [x for x in re.split(data.load("indicators")["coordinators"], seg) if x]


def _shared_noun_subjects(clause: str) -> list[tuple[dict | None, str]]:
    # A、B、C+noun before 分别: each item with the shared noun, (indicator or None, name), or
    # [] when no item then names an indicator.
    _, table = alias_table()
    items = _items_before_respectively(clause)
    if len(items) < 2:
        return []
    last = items[-1]
    for k in range(2, min(len(last), 7)):
        noun = last[-k:]
        named = [it + noun for it in items[:-1]] + [last]
        subjects = [(table.get(n) if table.get(n, {}).get("key") else None, n) for n in named]
        if any(ind for ind, _ in subjects):
            return subjects
    return []


def _shared_head_subjects(clause: str) -> list[tuple[dict | None, str]]:
    # head+A、B、C before 分别 (单位国内生产总值用水量、能耗、二氧化碳排放量): each item with the
    # shared head, (indicator or None, name), or [] when fewer than two items then name one.
    _, table = alias_table()
    items = _items_before_respectively(clause)
    if len(items) < 2:
        return []
    first = items[0]
    for j in range(len(first) - 1, 1, -1):
        head = first[:j]
        named = [first] + [head + it for it in items[1:]]
        subjects = [(table.get(n) if table.get(n, {}).get("key") else None, n) for n in named]
        if sum(1 for ind, _ in subjects if ind) >= 2:
            return subjects
    return []


def _second_subject_first(words: str, alias: str) -> list[Subject]:
    # 城镇和农村居民人均可支配收入: the alias found begins with the second subject; the first is
    # the words before 和 with the alias's noun.
    _, table = alias_table()
    for head in (words[j:] for j in range(len(words))):  # 全市城镇和…: try 全市城镇, 市城镇, 城镇
        for k in range(1, 5):
            ind = table.get(head + alias[k:])
            if ind and ind.get("key"):
                return [Subject(ind, head + alias[k:]), Subject(table[alias], alias)]
    return []


def coordinated(clause: str, start: int, alias: str) -> list[Subject]:
    # 城镇、农村常住居民人均可支配收入 (before 分别): the indicators of each coordinated
    # subject, or [] when the words before the alias are no such coordination.
    _, table = alias_table()
    for compound, heads in data.load("indicators")["coordination_compounds"].items():
        if clause[:start].endswith(compound):
            subjects = [Subject(table.get(h + alias), h + alias) for h in heads]
            if all(ind and ind.get("key") for ind, _ in subjects):
                return subjects
    conj = data.load("indicators")["coordinators"]
    m = re.search(f"([{HAN}]{{1,4}}?){conj}([{HAN}]{{1,4}})$", clause[:start])
    if not m:
        m1 = re.search(f"([{HAN}]{{1,4}}?){conj}$", clause[:start])
        return _second_subject_first(m1.group(1) if m1 else "", alias)
    fillers = data.load("indicators")["coordination_fillers"]
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
                out.append(Subject(ind, name))
                break
        else:
            return []
    return out


def _without_subject(clause: str, previous: list[Subject] | None) -> list[Found]:
    # A clause that names no indicator: A、B、C+noun 分别…, or the previous clause's subjects
    # (……，分别增长8.5%、11%), or the previous subject's next figure (……，增长5.2%).
    c = data.load("indicators")
    respectively = c["respectively"]
    if respectively in clause:
        # 粮食、油料、蔬菜产量分别达118.3万吨、…: the items share the last one's noun.
        shared = _shared_noun_subjects(clause) or _shared_head_subjects(clause)
        figs = [f for f in figure().finditer(clause) if f.start() > clause.index(respectively)]
        if shared and len(figs) == len(shared):
            # The measure words before the first figure go with each (分别下降23%、15%、18%).
            return [Found(s[0], s[1], f, clause[clause.index(respectively): figs[0].start()])
                    for s, f in zip(shared, figs) if s[0]]
    # ……分别达到47125元、25913元，分别增长8.5%、11%: the previous clause's subjects, in order.
    if previous and len(previous) > 1 and re.match(c["respectively_opening"], clause):
        figs = list(figure().finditer(clause))
        if len(figs) == len(previous):
            return [_found(s, f, clause[: f.start()]) for s, f in zip(previous, figs)]
    m = data.regex(c["continuation"]).match(clause)
    f = figure().match(clause, m.end()) if m and previous else None
    return [_found(previous[-1], f, clause[: f.start()])] if f else []


@dataclass
class _Respectively:
    # What 分别 settles: the figures of the subjects before the last figure ahead of it
    # (`before`), the names still to be read (`left`), and the pairs if it paired them all.

    before: list[Found]
    left: list[Name]
    paired: list[Found] | None = None


def _respectively(clause: str, found: list[Name], figs: list[re.Match[str]], stated: bool) -> _Respectively:
    at = clause.index(data.load("indicators")["respectively"])
    # The subjects of 分别 are the indicators after the last figure before it
    # (固定资产投资增长12.6%、…、城乡居民人均可支配收入分别增长6.0%、8.3%).
    last = max((f.end() for f in figs if f.end() <= at), default=0)
    near = [x for x in found if x.start >= last] or found
    subjects = [x.subject for x in near]
    before: list[Found] = []
    if len(near) < len(found):
        before = clause_figures(clause[:last], None, stated)
    if len(near) == 1:
        subjects = coordinated(clause, near[0].start, near[0].alias) or subjects
    after = [f for f in figs if f.start() > near[-1].end]
    if after and any(clause[near[-1].end: after[0].start()].endswith(w) for w in data.load("indicators")["skip_before"]):
        return _Respectively(before, near, [])  # 分别完成年计划的113.4%、256.1%: progress, not values
    if len(subjects) == 1 and len(after) > 1:
        # 单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%: the items share the first one's head.
        shared = _shared_head_subjects(clause)
        if len(shared) == len(after):
            return _Respectively(before, near, [_found(Subject(ind, name), f, clause[near[0].end: after[0].start()])
                                                for (ind, name), f in zip(shared, after) if ind])
        # 城镇新增就业、就业困难人员实现就业分别增长114.9%和144.4%: one of the subjects is an
        # indicator; it takes the figure of its place in the list.
        items = _items_before_respectively(clause)
        place = next((k for k, x in enumerate(items) if subjects[0].alias in x), None)
        if place is not None and len(items) == len(after):
            return _Respectively(before, near, [_found(subjects[0], after[place], clause[near[0].end: after[place].start()])])
    # One figure per subject, or several rounds of them (分别完成47125元、25913元，分别增长8.5%、11%).
    if len(subjects) > 1 and after and len(after) % len(subjects) == 0:
        paired = []
        for k, f in enumerate(after):
            first = k - k % len(subjects)  # the round's first figure
            start = after[first - 1].end() if k >= len(subjects) else near[-1].end
            # The measure words before the round's first figure and a qualifier after its last
            # go with each figure of the round (分别下降1%、2%; 分别控制在5%和3%以内).
            shared = after[first + len(subjects) - 1].group("qual")
            found = _found(subjects[k % len(subjects)], f, clause[start: after[first].start()])
            paired.append(Found(found.indicator, found.alias, f, found.prefix, qualifier=shared))
        return _Respectively(before, near, paired)
    return _Respectively(before, near)


def _in_words(clause: str, name: Name) -> list[Found] | None:
    # A value in words right after the name (持平, 与经济增长同步), for it or for each of the
    # subjects it coordinates (城乡居民收入增长与经济增长同步); None when there is none.
    rest = clause[name.end:].strip()
    if re.search(r"\d", rest):
        return None
    for pat in data.load("indicators")["qualitative"]:
        if re.match(pat, rest):
            text = re.sub(data.load("indicators")["qualitative_lead"], "", rest).strip("。；")
            subjects = coordinated(clause, name.start, name.alias) or [name.subject]
            return [Found(ind, alias, text=text) for ind, alias in subjects]
    return None


def _listed_before(clause: str, found: list[Name], i: int) -> list[Name]:
    # The names of a list that ends with found[i] (能耗强度、碳排放强度持续下降): those just
    # before it, joined to it by a coordinator or nothing (节能减排降碳).
    k = i
    while k > 0 and re.fullmatch(f"({data.load('indicators')['coordinators']})?", clause[found[k - 1].end: found[k].start]):
        k -= 1
    return found[k:i]


def _task(clause: str, found: list[Name]) -> list[Found]:
    # A target or result in words that completes a task and names the indicators inside or
    # before it (完成国家下达的节能减排和环境保护等任务; 节能减排和碳排放强度下降完成国家下达任务):
    # the words from the verb on.
    m = re.search(data.load("indicators")["task_words"], clause)
    if not m or re.search(r"\d", clause):
        return []
    text = clause[m.start():].strip().strip("。；")
    out: dict[str, Found] = {}
    for name in found:
        out.setdefault(name.indicator["key"], Found(name.indicator, name.alias, text=text))
    return list(out.values())


def _named(clause: str, found: list[Name], figs: list[re.Match[str]]) -> list[Found]:
    """Each name with its own figures, or its value in words (which ends the clause and goes
    to the names listed with it too), or else a task in words the clause states for them."""
    out: list[Found] = []
    for i, name in enumerate(found):
        if any(clause[: name.start].endswith(w) for w in data.load("indicators")["denominator_before"]):
            continue
        end = found[i + 1].start if i + 1 < len(found) else len(clause)
        mine = _own_figures(clause, name.end, [f for f in figs if name.end <= f.start() < end])
        if mine:
            out.extend(_found(name.subject, f, clause[name.end: f.start()]) for f in mine)
            continue
        words = _in_words(clause, name)
        if words is not None:
            listed = [Found(n.indicator, n.alias, text=words[0].text) for n in _listed_before(clause, found, i)]
            return out + listed + words
    return out or _task(clause, found)


def clause_figures(clause: str, previous: list[Subject] | None = None, stated: bool = False,
                   before: str = "") -> list[Found]:
    # The figures of a clause, each with its indicator; values in words too. A clause
    # without a subject that opens on a measure word continues the previous clause's
    # indicator (国内生产总值超过126万亿元，增长5.2%); `before` is the clause before it.
    for old, new in data.load("indicators")["alias_rewrites"].items():
        clause = clause.replace(old, new)
    clause = expand_ellipsis(clause, before)
    found = names(clause, stated)
    if not found:
        return _without_subject(clause, previous)
    figs = [f for f in figure().finditer(clause) if not _starting_level(clause, f)]
    before: list[Found] = []
    if data.load("indicators")["respectively"] in clause:
        r = _respectively(clause, found, figs, stated)
        if r.paired is not None:
            return r.before + r.paired
        before, found = r.before, r.left
    return before + _named(clause, found, figs)


def _starting_level(clause: str, f: re.Match[str]) -> bool:
    # 从7248亿元提高到8865亿元: the figure after 从 is where the period started.
    return bool(re.search(data.load("indicators")["from_word"], clause[: f.start()])) and bool(
        re.match(data.load("indicators")["to_words"], clause[f.end():]))


def _own_figures(clause: str, start: int, figs: list[re.Match[str]]) -> list[re.Match[str]]:
    # The figures that belong to the indicator named just before `start`: the first one,
    # and the next ones only while the words between them are measure words
    # (地区生产总值3569.7亿元、增长4.9% — but not 新增城镇就业8.3万人、农村劳动力转移就业2.8万人).
    out: list[re.Match[str]] = []
    pos = start
    joiner = re.compile(data.load("indicators")["figure_joiner"])
    mark = data.load("indicators")["enumeration_mark"]
    for f in figs:
        gap = clause[pos: f.start()]
        if any(gap.endswith(w) for w in data.load("indicators")["skip_before"]) or re.match(data.load("indicators")["threshold_after"], clause[f.end():]):
            break
        # Parts without figures or indicators may stand between (达到5.53万亿元、稳居全国
        # 前十、增长4.8%): the measure words before the figure decide.
        if out and mark in gap and not re.search(r"\d", gap) and not names(gap):
            gap = gap[gap.rfind(mark):]
        if out and not joiner.fullmatch(gap):
            break
        out.append(f)
        pos = f.end()
    return out
