"""The site's search index: exact substring search over the text readers see.

A reader types a few characters and expects exactly the pages that contain them, as the
browser's find-in-page would show them. Word-based engines cannot promise that for Chinese
(a segmenter decides what a word is), so this index records, for every page, where each
character and each pair of adjacent characters occurs. The browser's query engine
(`overrides/assets/javascripts/zh-search.js`) fetches the postings of the pairs that cover a
query and keeps the positions where they line up: every page that holds the query and no
other.

Text is normalised the same way on both sides (`normalize_char`): whitespace and the
zero-width characters of segmentation are dropped, compatibility forms folded (NFKC, one
character to one) and letters lower-cased. A block of the page (paragraph, heading, table
cell, list item) is a unit: no match runs from one block into the next.

Files written under `<site>/search/`:

- `meta.json`: format version, shard count, the blocks of pages, and the filters' values;
- `pages-<b>.json`: for the pages of block b, their address, title, kind, region, level, year,
  where their text chunks start and which ranges are headings or table cells;
- `<b>/<shard>.bin`: postings of the grams hashed to that shard, for the pages of block b;
- `text/<page>-<k>.json`: a page's text in chunks, each piece with the anchor it sits under,
  fetched only to show the passages of the results on screen.

A query thus downloads the few shards its pairs hash to, block by block, and the text of the
results shown: it grows with the query and the results, not with the collection.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import json
import os
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from generator import workers

FORMAT = 2  # meta.json "shards" is a count per block
# Characters that are no part of the text a reader searches: segmentation marks, soft
# hyphens, byte-order marks and separators Python and JavaScript disagree on as whitespace.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u00ad\ufeff\x1c\x1d\x1e\x1f\x85")
BLOCK_TAGS = frozenset("""p li h1 h2 h3 h4 h5 h6 td th dt dd div blockquote pre caption
    figcaption table tr thead tbody ul ol dl section details summary figure header footer
    nav aside article hr br""".split())
HOT_TAGS = frozenset("h1 h2 h3 h4 h5 h6 td th".split())
SKIP_TAGS = frozenset(("script", "style", "svg", "template", "noscript"))
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
PAGES_PER_BLOCK = 256
SHARD_BYTES = 8192  # the size a shard file aims at; the shard count follows from the total
CHUNK_CHARS = 2500  # the text of a page is fetched in chunks of about this many characters


def normalize_char(c: str) -> str:
    """The character as the index stores it, or '' when it is not searchable text."""
    if c in ZERO_WIDTH or c.isspace():
        return ""
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        n = c
    low = n.lower()
    return low if len(low) == 1 else n


class _Table(dict):
    """str.translate's table, filled character by character on first sight."""

    def __missing__(self, code: int) -> str:
        value = self[code] = normalize_char(chr(code))
        return value


_TABLE = _Table()


def normalize(text: str) -> str:
    return text.translate(_TABLE)


def fnv1a(key: str) -> int:
    """32-bit FNV-1a over the key's UTF-8 bytes: the browser computes the same."""
    h = 0x811C9DC5
    for b in key.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


@dataclasses.dataclass
class Piece:
    """A run of a page's text under one anchor, inside one block."""

    start: int  # offset of its first searchable character in the page's normalised text
    anchor: str
    text: str  # as shown, whitespace kept
    block: int  # the block it belongs to (pieces of one block are contiguous)
    hot: str  # "heading", "cell" or ""


