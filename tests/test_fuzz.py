"""Property tests: arbitrary bytes and text never raise past the reader, cleaner and
parser, and nothing is lost on the way."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import search
from generator.clean import clean, source_lines
from generator.escape import h, md
from generator.model import InputError
from generator.parse import parse
from generator.read import read_bytes

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like a saved report: Chinese, punctuation, numbers, furniture words,
# markup, full-width spaces and line breaks.
PIECES = st.sampled_from([
    "各位代表：", "一、", "（一）", "二", "2024年工作回顾", "地区生产总值增长7%左右", "。", "，", ",", ":", "“", "”", '"',
    "——", "\n", "\n\n", "　", " ", "- ", "会员菜单加载中", "分享:", "版权所有", "责任编辑:", "<script>", "{{ x }}",
    "[a](javascript:x)", "|", "#", "淇县", "新乡市人民政府市长 魏建平", "第十四届人民代表大会第三次会议", "。一是", "抓运行",
])
REPORTISH = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join)


@FAST
@given(st.binary(max_size=4000))
def test_reader_accepts_or_explains_any_bytes(data):
    try:
        source = read_bytes("fuzz.txt", data)
    except InputError as exc:
        assert exc.reason and exc.fix
        return
    assert isinstance(source.text, str) and source.script in ("hans", "hant")


@FAST
@given(st.text(max_size=3000))
def test_reader_accepts_any_unicode_in_any_encoding(text):
    for enc in ("utf-8", "utf-16", "utf-8-sig"):
        try:
            read_bytes("fuzz.txt", text.encode(enc))
        except InputError:
            pass


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


@FAST
@given(REPORTISH)
def test_clean_keeps_or_logs_every_line(text):
    cleaned = clean(text)
    everything = sorted((ln.no, ln.text) for ln in source_lines(text))
    accounted = sorted([(ln.no, ln.text) for ln in cleaned.kept] + [(r.no, r.text) for r in cleaned.removed])
    assert accounted == everything


@FAST
@given(REPORTISH)
def test_parse_places_every_kept_line(text):
    kept = clean(text).kept
    parsed = parse(kept)
    out = []
    out.extend(parsed.head)
    out.extend(line.text for line in parsed.dropped)  # page headlines: logged by the build
    for b in parsed.lead + parsed.preamble:
        out.extend(b.lines)

    def walk(secs):
        for s in secs:
            out.append(s.title)
            for b in s.blocks:
                out.extend(b.lines)
            walk(s.children)

    walk(parsed.sections)
    placed = _letters("".join(out))
    for line in kept:
        assert _letters(line.text) in placed


@FAST
@given(st.text(max_size=200))
def test_escaped_text_has_no_markup(text):
    assert "<" not in h(text) and ">" not in h(text)
    escaped = md(text)
    assert "<" not in escaped and ">" not in escaped
    assert not re.search(r"(?<!\\)[\[\]`*_{}|]", escaped)


@FAST
@given(st.lists(st.text(alphabet="中原农谷千喜鹤集团县市", min_size=1, max_size=5), min_size=1, max_size=20),
       st.text(alphabet="中原农谷千喜鹤集团县市的和", max_size=60))
def test_trie_pattern_finds_what_a_longest_first_alternation_finds(words, text):
    import re

    from generator.trie import pattern

    plain = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))))
    assert [m.span() for m in pattern(words).finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.group() for m in pattern(words).finditer(text)] == plain.findall(text)
    assert pattern(words).sub(lambda m: f"<{m.group()}>", text) == plain.sub(lambda m: f"<{m.group()}>", text)


def test_an_empty_set_of_words_finds_nothing():
    from generator.trie import pattern

    assert list(pattern([]).finditer("中原农谷")) == []
    assert pattern([""]).sub(lambda m: "X", "中原") == "中原"  # an empty word is no word


def _varint(n: int) -> bytes:
    out = bytearray()
    search.varint(n, out)
    return bytes(out)


def plain_postings(texts: list[str]) -> dict[str, bytes]:
    """The search index's postings of one block, as its format describes them, one page and
    one gram at a time: for a character, page delta, count and first position; for a pair,
    page delta, count and every position as a step from the one before."""
    out: dict[str, bytes] = {}
    last: dict[str, int] = {}
    for number, text in enumerate(texts):
        grams: dict[str, list[int]] = {}
        for i, c in enumerate(text):
            grams.setdefault(c, []).append(i)
            if i + 1 < len(text):
                grams.setdefault(text[i:i + 2], []).append(i)
        for g, at in grams.items():
            if search.GAP in g:
                continue
            numbers = [number - last.get(g, 0), len(at)]
            numbers += [at[0]] if len(g) == 1 else [b - a for a, b in zip([0] + at, at)]
            out[g] = out.get(g, b"") + b"".join(map(_varint, numbers))
            last[g] = number
    return out


BLOCKS = st.lists(st.text(alphabet="万山水\x00青a\U0002000b\ud800", max_size=40), max_size=6)


@pytest.mark.parametrize("ranks", [search.RANKS, 3])  # 3: most blocks number pairs by code point
@FAST
@given(blocks=BLOCKS)
def test_postings_of_a_block_are_those_of_the_format(ranks, blocks):
    saved, search.RANKS = search.RANKS, ranks
    try:
        pages = [search.PageText(f"p{n}/", "", "index", pieces=[
            search.Piece(start, "", part, k, "") for k, (start, part) in enumerate(_spread(text))])
            for n, text in enumerate(blocks)]
        assert search._grams(pages) == plain_postings([p.joined() for p in pages])
    finally:
        search.RANKS = saved


def _spread(text: str) -> list[tuple[int, str]]:
    """The parts of `text` between gaps, with their offsets: a page's blocks."""
    parts, at = [], 0
    for part in text.split(search.GAP):
        if part:
            parts.append((at, part))
        at += len(part) + 1
    return parts


def test_positions_past_two_bytes_and_page_steps_past_one_are_encoded():
    far = search.PageText("far/", "", "index", pieces=[search.Piece(20000, "", "万山", 0, "")])
    pages = [far] + [search.PageText(f"{n}/", "", "index") for n in range(200)] + [far]
    assert search._grams(pages) == plain_postings([p.joined() for p in pages])
    assert search._grams(pages)["万山"] == _varint(0) + _varint(1) + _varint(20000) + _varint(201) + _varint(1) + _varint(20000)


MARKUP = st.sampled_from([
    "<p>", "</p>", '<p id="a">', "<h2 id='b'>", "</h2>", '<a class="headerlink" href="#b">', "</a>", "<br>", "<br/>",
    "<td>", "</td>", "<svg>", "</svg>", "<script>", "</script>", "<!-- c -->", "<!--", "-->", "&amp;", "&#x4e19;",
    "&nbsp;", "&", "<", ">", "</ p>", "<P ID=x>", "<em>", "</em>", "<img src=a/>", '<p title="x>y">', "\n", " ",
    "增长7%", "一", "。", "<!doctype html>", "<![CDATA[", "]]>", "<?x?>", '<div data-x="1" hidden>', "</div>",
])


@FAST
@given(st.lists(st.one_of(MARKUP, st.text(max_size=6)), max_size=40).map("".join))
def test_any_markup_is_read_into_the_pieces_html_parser_gives(article):
    """The search index's plain reading of a page, or html.parser's where it leaves the page
    to it, gives the pieces html.parser gives."""
    reference = search._TextParser()
    reference.feed(article)
    reference.close()
    assert search._pieces(article) == reference.pieces
