"""Escaping: text from a report reaches Markdown and HTML only as text, never as markup."""

from __future__ import annotations

import html
import re

# Python-Markdown's escapable characters (plus | for tables): a backslash makes each literal.
# Extensions that give other characters a meaning (emoji, mark, tilde) are not enabled.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")


def md(text: str) -> str:
    """Inline Markdown: literal text, one line."""
    text = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # Characters no backslash can neutralise in every context become entities.
    return escaped.replace("&", "&amp;").replace("\\<", "&lt;").replace("\\>", "&gt;")


def h(text: str) -> str:
    """HTML text or attribute value."""
    return html.escape(str(text), quote=True)