@dataclasses.dataclass
class PageText:
    url: str
    title: str
    kind: str  # "report" or "index"
    regions: list[str] = dataclasses.field(default_factory=list)  # the region and its parents
    level: str = ""
    year: int | None = None
    pieces: list[Piece] = dataclasses.field(default_factory=list)

    @functools.cached_property
    def digest(self) -> bytes:
        """What the page's postings and text files are made of (its pieces), hashed: read
        where the page is read, in a worker process, and kept with it."""
        h = hashlib.sha256()
        for p in self.pieces:
            h.update(f"{p.start}\x00{p.anchor}\x00{p.block}\x00{p.hot}\x00{len(p.text)}\x00{p.text}".encode(
                "utf-8", "surrogatepass"))
        return h.digest()

    @functools.cached_property
    def hot_ranges(self) -> list[int]:
        """Start and end of the headings, and of the tables of a report (its summary of
        figures), flattened; the cells of one table (blocks one gap apart) make one range. The
        tables of index pages are their body, not a summary: a hit there ranks as any other."""
        flat: list[int] = []
        for start, text, hot in self.blocks():
            if not text or not (hot == "heading" or (hot == "cell" and self.kind == "report")):
                continue
            if flat and start <= flat[-1] + 1:
                flat[-1] = start + len(text)
            else:
                flat += [start, start + len(text)]
        return flat

    def blocks(self) -> list[tuple[int, str, bool]]:
        """(start offset, normalised text, hot) of each block."""
        return self._blocks

    @functools.cached_property
    def _blocks(self) -> list[tuple[int, str, bool]]:
        # made where the page is read (for `hot_ranges`), and kept for its postings
        out: list[list] = []
        for p in self.pieces:
            if not out or p.block != out[-1][0]:
                out.append([p.block, p.start, [], p.hot])
            out[-1][2].append(normalize(p.text))
        return [(start, "".join(parts), hot) for _, start, parts, hot in out if any(parts)]

    def joined(self) -> str:
        """The page's normalised text, blocks separated by GAP: a character's index in it is its
        position in the index."""
        text = ""
        for start, block, _ in self.blocks():
            text += GAP * (start - len(text)) + block
        return text


