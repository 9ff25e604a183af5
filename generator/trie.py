"""Finding any of a large set of literal words in a text: the longest word at the leftmost
position, then on after it, as `re.finditer` over `longest|shorter|…` finds them.

A regular expression of thousands of names (every county of China) is slow however it is
shaped: Python's `re` tries a node's branches one after another, so at each character that
can open a name it walks through hundreds of first characters. Here each position costs one
set lookup per character of the longest name that starts there: the positions are found by
one character class (a fast scan in C), and the words by the prefixes they share.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterator


class Found:
    """One word found at [start, end): what callers of `re.Match` read (`group()`, `start()`,
    `end()`, `span()`)."""

    __slots__ = ("string", "_start", "_end")

    def __init__(self, string: str, start: int, end: int) -> None:
        self.string, self._start, self._end = string, start, end

    def group(self) -> str:
        return self.string[self._start:self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end


class Words:
    """A set of words to look for (see the module's docstring)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        words = tuple(w for w in words if w)
        self.words = frozenset(words)
        self.prefixes = frozenset(w[:k] for w in words for k in range(2, len(w) + 1))
        self.singles = any(len(w) == 1 for w in words)
        firsts = "".join(sorted({w[0] for w in words}))
        self.opening = re.compile(f"[{re.escape(firsts)}]") if firsts else None

    def finditer(self, text: str) -> Iterator[Found]:
        if self.opening is None:
            return
        words, prefixes, singles, end, n = self.words, self.prefixes, self.singles, 0, len(text)
        for m in self.opening.finditer(text):
            a = m.start()
            if a < end:
                continue  # inside the word found last
            # The character class found a word's first character: go on from the second.
            best = a + 1 if singles and text[a] in words else 0
            z = a + 2
            while z <= n:
                piece = text[a:z]
                if piece not in prefixes:
                    break
                if piece in words:
                    best = z
                z += 1
            if best:
                yield Found(text, a, best)
                end = best

    def sub(self, replace: Callable[[Found], str], text: str) -> str:
        """`text` with each word found replaced by `replace(found)`."""
        out, last = [], 0
        for f in self.finditer(text):
            out += [text[last:f.start()], replace(f)]
            last = f.end()
        return "".join(out) + text[last:] if out else text


def pattern(words) -> Words:
    """The words of `words` (any iterable) to look for; the same set asked again (each
    report's page asks for the collection's terms) is made once."""
    return _made(tuple(sorted(set(words))))


@functools.lru_cache(maxsize=16)
def _made(words: tuple[str, ...]) -> Words:
    return Words(words)
