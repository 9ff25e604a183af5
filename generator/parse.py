"""Parse stage: kept lines → the report's title block, lead, preamble and section tree.

Metadata detection lives in generator/meta.py; this module only finds structure.
Every kept line reaches exactly one place in the result: nothing is dropped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import data
from generator.model import Block, Line, Parsed, Section
from generator.typeset import typeset

@dataclass
class Heading:
    style: str  # cn, paren-cn, arabic, paren-arabic, part, plain (group-… for a grouping heading)
    rank: float
    text: str  # typeset, label included
    num: str = ""
    label: str = ""  # typeset numbering label at the start of text


def _ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in data.load("headings")["sentence_end"] + "，,、"


def is_salutation(text: str) -> bool:
    return bool(data.regex(data.load("metadata")["salutation"]).match(text))


def is_meeting_line(text: str) -> bool:
    cfg = data.load("metadata")
    return len(text) <= cfg["meeting_line_max_chars"] and any(data.regex(p).match(text) for p in cfg["meeting_line"])


def is_speaker(text: str) -> bool:
    return bool(data.regex(data.load("metadata")["speaker"]).match(text))


def _split_speaker(lines: list[Line], i: int) -> bool:
    # lines[i] is a post (国务院总理) and lines[i+1] the name (李　强).
    cfg = data.load("metadata")
    return (i + 1 < len(lines) and bool(data.regex(cfg["speaker_title_only"]).match(lines[i].text))
            and bool(data.regex(cfg["speaker_name_only"]).match(lines[i + 1].text)))


def is_doc_title(text: str) -> bool:
    # The document's own title line: 政府工作报告 (possibly letter-spaced).
    compact = re.sub(r"\s+", "", text)
    return compact in data.load("metadata")["report_words"] or (
        len(compact) <= 40 and compact.endswith(data.load("metadata")["title_ending"]) and not _ends_sentence(compact)
    )


def is_bullet(text: str) -> re.Match[str] | None:
    return data.regex(data.load("headings")["bullet"]).match(text)


def numbered(text: str) -> tuple[dict, re.Match[str]] | None:
    for spec in data.load("headings")["numbered"]:
        m = data.regex(spec["pattern"]).match(text)
        if m:
            return spec, m
    return None


def is_part(text: str) -> bool:
    if len(text) > data.load("headings")["max_plain_heading_chars"] or _ends_sentence(text):
        return False
    return any(data.regex(p).search(text) for p in data.load("headings")["parts"])


def _first_sentence(text: str) -> tuple[str, str]:
    m = re.search(r"[。；！？]", text)
    if not m:
        return text, ""
    return text[: m.end()], text[m.end() :]


def split_numbered(text: str) -> tuple[Heading, str] | None:
    """A numbered heading line → (heading, rest of line as paragraph) or None."""
    hit = numbered(text)
    if not hit:
        return None
    spec, m = hit
    body = m.group("text").strip()
    limit = data.load("headings")["max_heading_chars"]
    first, rest = _first_sentence(body)
    if rest.strip() and len(first) <= limit:
        title = first.rstrip("。；！？")
    elif not rest.strip() and len(body) <= limit and not body.endswith(tuple(data.load("headings")["list_item_end"])):
        title, rest = body.rstrip("。"), ""
    else:
        return None
    label = spec["label"].format(num=m.group("num"))
    text = typeset(label + title).strip()
    mark = typeset(label).strip()
    return Heading(spec["style"], spec["rank"], text, m.group("num"), mark if text.startswith(mark) else ""), rest.strip()


def _is_plain_heading(lines: list[Line], i: int) -> bool:
    text = lines[i].text
    cfg = data.load("headings")
    if len(text) > cfg["max_plain_heading_chars"] or _ends_sentence(text) or text[-1] in "!！":
        return False
    if is_bullet(text) or is_salutation(text):
        return False
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1].text
    return bool(
        len(nxt) >= cfg["min_body_chars"] or is_bullet(nxt) or (nxt.endswith("。") and len(nxt) > len(text))
    )


def _run_in(text: str) -> str:
    first, rest = _first_sentence(text)
    if rest and first.endswith("。") and len(first) <= data.load("headings")["run_in_head_max_chars"] and "，" not in first:
        return first
    return ""


def _para(text: str) -> Block:
    t = typeset(text)
    return Block("para", [t], run_in=_run_in(t))


def _find_head(lines: list[Line]) -> tuple[int, int, int | None]:
    """Return (head_start, head_end, salutation index): lines[head_start:head_end] are the
    document's title block; lines before head_start are a news lead."""
    n = len(lines)
    sal = next((i for i, ln in enumerate(lines) if is_salutation(ln.text)), None)
    limit = sal if sal is not None else min(n, 40)
    anchor = None  # the speaker or meeting line closest to the start of the body
    for i in range(limit):
        if _split_speaker(lines, i):
            anchor = i + 1
            break
        if is_speaker(lines[i].text) or is_meeting_line(lines[i].text):
            anchor = i
            if is_speaker(lines[i].text):
                break
    if anchor is None:
        # No meeting line: the head is the page title, if the first line is one.
        first = lines[0].text if lines else ""
        if first and len(first) <= 60 and not _ends_sentence(first) and (
            any(w in first for w in data.load("metadata")["report_words"]) or (n > 1 and is_meeting_line(lines[1].text))
        ):
            end = 2 if n > 1 and is_meeting_line(lines[1].text) else 1
            return 0, end, sal
        return 0, 0, sal
    # Walk back from the anchor over the title block: doc title, meeting line, speaker.
    start = anchor
    while start > 0:
        k = start - 1
        prev = lines[k].text
        if (
            is_doc_title(prev)
            or is_meeting_line(prev)
            or is_speaker(prev)
            or _split_speaker(lines, k)
            or (k >= 1 and _continues_meeting(lines, k - 1))
            or (k == 0 and len(prev) <= 60 and not _ends_sentence(prev))
        ):
            start = k
        else:
            break
    end = anchor + 1
    while end < limit and (is_speaker(lines[end].text) or _continues_meeting(lines, end - 1)
                           or _split_speaker(lines, end) or _bare_name_after_meeting(lines, end)):
        end += 2 if _split_speaker(lines, end) else 1
    # A page title on line 0 followed by a lead: keep it in the head too.
    return start, end, sal