class _TextParser(HTMLParser):
    """The text of an article as a reader sees it, in blocks and anchored pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[Piece] = []
        self.stack: list[tuple[str, str | None]] = []  # (tag, id)
        self.skip = 0
        self.block = 0
        self.at = 0
        self.hot: list[str] = []  # the open headings and cells
        self._open_block = False

    def _anchor(self) -> str:
        for _, ident in reversed(self.stack):
            if ident:
                return ident
        return ""

    def _hot(self) -> str:
        return self.hot[-1] if self.hot else ""

    def _boundary(self) -> None:
        if self._open_block:
            self.block += 1
            self.at += 1  # a gap: no pair of characters spans two blocks
            self._open_block = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.skip or tag in SKIP_TAGS or "headerlink" in (a.get("class") or "").split():
            if tag not in VOID_TAGS:
                self.skip += 1
            return
        if tag in BLOCK_TAGS:
            self._boundary()
        if tag in VOID_TAGS:
            return
        if tag in HOT_TAGS:
            self.hot.append("cell" if tag in ("td", "th") else "heading")
        self.stack.append((tag, a.get("id")))

    def handle_endtag(self, tag):
        if self.skip:
            if tag not in VOID_TAGS:
                self.skip -= 1
            return
        if tag in VOID_TAGS:
            return
        # Pop to the matching open tag (HTML written by Markdown is well formed).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for t, _ in self.stack[i:]:
                    if t in HOT_TAGS:
                        self.hot.pop()
                del self.stack[i:]
                break
        if tag in BLOCK_TAGS:
            self._boundary()

    def handle_data(self, data):
        if self.skip or not data:
            return
        n = len(normalize(data))
        anchor = self._anchor()
        last = self.pieces[-1] if self.pieces else None
        if last and last.block == self.block and last.anchor == anchor and last.hot == self._hot():
            last.text += data
        elif n or (last and last.block == self.block):
            self.pieces.append(Piece(self.at, anchor, data, self.block, self._hot()))
        else:
            return
        if n:
            self._open_block = True
        self.at += n


# The markup MkDocs writes, read without html.parser's general machinery (one and a half times
# as fast on a thousand reports' pages): a start or end tag with plain names and attributes, or
# a comment. Anything else in a page (a declaration, a stray "<", a tag written otherwise) and
# the page is read by html.parser instead, whose reading this gives (tests/test_search.py).
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
                  r"(?:\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'|[^\s\"'=<>`]+))?)*)\s*(/?)>")
_ATTR = re.compile(r"\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(\"[^\"<]*\"|'[^'<]*'|[^\s\"'=<>`]+))?")
_RAW_END = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in ("script", "style")}  # html.parser's


def _attr_value(raw: str) -> str | None:
    if not raw:
        return None  # a name alone
    if raw[0] in "\"'":
        raw = raw[1:-1]
    return html.unescape(raw) if raw else raw


def _read_plainly(parser: _TextParser, text: str) -> bool:
    """Feed `text` to the parser's handlers as html.parser would; False, part way, at markup
    this does not read."""
    find, unescape, n, i = text.find, html.unescape, len(text), 0
    while True:
        j = find("<", i)
        j = n if j < 0 else j
        if i < j:
            parser.handle_data(unescape(text[i:j]))
        if j == n:
            return True
        m = _TAG.match(text, j)
        if m is None:  # a comment: html.parser's ends at the first --> when it holds no other "--"
            end = find("-->", j + 4) if text.startswith("<!--", j) else -1
            if end < 0 or "--" in text[j + 4:end] or text.startswith(">", j + 4):
                return False
            i = end + 3
            continue
        close, tag, attrs, empty = m.groups()
        tag, i = tag.lower(), m.end()
        if close:
            if attrs or empty:
                return False
            parser.handle_endtag(tag)
            continue
        parser.handle_starttag(tag, [(k.lower(), _attr_value(v)) for k, v in _ATTR.findall(attrs)])
        if empty:
            parser.handle_endtag(tag)
        elif tag in _RAW_END:  # html.parser reads a script or style as text up to its end tag
            end = _RAW_END[tag].search(text, i)
            if end is None or "</" in text[i:end.start()]:
                return False
            if i < end.start():
                parser.handle_data(text[i:end.start()])
            parser.handle_endtag(tag)
            i = end.end()


def _pieces(article_html: str) -> list[Piece]:
    parser = _TextParser()
    if not _read_plainly(parser, article_html):
        parser = _TextParser()
        parser.feed(article_html)
        parser.close()
    return parser.pieces


def page_text(article_html: str, url: str, title: str, meta: dict | None = None) -> PageText:
    """The searchable text of one page, from the HTML of its article."""
    pieces = _pieces(article_html)
    report = (meta or {}).get("report") or {}
    regions = []
    for key in ("province", "city", "region"):
        if report.get(key) and str(report[key]) not in regions:
            regions.append(str(report[key]))
    page = PageText(url=url, title=title, kind="report" if report else "index",
                    regions=regions, level=str(report.get("level") or ""),
                    year=report.get("year") if isinstance(report.get("year"), int) else None,
                    pieces=pieces)
    page.digest, page.hot_ranges  # made here, in the worker that read the page, and kept with it
    return page


GAP = "\x00"  # stands between two blocks of a page's text: no gram contains it


def _grams(pages: list[PageText]) -> dict[str, bytes]:
    """Postings of one block of pages: gram -> bytes. For a pair of characters, each page that
    holds it: page delta, count, the positions (as deltas); for one character: page delta,
    count, first position. Made with numpy over the whole block at once, in 32-bit numbers."""
    import numpy as np

    texts = [np.frombuffer(page.joined().encode("utf-32-le", "surrogatepass"), np.uint32) for page in pages]
    alphabet = np.unique(np.concatenate([np.zeros(1, np.uint32)] + texts))  # the gap (0) first
    rank_of = np.zeros(int(alphabet[-1]) + 1, np.uint32)  # each character's rank, by its code point
    rank_of[alphabet] = np.arange(len(alphabet), dtype=np.uint32)
    ranks = [rank_of[text] for text in texts]
    out = _singles(ranks, alphabet)
    ranked = len(alphabet) <= RANKS  # a pair as one 32-bit number: the ranks of its characters
    pairs, places = [], []
    for text, rank in zip(texts, ranks):
        at = np.flatnonzero((text[:-1] != 0) & (text[1:] != 0)).astype(np.uint32)  # no gap in a pair
        if ranked:
            pairs.append((rank[at] << np.uint32(16)) | rank[at + 1])
        else:
            pairs.append((text[at].astype(np.uint64) << np.uint64(32)) | text[at + 1])
        places.append(at)
    del texts, ranks
    for k, raw in _pairs(pairs, places).items():
        out[chr(alphabet[k >> 16]) + chr(alphabet[k & 0xFFFF]) if ranked else chr(k >> 32) + chr(k & 0xFFFFFFFF)] = raw
    return out


def _singles(ranks: list, alphabet) -> dict[str, bytes]:
    """The one-character postings: for each page that has the character, the page's distance
    from its previous page (from 0 for the first), its count and its first position. `ranks`:
    each page's characters by their rank in `alphabet` (0, the gap, is no character)."""
    import numpy as np

    chars, numbers, counts, places = [], [], [], []
    for number, rank in enumerate(ranks):
        at = np.flatnonzero(rank != 0)
        mine = rank[at]
        count = np.bincount(mine, minlength=len(alphabet))
        found = np.flatnonzero(count)
        first = np.full(len(alphabet), len(rank), np.int64)
        np.minimum.at(first, mine, at)
        chars.append(alphabet[found])
        numbers.append(np.full(len(found), number, np.uint32))
        counts.append(count[found])
        places.append(first[found])
    if not chars or not sum(map(len, chars)):
        return {}
    chars, numbers, counts, places = (np.concatenate(a) for a in (chars, numbers, counts, places))
    order = np.argsort(chars, kind="stable")  # pages stay in order
    chars, numbers, counts, places = chars[order], numbers[order], counts[order], places[order]
    first = np.ones(len(chars), bool)
    first[1:] = chars[1:] != chars[:-1]
    page_step = numbers.copy()
    page_step[1:] -= numbers[:-1]
    page_step[first] = numbers[first]
    tokens = np.empty(3 * len(chars), np.uint32)
    tokens[0::3], tokens[1::3], tokens[2::3] = page_step, counts, places
    data, starts = _varint_stream(tokens)
    begins = starts[3 * np.flatnonzero(first)].tolist()
    raw = data.tobytes()
    return {chr(c): raw[a:b] for c, a, b in zip(chars[first].tolist(), begins, begins[1:] + [len(raw)])}


