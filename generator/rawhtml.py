"""A Markdown extension that sets aside whole raw HTML blocks before Python-Markdown parses them.

Generated pages hold most of their text as raw HTML blocks (report paragraphs with sentence
anchors, link lists, maps). Python-Markdown finds such blocks by running `html.parser` over the
whole page, which on a large collection is about a quarter of the site build. This
preprocessor runs just before it and stores the simplest blocks itself, exactly as it would:

- the block starts a line, after a blank line (or the page's start), with a block-level tag;
- it ends with the matching end tag at the end of a line, and a blank line follows;
- it holds no blank line, comment, script, style or processing instruction.

Everything else is left to Python-Markdown. What is stored, and the placeholder left in the
text, are what its own `HtmlBlockPreprocessor` stores and leaves, so the HTML is the same byte
for byte (tests/test_rawhtml.py compares both on the generated pages).
"""

from __future__ import annotations

import functools
import html
import re

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, AtomicString

_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s>/])")
# What makes a block one to leave to Python-Markdown, in any case (one search of each line).
_UNSAFE = re.compile("|".join(re.escape(u) for u in ("<!--", "<script", "<style", "<?", "<![", "<textarea", "<pre")),
                     re.I)
# The anchors of a block, as MkDocs reads them: any element's id, an <a>'s name.
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)?>")
_ATTR = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def anchors(block: str) -> set[str]:
    out = set()
    for tag in _TAG.finditer(block):
        attrs = tag.group(2)
        if not attrs or ("id" not in attrs and "name" not in attrs):
            continue  # (most tags: a quicker look than `_ATTR`'s)
        for attr in _ATTR.finditer(attrs):
            if attr.group(1) == "id" or tag.group(1).lower() == "a":
                out.add(html.unescape(attr.group(2) if attr.group(2) is not None else attr.group(3)))
    return out


_VOID = frozenset(("hr", "br", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"))


class _Blocks(Preprocessor):
    def __init__(self, md) -> None:
        super().__init__(md)
        self.ids: set[str] = set()  # the anchors inside the blocks set aside

    def run(self, lines: list[str]) -> list[str]:
        self.ids = set()
        out: list[str] = []
        i, n = 0, len(lines)
        while i < n:
            tag = self._block_tag(lines[i])
            if tag is None:
                out.append(lines[i])
                i += 1
                continue
            end, simple = self._extent(lines, i, tag)
            if end is None:  # never closed: Python-Markdown takes the rest as it likes
                out.extend(lines[i:])
                break
            if simple and (i == 0 or not lines[i - 1].strip()) and end + 2 < n and not lines[end + 1].strip():
                # As HtmlBlockPreprocessor leaves it: the block stored with its line end, its
                # placeholder between blank lines.
                block = "\n".join(lines[i:end + 1])
                self.ids |= anchors(block)
                out.extend(["", self.md.htmlStash.store(block + "\n"), ""])
            else:  # a block this preprocessor does not take, left whole to Python-Markdown
                out.extend(lines[i:end + 1])
            i = end + 1
        return out

    def _block_tag(self, line: str) -> str | None:
        """The block-level tag a line starts with, if any."""
        m = _START.match(line)
        if not m:
            return None
        tag = m.group(1).lower()
        return tag if self.md.is_block_level(tag) and tag not in _VOID else None

    @staticmethod
    def _extent(lines: list[str], i: int, tag: str) -> tuple[int | None, bool]:
        """The line where the block starting at line i closes its first tag (None if it never
        does), and whether it is simple: no blank line, nothing after its end tag, and no
        comment, script, style or the like inside."""
        marks = _marks(tag)
        depth, simple = 0, True
        for j in range(i, len(lines)):
            line = lines[j]
            if simple and (not line.strip() or _UNSAFE.search(line)):
                simple = False
            for m in marks.finditer(line):
                depth += -1 if m.group(1) else 1
                if depth == 0:  # closed here, as Python-Markdown's stack empties here
                    return j, simple and bool(m.group(1)) and line[m.end():] == ""
        return None, False


@functools.lru_cache(maxsize=None)
def _marks(tag: str) -> re.Pattern[str]:
    """A start or end tag named `tag` (an end tag up to its '>')."""
    return re.compile(rf"<(/)?{tag}(?=[\s>/])(?(1)\s*>)", re.I)


class _Anchors(Preprocessor):
    """MkDocs checks links against the ids it finds in a page's raw HTML (its own preprocessor,
    `mkdocs_raw_html`, reads the text just before html_block): the ids of the blocks set aside
    are added to what it found."""

    def __init__(self, md, blocks: _Blocks) -> None:
        super().__init__(md)
        self.blocks = blocks

    def run(self, lines: list[str]) -> list[str]:
        if "mkdocs_raw_html" in self.md.preprocessors:
            found = self.md.preprocessors["mkdocs_raw_html"]
            found.present_anchor_ids = set(found.present_anchor_ids) | self.blocks.ids
        return lines


class _PlaceholdersAsTheyAre(Treeprocessor):
    """A paragraph that is only the placeholder of a raw HTML block is given to the inline pass
    as text to leave alone (Python-Markdown's AtomicString): none of its patterns finds
    anything in a placeholder, and on a report page, where each paragraph of the text is such
    a block, they were tried on each (converting a report page of the thousand: 7.35 → 7.17 ms)."""

    def run(self, root):
        for child in root:
            if child.tag == "p" and not len(child) and child.text and HTML_PLACEHOLDER_RE.fullmatch(child.text):
                child.text = AtomicString(child.text)


class RawHtmlBlocks(Extension):
    def extendMarkdown(self, md) -> None:
        # After whitespace normalisation (30), before MkDocs' anchor reader (21) and
        # Python-Markdown's own html_block (20); the anchors handed over between those two.
        blocks = _Blocks(md)
        md.preprocessors.register(blocks, "gwr_raw_html", 25)
        md.preprocessors.register(_Anchors(md, blocks), "gwr_raw_html_anchors", 20.5)
        md.treeprocessors.register(_PlaceholdersAsTheyAre(md), "gwr_placeholders", 21)  # before inline (20)
