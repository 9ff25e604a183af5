"""Read stage: bytes of one file → Simplified text, with its encoding and original script."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from generator import data, trie
from generator.messages import say
from generator.model import InputError, Script, Source
from generator.typeset import HAN_CHAR

# Zero-width characters (segmentation marks of web pages, byte-order marks inside the text):
# invisible, and they break every pattern that spans them.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # the control characters but \t \n \v \f \r
_HTML_HINT = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.I)

# Share of Chinese characters that exist only in Traditional script above which a text is
# read as Traditional. Simplified texts contain a few such characters (names, quotations).
HANT_THRESHOLD = 0.03


def detect_encoding(data: bytes) -> tuple[str, str]:
    """Return (encoding name, decoded text). Raise InputError if the bytes are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", _decode(data, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", _decode(data, "utf-16")
    if data.startswith(b"\x89PNG") or data.startswith((b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04")):
        raise InputError(say("read.binary"), say("fix.text_instead"))
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte-order mark: zero bytes at every other position.
        head = data[:4096]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 8 and min(even, odd) < len(head) // 64 + 1:
            enc = "utf-16-le" if odd > even else "utf-16-be"
            return enc, _decode(data, enc)
        raise InputError(say("read.nul_bytes"), say("fix.text_instead"))
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc, text
    # UTF-16 without a byte-order mark and without zero bytes (Chinese only): the byte order
    # whose decoding is mostly Chinese characters wins.
    if len(data) % 2 == 0:
        best = max(("utf-16-le", "utf-16-be"), key=lambda e: _cjk_share(data, e))
        if _cjk_share(data, best) > 0.5:
            return best, _decode(data, best)
    raise InputError(say("read.unknown_encoding"), say("fix.save_utf8"))


def _cjk_share(data: bytes, enc: str) -> float:
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return 0.0
    return len(HAN_CHAR.findall(text)) / max(1, len(text))


def _decode(data: bytes, enc: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(say("read.decode_failed", encoding=enc, offset=exc.start), say("fix.save_utf8")) from None


def _check_textual(text: str) -> None:
    if not text.strip():
        raise InputError(say("read.empty"), say("fix.full_text"))
    controls = len(_CONTROL.findall(text, 0, 20000))
    if controls > max(8, len(text[:20000]) // 100):
        raise InputError(say("read.control_chars"), say("fix.text_instead"))
    if not HAN_CHAR.search(text):
        raise InputError(say("read.no_chinese"), say("fix.full_text"))


@functools.cache
def _traditional_only() -> frozenset[str]:
    """Characters that OpenCC converts from Traditional and that are not Simplified too."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    simplified: set[str] = set()
    trad: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        targets = values.split()
        if len(key) == 1 and targets and key not in targets:
            trad.add(key)
        simplified.update(t for t in targets if len(t) == 1)
    return frozenset(trad - simplified)


def detect_script(text: str) -> Script:
    cjk = len(HAN_CHAR.findall(text))
    if not cjk:
        return "hans"
    table = _traditional_only()
    trad = sum(1 for ch in text if ch in table)  # (a regular expression of the 4,000: 5x slower)
    return "hant" if trad / cjk >= HANT_THRESHOLD else "hans"


@functools.cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _corrections():
    table = data.load("simplified")["after_t2s"]
    return trie.pattern(table), table


def to_simplified(text: str) -> str:
    # Traditional → Simplified: OpenCC t2s, then the phrase corrections of simplified.yml
    # (著力 → 着力) that the converter's dictionary lacks.
    pattern, table = _corrections()
    return pattern.sub(lambda m: table[m.group()], _t2s().convert(text))


class _TextExtractor(HTMLParser):
    """Turn a saved web page into lines of text; record what was dropped."""

    SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "form", "iframe", "button", "select",
            "title"}
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
             "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.skip_tag = ""
        self.skipped: list[str] = []
        self.removed: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in self.SKIP:
            self.skip_depth, self.skip_tag, self.skipped = 1, tag, []
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if not self.skip_depth and tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if not self.skip_depth:
                    text = " ".join(" ".join(self.skipped).split())
                    if text:
                        self.removed.append((text, f"html-{tag}"))
            return
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        (self.skipped if self.skip_depth else self.parts).append(data)


def html_to_text(html: str) -> tuple[str, list[tuple[str, str]]]:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line), parser.removed


def _container(path: str, data: bytes) -> str | None:
    """'docx' or 'pdf' when the bytes are such a document (by content, then by name)."""
    if data.startswith(b"%PDF") or path.lower().endswith(".pdf"):
        return "pdf"
    if path.lower().endswith(".docx"):
        return "docx"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return "docx" if "word/document.xml" in z.namelist() else None
        except zipfile.BadZipFile:
            return None
    return None


def read_bytes(path: str, data: bytes) -> Source:
    """Decode one raw report. Raise InputError with a reader-facing reason if unusable."""
    kind = _container(path, data)
    removed: list[tuple[str, str]] = []
    if kind:
        from generator import formats

        text, removed = (formats.docx_to_text if kind == "docx" else formats.pdf_to_text)(data)
        encoding, fmt = say("read.encoding_docx" if kind == "docx" else "read.encoding_pdf"), kind
    else:
        encoding, text = detect_encoding(data)
        fmt = "text"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    if fmt == "text" and (_HTML_HINT.match(text) or path.lower().endswith((".html", ".htm"))):
        fmt = "html"
        text, removed = html_to_text(text)
    _check_textual(text)
    script = detect_script(text)
    mixed = 0
    if script == "hant":
        text = to_simplified(text)
        removed = [(to_simplified(t), rule) for t, rule in removed]
    else:
        # A Simplified text with Traditional lines mixed in (a page pasted from two sources):
        # those lines are converted, the others left as they are.
        table = _traditional_only()
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if not table.isdisjoint(line):
                lines[i] = to_simplified(line)
                mixed += lines[i] != line
        text = "\n".join(lines)
    return Source(path=path, data=data, text=text, encoding=encoding, script=script, fmt=fmt,
                  format_removed=removed, mixed_lines=mixed)


def read_file(path: Path, root: Path) -> Source:
    return read_bytes(path.relative_to(root).as_posix(), path.read_bytes())