CHUNK = 1 << 20  # occurrences encoded at a time: what bounds a block's memory
RANKS = 1 << 16  # up to this many characters in a block, a pair is numbered by their ranks


def _drained(arrays: list):
    """The arrays joined end to end; the list is emptied, so that only the joined copy is left."""
    import numpy as np

    joined = np.concatenate(arrays or [np.zeros(0, np.uint32)])
    arrays.clear()
    return joined


def _pairs(grams: list, places: list) -> dict[int, bytes]:
    """{pair: postings} from each page's pairs and their positions (increasing): for each page
    that has the pair, the page's distance from the pair's previous page (from 0 for the
    first), how many times it holds it, then its positions (the first, then the steps).
    Sorted once, encoded about CHUNK occurrences at a time. The lists are emptied."""
    import numpy as np

    numbers = np.repeat(np.arange(len(grams), dtype=np.uint32), [len(g) for g in grams])
    places, joined = _drained(places), _drained(grams)
    if joined.dtype == np.uint32:  # pair and occurrence in one 64-bit number: sorted in place
        order = joined.astype(np.uint64) << np.uint64(32)
        del joined
        order |= np.arange(len(order), dtype=np.uint64)
        order.sort()
        grams = (order >> np.uint64(32)).astype(np.uint32)
        order &= np.uint64(0xFFFFFFFF)
    else:
        order = np.argsort(joined, kind="stable")  # pages, then positions, stay in order
        grams = joined[order]
        del joined
    out: dict[int, bytes] = {}
    lo = 0
    while lo < len(grams):  # chunks end where a gram does
        hi = len(grams) if lo + CHUNK >= len(grams) else int(np.searchsorted(grams, grams[lo + CHUNK]))
        hi = hi if hi > lo else int(np.searchsorted(grams, grams[lo], side="right"))
        at = order[lo:hi]
        out.update(_encoded(grams[lo:hi], numbers[at], places[at]))
        lo = hi
    return out


