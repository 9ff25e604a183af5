"""A regular expression for a large set of literal words, shaped as a trie.

Python's `re` tries the branches of `a|b|c…` one after another at every position; with
thousands of names (every county of China) that dominates a build. A trie-shaped pattern
shares prefixes, so each position costs one branch per character. Longer words still win:
at each node the continuation is tried before stopping.
"""

from __future__ import annotations

import functools
import re


def pattern(words) -> re.Pattern[str]:
    """The compiled pattern of `words` (any iterable); the same set asked again (each report's
    page asks for the collection's terms) is built once."""
    return _compiled(tuple(sorted(set(words))))


@functools.lru_cache(maxsize=16)
def _compiled(words: tuple[str, ...]) -> re.Pattern[str]:
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return re.compile(_render(trie))


def _render(node: dict) -> str:
    end = "" in node
    branches = [re.escape(ch) + _render(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if end else body
