"""Escaping: text from a report reaches Markdown and HTML only as text, never as markup.

Pages are Markdown with raw HTML in places (report text, tables' figure links, charts). One
escape serves both: every character that Markdown, its extensions (tables, attr_list) or HTML
give a meaning becomes a numeric character reference. References are shown as the character
by Markdown and by HTML alike, in text and in attribute values, and are syntax in neither.

Templates never need to remember this: the Jinja environment (render/common.py) escapes every
value it prints unless the value is `Markup`, which only code that built it from escaped
parts may return (block_html, front_matter, the charts, url()).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from markupsafe import Markup

# Everywhere: HTML's specials and every inline Markdown marker (emphasis, code, links,
# images, attribute lists, table cells, escapes).
_ALWAYS = re.compile(r"[&<>\"'\\`*_{}\[\]()!|]")
# At the start of a value only: block markers (heading, list, quote) and 1. lists.
_LEADING = re.compile(r"^(\s*)([#>=]|[+\-](?=\s|$))")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_LEADS = frozenset("#>=+-0123456789")  # the first characters either of them can match


def _ref(m: re.Match[str]) -> str:
    return f"&#{ord(m.group())};"


def text(value) -> Markup:
    """Any value as literal text for a Markdown page (inline or inside HTML), one line."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(value)
    s = " ".join(str(value).split())
    if _ALWAYS.search(s):
        s = _ALWAYS.sub(_ref, s)
    if s[:1] in _LEADS:  # (the join left no space at the start)
        s = _LEADING.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", s)
        s = _NUMBERED.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", s)
    return Markup(s)


# The names templates use; both are the same safe escape.
md = text


def attribute(url: str) -> str:
    """A URL the generator made (a page's address, percent-encoded), as the value of an HTML
    attribute in a raw HTML block, which Markdown never reads: HTML's specials only, written as
    Python-Markdown writes the attributes of the links it makes, so that a table written as HTML
    links exactly as its Markdown would."""
    return url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def h(value) -> str:
    """The same escape as a plain string, for HTML built in Python (report text, charts):
    Markdown leaves a raw HTML block alone, but one escape everywhere means no generated
    Markdown file ever holds a report's text as syntax."""
    return str(text(value))


def url(value) -> Markup:
    """A path or fragment that goes into a link (reports/410702-2024.md, ../, #p3-2):
    percent-encoded, never an entity (MkDocs resolves the path)."""
    if isinstance(value, Markup):
        return value
    return Markup(_quoted(str(value)))


@functools.lru_cache(maxsize=1 << 16)
def _quoted(path: str) -> str:
    return quote(path, safe="/#.-_~")