def _encoded(grams, numbers, places) -> dict[int, bytes]:
    """`_pairs` of occurrences sorted by pair, page and position, every occurrence of a pair."""
    import numpy as np

    first = np.ones(len(grams), bool)  # the gram's first occurrence
    first[1:] = grams[1:] != grams[:-1]
    opens = first.copy()  # its first occurrence in a page
    opens[1:] |= numbers[1:] != numbers[:-1]
    runs = np.flatnonzero(opens)
    page_step = numbers[runs]
    page_step[1:] -= numbers[runs][:-1]
    page_step[first[runs]] = numbers[runs][first[runs]]
    heads = runs + 2 * np.arange(len(runs))  # two numbers before each page's positions
    tokens = np.empty(len(places) + 2 * len(runs), np.uint32)
    steps = places.copy()
    steps[1:] -= places[:-1]
    steps[opens] = places[opens]
    tokens[np.arange(len(places)) + 2 * np.cumsum(opens)] = steps
    tokens[heads], tokens[heads + 1] = page_step, np.diff(np.append(runs, len(grams)))
    data, starts = _varint_stream(tokens)
    begins = starts[heads[first[runs]]].tolist()
    raw = data.tobytes()
    return dict(zip(grams[runs[first[runs]]].tolist(), (raw[a:b] for a, b in zip(begins, begins[1:] + [len(raw)]))))


def _varint_stream(values) -> tuple:
    """The varints of `values` (32-bit, non-negative) end to end, as numpy bytes, and where
    each starts."""
    import numpy as np

    length = np.ones(len(values), np.uint8)
    for width in range(1, 5):
        length += values >= np.uint32(1 << (7 * width))
    starts = np.cumsum(length, dtype=np.int64) - length
    out = np.empty(int(starts[-1] + length[-1]) if len(values) else 0, np.uint8)
    out[starts] = (values & np.uint32(0x7F)).astype(np.uint8) | ((length > 1).astype(np.uint8) << np.uint8(7))
    for byte in range(1, int(length.max(initial=1))):
        at = np.flatnonzero(length > byte)
        more = (length[at] > byte + 1).astype(np.uint8) << np.uint8(7)
        out[starts[at] + byte] = ((values[at] >> np.uint32(7 * byte)) & np.uint32(0x7F)).astype(np.uint8) | more
    return out, starts


def _shard_count(grams: dict[str, bytes]) -> int:
    """Shards of a block: a power of two that keeps a shard file near SHARD_BYTES."""
    total = sum(len(v) + len(k.encode()) + 2 for k, v in grams.items())
    shards = 1
    while shards < 4096 and total / shards > SHARD_BYTES:
        shards *= 2
    return shards


def _shard_file(keys: list[str], postings: dict[str, bytes]) -> bytes:
    """count, then (key length, key, posting length) for each key, then the postings."""
    head = bytearray()
    varint(len(keys), head)
    body = bytearray()
    for k in keys:
        raw = k.encode("utf-8")
        varint(len(raw), head)
        head += raw
        varint(len(postings[k]), head)
        body += postings[k]
    return bytes(head + body)


def _chunks(page: PageText) -> list[list[Piece]]:
    chunks: list[list[Piece]] = [[]]
    size = 0
    for p in page.pieces:
        if size >= CHUNK_CHARS and chunks[-1] and p.block != chunks[-1][-1].block:
            chunks.append([])
            size = 0
        chunks[-1].append(p)
        size += len(p.text)
    return chunks


def order(pages: list[PageText]) -> list[PageText]:
    """Reports first (newest year first), then the other pages, each by address: the order in
    which blocks are searched, so that the first answers are the reports."""
    return sorted(pages, key=lambda p: (p.kind != "report", -(p.year or 0), p.url))


def _block_key(block: list[PageText]) -> bytes:
    return hashlib.sha256(b"".join(page.digest for page in block)).digest()


# What this process last wrote (`mkdocs serve` writes the index again into the same folder
# after each rebuild): the folder, each file's name → (what it was made of, its size), and each
# block's (key, shards, single characters).
_wrote: dict = {"out": None, "files": {}, "blocks": {}}


