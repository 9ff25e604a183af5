"""jieba, loaded once with the project's user dictionary and its cache in the project's cache
folder; and the word boundaries of a stretch of text, for the rules that must not match
inside a longer word (shared terms, short place names)."""

from __future__ import annotations

import functools
import logging

from generator import cache, data


@functools.cache
def load():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    place = cache.folder("jieba")  # its dictionary cache, in the project rather than /tmp
    if place is not None:
        place.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(place)
    jieba.load_userdict(str(data.DATA_DIR / "jieba_user.txt"))
    return jieba, jieba.posseg


@functools.lru_cache(maxsize=4)
def segmenter(words: frozenset[str]):
    # A jieba tokenizer with the main and user dictionaries and `words` (at the lowest
    # frequency, so that a word never wins over two real words: 加大/民生, not 加/大民生).
    jieba, _ = load()
    base = jieba.dt
    base.check_initialized()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    for w in sorted(words):
        if not tk.FREQ.get(w):
            tk.add_word(w, 1)
    return tk


# Characters of context on either side of a match that its segmentation looks at.
WINDOW = 8


@functools.lru_cache(maxsize=65536)
def boundaries(line: str, words: frozenset[str]) -> frozenset[int]:
    """Positions between words in the segmentation of a stretch of text."""
    return frozenset(pos for _, start, end in segmenter(words).tokenize(line) for pos in (start, end))