def _bare_name_after_meeting(lines: list[Line], i: int) -> bool:
    # 周恩来 alone on the line after the meeting line: the speaker, without a post.
    return i >= 1 and is_meeting_line(lines[i - 1].text) and is_bare_name(lines[i].text)


def is_bare_name(text: str) -> bool:
    compact = re.sub(r"\s+", "", text)
    return 2 <= len(compact) <= 4 and bool(data.regex(data.load("metadata")["speaker_name_only"]).match(text)) \
        and not is_salutation(text) and not any(w in compact for w in data.load("metadata")["not_a_name"])


def _continues_meeting(lines: list[Line], i: int) -> bool:
    """lines[i] is a meeting line broken in two and lines[i+1] its second half."""
    if i + 1 >= len(lines) or not is_meeting_line(lines[i].text):
        return False
    text, nxt = lines[i].text, lines[i + 1].text
    done = text.endswith(tuple(data.load("metadata")["meeting_line_ends"]))
    return not done and len(nxt) <= 30 and not _ends_sentence(nxt) and not is_speaker(nxt) and not is_salutation(nxt)


def _join_head(lines: list[Line]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        if _continues_meeting(lines, i):
            text += lines[i + 1].text
            i += 1
        elif _split_speaker(lines, i):
            text = f"{text} {lines[i + 1].text}"
            i += 1
        out.append(text)
        i += 1
    return out


def _typeset_head(text: str) -> str:
    m = data.regex(data.load("metadata")["speaker"]).match(text)
    if m:
        org = typeset(m.group("org") or "")
        name = re.sub(r"\s+", "", m.group("name"))
        return f"{org}{m.group('title')} {name}"
    if re.sub(r"\s+", "", text) in data.load("metadata")["report_words"]:
        return re.sub(r"\s+", "", text)
    # A headline in two halves separated by a space keeps the gap (as an ideographic space).
    halves = [typeset(part) for part in re.split(r"\s+", text)]
    if len(halves) > 1 and all(len(h) >= 4 for h in halves):
        return "\u3000".join(halves)
    return typeset(text)


def _is_lead_paragraph(text: str) -> bool:
    return any(w in text for w in data.load("metadata")["lead_markers"])


def _unjoin(lines: list[Line]) -> list[Line]:
    # A report saved as one line whose paragraphs are separated by spaces (各位代表： 现在，……
    # 意见。一、2023年工作回顾 过去的一年……) is cut back into its paragraphs, and a heading
    # glued to the end of the paragraph before it is put on a line of its own. Only lines
    # longer than `max_paragraph_chars` with at least `min_joined_paragraphs` gaps between
    # Chinese text are touched: a space inside an ordinary paragraph is left alone.
    cfg = data.load("headings")
    out: list[Line] = []
    for line in lines:
        parts = re.split(r"(?<=[^\x00-\x7f])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7f])", line.text)
        parts = [p for p in parts if p]
        if len(line.text) <= cfg["max_paragraph_chars"] or len(parts) < cfg["min_joined_paragraphs"]:
            out.append(line)
            continue
        for part in parts:
            cut = max(part.rfind(c) for c in "。！？") + 1
            tail = part[cut:]
            if 0 < cut < len(part) and len(tail) <= cfg["max_heading_chars"] and not _ends_sentence(tail) \
                    and (numbered(tail) or is_part(tail)):
                out += [Line(line.no, part[:cut]), Line(line.no, tail)]
            else:
                out.append(Line(line.no, part))
    return out


def is_report_line(text: str) -> bool:
    """Whether a short line is part of a report's own structure (salutation, title block,
    heading, back matter, a sentence or a sentence's lead-in): such a line may repeat across
    reports of one collection without being a publisher's furniture."""
    cfg = data.load("headings")
    compact = re.sub(r"\s+", "", text)
    return bool(
        _ends_sentence(compact) or is_salutation(compact) or is_doc_title(text) or is_meeting_line(text)
        or is_speaker(text) or bool(data.regex(data.load("metadata")["speaker_title_only"]).match(text))
        or is_bare_name(text) or numbered(text) or is_part(text)
        or data.regex(cfg["back_matter"]).match(_unspaced(text))
        or data.regex(cfg["lone_numeral"]).match(text)
        or any(data.regex(s["pattern"]).match(text) for s in cfg["ordinal_heads"]["styles"])
    )


def _rejoin(lines: list[Line]) -> list[Line]:
    """Join lines broken around an inline element (see `inline_breaks` in headings.yml)."""
    cfg = data.load("headings")["inline_breaks"]

    def is_fragment(text: str) -> bool:
        return len(text) <= cfg["fragment_max_chars"] and not _ends_sentence(text.rstrip(cfg["comma"]))

    out: list[Line] = []
    i = 0
    while i < len(lines):
        text, no = lines[i].text, lines[i].no
        i += 1
        carry = False  # the previous join took a fragment: the sentence goes on
        while i < len(lines):
            nxt = lines[i].text
            if split_numbered(nxt) or is_salutation(nxt):
                break
            if text[-1] in cfg["opening"] or nxt[0] in cfg["closing"] or carry:
                carry = False
            elif (text[-1] in cfg["comma"] or re.search(r"[A-Za-z]$", text)) and is_fragment(nxt):
                carry = True
            else:
                break
            text += nxt
            i += 1
        out.append(Line(no, text))
    return out


def parse(lines: list[Line]) -> Parsed:
    lines = _rejoin(_unjoin(lines))
    head_start, head_end, sal = _find_head(lines)
    head_raw = _join_head(lines[head_start:head_end])
    lead_lines = lines[:head_start]
    if head_start == 0 and head_end == 0 and lines:
        lead_lines = []
    rest = lines[head_end:]
    # Without a salutation, opening paragraphs that report on the meeting are a news lead.
    if sal is None:
        k = 0
        while k < len(rest) and not _starts_body(rest, k) and _is_lead_paragraph(rest[k].text):
            k += 1
        if k and k < len(rest):
            lead_lines = lead_lines + rest[:k]
            rest = rest[k:]
    elif sal > head_end:
        lead_lines = lead_lines + lines[head_end:sal]
        rest = lines[sal:]
    dropped: list[Line] = []
    while lead_lines and _is_headline(lead_lines[0].text):
        dropped.append(lead_lines.pop(0))
    lead = _blocks(lead_lines)
    preamble, sections, top = _body(rest)
    assign_block_anchors(lead, preamble, sections)
    return Parsed(
        dropped=dropped,
        head=[_typeset_head(t) for t in head_raw],
        head_raw=head_raw,
        lead=lead,
        preamble=preamble,
        sections=sections,
        numbered_top=top,
    )


def _is_headline(text: str) -> bool:
    """A short line before the title block that is no editor's prose: the page's headline."""
    return len(text) <= 40 and text[-1] not in "。！？…：:" and not is_doc_title(text)


def _starts_body(lines: list[Line], i: int) -> bool:
    text = lines[i].text
    return bool(
        is_salutation(text) or split_numbered(text) or is_part(text) or data.regex(data.load("headings")["lone_numeral"]).match(text)
    )


def _split_long(lines: list[Line]) -> list[Line]:
    """A line longer than `max_paragraph_chars` (a file saved without line breaks) is cut
    into paragraphs at sentence ends; the text itself is unchanged."""
    limit = data.load("headings")["max_paragraph_chars"]
    out: list[Line] = []
    for line in lines:
        if len(line.text) <= limit:
            out.append(line)
            continue
        chunk = ""
        for sentence in re.split(r"(?<=[。！？])", line.text):
            if chunk and len(chunk) + len(sentence) > limit:
                out.append(Line(line.no, chunk))
                chunk = ""
            chunk += sentence
        if chunk:
            out.append(Line(line.no, chunk))
    return out


def _blocks(lines: list[Line]) -> list[Block]:
    """Paragraphs, lists and verse from lines with no headings among them."""
    lines = _split_long(lines)
    out: list[Block] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        m = is_bullet(text)
        if m:
            items = []
            while i < len(lines) and (m := is_bullet(lines[i].text)):
                items.append(typeset(m.group("text")))
                i += 1
            out.append(Block("list", items))
            continue
        if _is_verse_line(text) and i + 1 < len(lines) and _is_verse_line(lines[i + 1].text):
            verse = []
            while i < len(lines) and _is_verse_line(lines[i].text) and not is_bullet(lines[i].text):
                verse.append(typeset(lines[i].text))
                i += 1
            out.append(Block("verse", verse))
            continue
        out.append(_para(text))
        i += 1
    return out


def _glossary(lines: list[Line]) -> list[Block]:
    # Numbered entries 1.“两重”：…… as one definition list; other lines as paragraphs.
    entry = data.regex(data.load("headings")["glossary_entry"])
    out: list[Block] = []
    for line in _split_long(lines):
        m = entry.match(line.text)
        if m:
            if not out or out[-1].kind != "glossary":
                out.append(Block("glossary", []))
            out[-1].terms.append(typeset(m.group("term")))
            out[-1].lines.append(typeset(m.group("text")))
        else:
            out.extend(_blocks([line]))
    return out


def _is_verse_line(text: str) -> bool:
    """Short lines without sentence punctuation, as web pages break slogans and closings."""
    return len(text) <= 40 and not (text[-1] in "。；：:;") and not is_salutation(text)


def _unspaced(text: str) -> str:
    # 名 词 解 释 → 名词解释: a short line whose characters are spaced out is one word.
    parts = text.split()
    if len(parts) > 2 and all(len(p) == 1 for p in parts):
        return "".join(parts)
    return text


def _heading_at(lines: list[Line], i: int) -> tuple[Heading, str, int] | None:
    """The heading that starts at lines[i]: (heading, rest of the line, lines consumed)."""
    cfg = data.load("headings")
    text = lines[i].text
    heading: Heading | None = None
    rest = ""
    consumed = 1
    spaced = _unspaced(text)  # 名 词 解 释, letter-spaced as a centred title
    if data.regex(cfg["back_matter"]).match(spaced) and len(text) <= 40:
        heading = Heading("back", 0, typeset(spaced))
        # 附件 / 2025年10件惠民实事: the appendix's title is its own heading.
    elif i >= 1 and data.regex(cfg["appendix_label"]).match(lines[i - 1].text) and len(text) <= 40 \
            and not _ends_sentence(text):
        heading = Heading("appendix-title", 0.5, typeset(text))
    elif data.regex(cfg["lone_numeral"]).match(text) and i + 1 < len(lines) \
            and not _ends_sentence(lines[i + 1].text) and len(lines[i + 1].text) <= cfg["max_heading_chars"]:
        heading = Heading("cn", 1, typeset(f"{text}、{lines[i + 1].text}"), text, f"{text}、")
        consumed = 2
    elif (hit := split_numbered(text)) is not None and not _closes_a_list(lines, i):
        heading, rest = hit
    elif is_part(text):
        heading = Heading("part", 0, typeset(text))
    elif _is_plain_heading(lines, i) and (i == 0 or not _is_verse_line(lines[i - 1].text) or _ends_sentence(lines[i - 1].text)):
        heading = Heading("plain", 5, typeset(text))
    if heading is None:
        return None
    if heading.style == "back":
        return heading, rest, consumed
    # A heading broken over two lines.
    j = i + consumed
    if not rest and heading.text.endswith(tuple(cfg["continuation_endings"])) and j < len(lines):
        nxt = lines[j].text
        if len(nxt) <= 24 and not _ends_sentence(nxt):
            heading.text += typeset(nxt)
            consumed += 1
    return heading, rest, consumed


def _closes_a_list(lines: list[Line], i: int) -> bool:
    """Is lines[i] the last item of a list in the text, whose items before it end in a
    semicolon (the last one in a full stop)? Then it is no heading, as they are none."""
    if i == 0 or not lines[i - 1].text.endswith(tuple(data.load("headings")["list_item_end"])):
        return False
    here, before = numbered(lines[i].text), numbered(lines[i - 1].text)
    return bool(here and before and here[0]["style"] == before[0]["style"])


def _numerals() -> str:
    """The numerals one to ten in order (metadata.yml: numeral_digits, numeral_ten)."""
    cfg = data.load("metadata")
    ones = sorted((v, k) for k, v in cfg["numeral_digits"].items() if v > 0)
    return "".join(k for _, k in ones) + cfg["numeral_ten"]


def _cn_value(num: str) -> int:
    # 一 → 1, 十二 → 12, 二十 → 20 (the numerals of ordinal heads).
    numerals, ten = _numerals(), data.load("metadata")["numeral_ten"]
    if ten not in num:
        return numerals.index(num) + 1 if num in numerals else 0
    tens, _, ones = num.partition(ten)
    return (numerals.index(tens) + 1 if tens else 1) * 10 + (numerals.index(ones) + 1 if ones else 0)


def _ordinal_heads(lines: list[Line]) -> dict[int, tuple[Heading, str, int]]:
    # Line index → heading for lines that open a run of 一是…, 二是…, 三是… (or 第一、…).
    cfg = data.load("headings")["ordinal_heads"]
    limit = data.load("headings")["max_heading_chars"]
    out: dict[int, tuple[Heading, str, int]] = {}
    for spec in cfg["styles"]:
        pattern = data.regex(spec["pattern"])
        runs: list[list[tuple[int, Heading, str]]] = []
        for i, line in enumerate(lines):
            m = pattern.match(line.text)
            if not m or len(m.group("text")) > limit:
                continue
            rest = m.group("rest").strip()
            if not rest and m.group("end"):
                continue  # a one-sentence paragraph: an item of a list, not a head
            value = _cn_value(m.group("num"))
            text = typeset(m.group("label") + m.group("text"))
            mark = typeset(m.group("label")).strip()
            heading = Heading(spec["style"], spec["rank"], text, m.group("num"), mark if text.startswith(mark) else "")
            if value == 1:
                runs.append([(i, heading, rest)])
            elif runs and _cn_value(runs[-1][-1][1].num) == value - 1:
                runs[-1].append((i, heading, rest))
        out.update({i: (h, rest, 1) for run in runs if len(run) >= cfg["min_run"] for i, h, rest in run})
    return out


def _plain_parts(lines: list[Line], ordinal: dict) -> bool:
    # Whether unnumbered headings are the report's parts, above the numbered ones: the first
    # heading is unnumbered and at least two unnumbered headings each open a numbered run
    # (奋力完成2023年高质量发展的各项任务 › （一）…（五）; 全力实现2024年…的奋斗目标 › 一、…).
    # Unnumbered headings in a row of siblings (抓运行、稳增长…; 抓投入、增福祉…) followed by
    # （一）… are not: there only the last one would open a run.
    styles = []
    i = 0
    while i < len(lines):
        found = ordinal.get(i) or _heading_at(lines, i)
        if found:
            styles.append(found[0].style)
        i += found[2] if found else 1
    if not styles or styles[0] != "plain":
        return False
    numbered_styles = {spec["style"] for spec in data.load("headings")["numbered"]}
    opens = sum(1 for a, b in zip(styles, styles[1:]) if a == "plain" and b in numbered_styles)
    return opens >= 2


def _body(lines: list[Line]) -> tuple[list[Block], list[Section], list[str]]:
    """Walk the body: headings open sections, everything else becomes blocks."""
    root: list[Section] = []
    pending: list[Line] = []  # lines of the current section not yet turned into blocks
    stack: list[tuple[Heading, Section]] = []
    current: Section | None = None
    top: list[str] = []
    preamble_blocks: list[Block] = []

    def flush() -> None:
        glossary = current is not None and bool(data.regex(data.load("headings")["glossary_title"]).search(current.title))
        blocks = _glossary(pending) if glossary else _blocks(pending)
        if current is None:
            preamble_blocks.extend(blocks)
        else:
            current.blocks.extend(blocks)
        pending.clear()

    i = 0
    entry = data.regex(data.load("headings")["glossary_entry"])
    ordinal = _ordinal_heads(lines)
    plain_top = _plain_parts(lines, ordinal)
    first = ""  # the first of the swappable styles met in this report
    while i < len(lines):
        in_glossary = current is not None and bool(data.regex(data.load("headings")["glossary_title"]).search(current.title))
        found = ordinal.get(i) or (None if in_glossary and entry.match(lines[i].text) else _heading_at(lines, i))
        if found is None:
            pending.append(lines[i])
            i += 1
            continue
        heading, rest, consumed = found
        if plain_top and heading.style == "plain":
            heading.rank = 0
        first = _ranked_by_first(heading, first, opens_outline=not stack)
        # A heading with no text of its own, directly followed by a heading of the same
        # style, groups the headings of that style that follow it
        # (2025年重点工作安排 › 2025年工作总体要求, 2025年主要预期目标, …).
        nxt = _heading_at(lines, i + consumed) if not rest and i + consumed < len(lines) else None
        if nxt and nxt[0].style == heading.style:
            heading = Heading(f"group-{heading.style}", heading.rank - 0.5, heading.text, heading.num, heading.label)
        flush()
        # Level: siblings share a style; a new style nests under the nearest heading of
        # lower rank (docutils-style, with ranks so that （一） never contains 一、).
        while stack and stack[-1][0].style != heading.style and stack[-1][0].rank >= heading.rank:
            stack.pop()
        if stack and stack[-1][0].style == heading.style:
            stack.pop()
        level = stack[-1][1].level + 1 if stack else 2
        section = Section(title=heading.text, level=min(level, 6), anchor="", label=heading.label)
        (stack[-1][1].children if stack else root).append(section)
        stack.append((heading, section))
        if level == 2 and heading.style == "cn":
            top.append(heading.num)
        current = section
        if rest:
            pending.append(Line(lines[i].no, rest))
        i += consumed
    flush()
    _number(root, "s")
    return preamble_blocks, root, top


def _ranked_by_first(heading: Heading, first: str, opens_outline: bool) -> str:
    """The first of the swappable styles (data/headings.yml `swappable`) met so far, with
    `heading` ranked below the other style when the report opened its outline with that one.
    A swappable style met first under another heading (a review's numbered points under its
    part title) swaps nothing: "nested"."""
    swap = data.load("headings")["swappable"]
    if heading.style not in swap:
        return first
    first = first or (heading.style if opens_outline else "nested")
    if first == swap[1] and heading.style == swap[0]:
        rank = {spec["style"]: spec["rank"] for spec in data.load("headings")["numbered"]}
        heading.rank = rank[swap[1]] + 0.75  # its groups (rank - 0.5) too
    return first


def _number(sections: list[Section], prefix: str) -> None:
    for k, s in enumerate(sections, start=1):
        s.anchor = f"{prefix}{k}" if prefix == "s" else f"{prefix}-{k}"
        _number(s.children, s.anchor)


def assign_block_anchors(lead: list[Block], preamble: list[Block], sections: list[Section]) -> None:
    # The one place blocks get their anchors (lead-1, p12); sentences number within them.
    for k, b in enumerate(lead, start=1):
        b.anchor = f"lead-{k}"
    n = 0

    def walk(blocks: list[Block]) -> None:
        nonlocal n
        for b in blocks:
            n += 1
            b.anchor = f"p{n}"

    walk(preamble)

    def walk_sections(secs: list[Section]) -> None:
        for s in secs:
            walk(s.blocks)
            walk_sections(s.children)

    walk_sections(sections)