class _Files:
    """The files of an index being written under `out`. Where `out` holds the index this
    process wrote last, a file made of what the same file was made of then is left as it is,
    and the files the new index no longer has are deleted; anywhere else `out` is replaced."""

    def __init__(self, out: Path) -> None:
        same = _wrote["out"] == out.resolve() and out.is_dir()
        self.old: dict[str, tuple] = _wrote["files"] if same else {}
        self.old_blocks: dict[int, tuple] = _wrote["blocks"] if same else {}
        _wrote.update(out=None, files={}, blocks={})  # until this index is whole
        if not same and out.exists():
            shutil.rmtree(out)
        (out / "text").mkdir(parents=True, exist_ok=True)
        self.out, self.new, self.blocks = out, {}, {}

    def put(self, name: str, made_of: bytes | None, make) -> int:
        """`make()`'s bytes written to `name`, unless the file there is made of `made_of`
        (None: always written); returns the file's size."""
        made_of, size = self.made(name, made_of, make)
        self.new[name] = (made_of, size)
        return size

    def made(self, name: str, made_of: bytes | None, make) -> tuple[bytes | None, int]:
        """`put` without noting the file: (what it is made of, its size), for a worker process
        to hand back."""
        old = self.old.get(name)
        if made_of is not None and old is not None and old[0] == made_of:
            return made_of, old[1]
        data = make()
        if self.old:  # over the index a server may be reading (`mkdocs serve`): whole files only
            (self.out / f"{name}.part").write_bytes(data)
            os.replace(self.out / f"{name}.part", self.out / name)
        else:
            (self.out / name).write_bytes(data)
        return made_of, len(data)

    def finish(self, blocks: int) -> None:
        for name in self.old.keys() - self.new.keys():
            (self.out / name).unlink(missing_ok=True)
        for folder in self.out.iterdir():
            if folder.is_dir() and folder.name.isdigit() and int(folder.name) >= blocks:
                shutil.rmtree(folder)
        _wrote.update(out=self.out.resolve(), files=self.new, blocks=self.blocks)


# What the processes writing the blocks read (`_block_made`): set before they fork from the
# process that holds the pages, so that no page travels to them and no posting back.
_writing: dict = {}


def _blocks(files: _Files, blocks: list[list[PageText]], keys: list[bytes]) -> list[tuple[int, int, str, list]]:
    """(shards, bytes of postings, single characters, rows of pages-<b>.json) of each block. A
    block whose pages read as they did when this process last wrote the same folder keeps its
    files; the others are made on every core, each process writing its blocks' shard and text
    files."""
    todo = [b for b, k in enumerate(keys) if files.old_blocks.get(b, (None,))[0] != k]
    _writing.update(files=files, blocks=blocks, keys=keys)
    try:
        made = dict(zip(todo, workers.map_in_order(_block_made, todo, min_items=2)))  # 256 pages each
    finally:
        _writing.clear()
    out = []
    for b, key in enumerate(keys):
        if b in made:
            shards, records, singles, rows = made[b]
        else:
            _, shards, singles = files.old_blocks[b]
            rows, records = _texts(files, blocks[b], b * PAGES_PER_BLOCK)
            records.update((n, files.old[n]) for n in _shard_names(b, shards))
        files.new.update(records)
        files.blocks[b] = (key, shards, singles)
        out.append((shards, sum(files.new[n][1] for n in _shard_names(b, shards)), singles, rows))
    return out


def _shard_names(b: int, shards: int) -> list[str]:
    return [f"{b}/{s}.bin" for s in range(shards)]


def _block_made(b: int) -> tuple[int, dict, str, list]:
    """Block b's postings (`_grams`) written as its shard files, with the text files of its
    pages: how many shards, each file's (made of, size) by name, its single characters, its
    rows of pages-<b>.json."""
    files, block, key = _writing["files"], _writing["blocks"][b], _writing["keys"][b]
    grams = _grams(block)
    shards = _shard_count(grams)
    by_shard: dict[int, list[str]] = {}
    for k in grams:
        by_shard.setdefault(fnv1a(k) % shards, []).append(k)
    (files.out / str(b)).mkdir(exist_ok=True)
    records = {n: files.made(n, key, lambda s=s: _shard_file(sorted(by_shard.get(s, [])), grams))
               for s, n in enumerate(_shard_names(b, shards))}
    rows, texts = _texts(files, block, b * PAGES_PER_BLOCK, files.made)
    records.update(texts)
    return shards, records, "".join(sorted(k for k in grams if len(k) == 1)), rows


def _texts(files: _Files, block: list[PageText], first: int, made=None) -> tuple[list, dict]:
    """The text files of a block's pages, numbered from `first`: its rows of pages-<b>.json,
    and each file's (made of, size); written where `made` is given, else as the last index
    had them (a block kept)."""
    rows, records = [], {}
    for i, page in enumerate(block, start=first):
        starts = []
        for k, chunk in enumerate(_chunks(page)):
            starts.append(chunk[0].start if chunk else 0)
            name = f"text/{i}-{k}.json"
            records[name] = made(name, page.digest, lambda c=chunk: _json(
                [[p.start, p.anchor, p.text] for p in c])) if made else files.old[name]
        rows.append([page.url, page.title, page.kind, page.regions, page.level, page.year, starts,
                     page.hot_ranges])
    return rows, records


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write(pages: list[PageText], out: Path, extra: dict | None = None) -> dict:
    """Write the index of `pages` under `out`; return figures about it. `extra` goes into
    meta.json as it is (the search box's words)."""
    pages = order(pages)
    blocks = [pages[i:i + PAGES_PER_BLOCK] for i in range(0, len(pages), PAGES_PER_BLOCK)] or [[]]
    keys = [_block_key(block) for block in blocks]
    files = _Files(out)
    shards, sizes, singles, rows = zip(*_blocks(files, blocks, keys))
    for b, block_rows in enumerate(rows):
        files.put(f"pages-{b}.json", None, lambda r=block_rows: _json(r))
    meta = {
        "format": FORMAT,
        "shards": list(shards),
        "blocks": [len(b) for b in blocks],
        "regions": sorted({r for p in pages for r in p.regions}),
        "levels": sorted({p.level for p in pages if p.level}),
        "years": sorted({p.year for p in pages if p.year}, reverse=True),
    }
    meta.update(extra or {})
    present = set("".join(singles))
    files.put("t2s.json", None, lambda: _json({t: s for t, s in t2s_table().items() if s in present}))
    files.put("meta.json", None, lambda: _json(meta))
    files.finish(len(blocks))
    texts = [n for n in files.new if n.startswith("text/")]
    return {"pages": len(pages), "shards": sum(shards), "blocks": len(blocks), "index_bytes": sum(sizes),
            "text_bytes": sum(files.new[n][1] for n in texts), "files": sum(shards) + len(texts) + len(blocks) + 1}


# The pages this process read (`keep`), by address: the process that reads them for MkDocs
# holds them and writes the index (`write_kept`), so that no page's text travels back.
_kept: dict[str, PageText] = {}


def keep(article_html: str, url: str, title: str, meta: dict | None = None) -> None:
    """`page_text` of one page, kept in this process for `write_kept`."""
    _kept[url] = page_text(article_html, url, title, meta)


def write_kept(urls: list[str], out: Path, extra: dict | None = None) -> dict:
    """`write` of the kept pages at `urls` (the others are let go of); the figures say how
    many of `urls` were never kept."""
    wanted = set(urls)
    for url in [u for u in _kept if u not in wanted]:
        del _kept[url]
    figures = write([_kept[u] for u in urls if u in _kept], out, extra)
    figures["missing"] = sum(1 for u in urls if u not in _kept)
    return figures


@functools.cache
def t2s_table() -> dict[str, str]:
    """Traditional -> Simplified, character by character, for queries typed in Traditional
    script (the texts are Simplified): OpenCC's character table, first candidate."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split(" ")[0]
            if len(target) == 1 and target != parts[0]:
                table[parts[0]] = target
    return table


def article_of(content: str, title: str) -> str:
    """The article element Material will render around a page's content: the content, after a
    heading of the page's title where the content has none (Material's partials/content.html;
    this site shows no edit buttons, tags, source dates or feedback)."""
    head = "" if "<h1" in content else f"<h1>{html.escape(title, quote=False)}</h1>"
    return f'<article class="md-content__inner md-typeset">{head}{content}'


class Reader:
    """The query engine of zh-search.js in Python, over the files `write` wrote: for tests and
    the benchmark (which files a query fetches, how many bytes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
        self.fetched: dict[str, int] = {}
        self._shards: dict[str, dict[str, bytes]] = {}

    def _file(self, name: str) -> bytes:
        data = (self.root / name).read_bytes()
        self.fetched[name] = len(data)
        return data

    def _shard(self, block: int, key: str) -> dict[str, bytes]:
        name = f"{block}/{fnv1a(key) % self.meta['shards'][block]}.bin"
        if name not in self._shards:
            data = self._file(name)
            i = 0

            def nxt() -> int:
                nonlocal i
                n = shift = 0
                while True:
                    b = data[i]
                    i += 1
                    n |= (b & 0x7F) << shift
                    shift += 7
                    if not b & 0x80:
                        return n

            heads = []
            for _ in range(nxt()):
                length = nxt()
                k = data[i:i + length].decode("utf-8")
                i += length
                heads.append((k, nxt()))
            keys = {}
            for k, length in heads:
                keys[k] = data[i:i + length]
                i += length
            self._shards[name] = keys
        return self._shards[name]

    @staticmethod
    def _postings(raw: bytes, single: bool) -> dict[int, list[int]]:
        nums = []
        n = shift = 0
        for b in raw:
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                nums.append(n)
                n = shift = 0
        out: dict[int, list[int]] = {}
        page = i = 0
        while i < len(nums):
            page += nums[i]
            count = nums[i + 1]
            i += 2
            if single:
                out[page] = [nums[i]] * count  # the count, with the first position
                i += 1
                continue
            pos, at = [], 0
            for d in nums[i:i + count]:
                at += d
                pos.append(at)
            out[page] = pos
            i += count
        return out

    @staticmethod
    def cover(chars: str) -> list[tuple[int, str]]:
        if len(chars) == 1:
            return [(0, chars)]
        out = [(k, chars[k:k + 2]) for k in range(0, len(chars) - 1, 2)]
        if out[-1][0] != len(chars) - 2:
            out.append((len(chars) - 2, chars[-2:]))
        return out

    def _term(self, block: int, chars: str) -> dict[int, int]:
        """page -> occurrences of one normalised term in one block."""
        parts = self.cover(chars)
        lists = [self._postings(self._shard(block, key).get(key, b""), len(chars) == 1) for _, key in parts]
        if len(chars) == 1:
            return {p: len(v) for p, v in lists[0].items()}
        out = {}
        for page, pos in lists[0].items():
            starts = set(pos)
            for (shift, _), other in zip(parts[1:], lists[1:]):
                there = set(other.get(page, ()))
                starts = {s for s in starts if s + shift in there}
            if starts:
                out[page] = len(starts)
        return out

    def search(self, query: str) -> list[str]:
        """The addresses of the pages holding every term of the query."""
        terms = [normalize(t) for t in query.split()]
        terms = [t for t in terms if t]
        if not terms:
            return []
        t2s = json.loads((self.root / "t2s.json").read_text(encoding="utf-8"))
        found: list[str] = []
        first = 0
        for block, size in enumerate(self.meta["blocks"]):
            pages = None
            for t in terms:
                hits = set(self._term(block, t))
                alt = "".join(t2s.get(c, c) for c in t)
                if alt != t:
                    hits |= set(self._term(block, alt))
                pages = hits if pages is None else pages & hits
            if pages:  # the block's page list only when something in it matched
                rows = json.loads(self._file(f"pages-{block}.json"))
                found += [rows[p][0] for p in sorted(pages)]
            first += size
        return found
