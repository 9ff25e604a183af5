"""jieba, loaded once with the project's user dictionary and its cache in the project's cache
folder, its part-of-speech tagger searching with `viterbi` (the same results, faster); and the
word boundaries of a stretch of text, for the rules that must not match inside a longer word
(shared terms, short place names)."""

from __future__ import annotations

import functools
import io
import logging
import marshal
import os
import sys
import tempfile
import types
from pathlib import Path

from generator import cache, data


@functools.cache
def load():
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    place = cache.folder("jieba")  # its dictionary cache, in the project rather than /tmp
    if place is not None:
        place.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(place)
    jieba.marshal = _READ_WHOLE
    _import_tagger(jieba)
    jieba.load_userdict(str(data.DATA_DIR / "jieba_user.txt"))
    jieba.posseg.viterbi = viterbi  # the name jieba.posseg's tagger calls (see `viterbi`)
    if not jieba.posseg.dt.word_tag_tab:  # not read on import (`_import_tagger`), or let go of by `release`
        jieba.posseg.dt.word_tag_tab = _word_tags(jieba, place)
    return jieba, jieba.posseg


def _import_jieba():
    """jieba, imported without setuptools' pkg_resources: jieba finds its dictionary with it
    where it can be imported, else opens the file beside its own module (jieba/_compat.py), the
    same file. Importing pkg_resources took 0.07 of jieba's 0.1 s, in every process that
    segments, the helper of a rebuild after an edit among them. A None in sys.modules makes
    the import fail, as Python documents; it is taken out again at once."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _import_tagger(jieba) -> None:
    """jieba.posseg imported without the part-of-speech table it reads on import: every word of
    jieba's dictionary with its tag, parsed from the dictionary's 350,000 lines (0.3 s in each
    process that loads jieba; the helper that segments an edited report waits for it).
    `_word_tags` reads it from a copy kept beside jieba's own dictionary cache."""
    if "jieba.posseg" in sys.modules:
        return
    jieba.dt.get_dict_file = lambda: io.BytesIO()  # what the tagger's constructor reads the table from
    try:
        import jieba.posseg  # noqa: F401
    finally:
        del jieba.dt.get_dict_file


def _word_tags(jieba, place: Path | None) -> dict[str, str]:
    """The part-of-speech table of jieba's dictionary, as jieba.posseg reads it, from a copy kept
    in marshal form (0.05 s to read) beside jieba's dictionary cache: in the project's cache
    folder, or with the cache off where jieba keeps its own (the system's temporary folder).
    The copy is named by the dictionary file's size and time, and made again when they change."""
    with jieba.dt.get_dict_file() as f:
        kept = None
        if isinstance(name := getattr(f, "name", None), str):  # not a dictionary read from a zip
            found = os.stat(name)
            kept = Path(place or tempfile.gettempdir()) / f"jieba-tags-{found.st_size}-{found.st_mtime_ns}.marshal"
            try:
                if isinstance(tags := marshal.loads(kept.read_bytes()), dict):
                    return tags
            except (OSError, ValueError, EOFError, TypeError):
                pass
        parsed = types.SimpleNamespace()  # what the tagger's own parse fills, the tagger left alone
        jieba.posseg.POSTokenizer.load_word_tag(parsed, f)
    tags = parsed.word_tag_tab
    if kept is None:
        return tags
    part = kept.with_name(f"{kept.name}.{os.getpid()}")
    try:
        part.write_bytes(marshal.dumps(tags))
        os.replace(part, kept)  # whole or not at all, whoever else writes it
    except OSError:
        part.unlink(missing_ok=True)
    return tags


def loaded() -> bool:
    """Whether this process has jieba loaded (`load`)."""
    return bool(load.cache_info().currsize)


# What jieba reads and writes its dictionary cache with (the name it calls, `marshal`): the
# cache read whole, then decoded. `marshal.load` on the open file asks the file for each of its
# half a million words in turn, three times the time (0.65 against 0.22 s, in every process
# that segments).
_READ_WHOLE = types.SimpleNamespace(load=lambda file: marshal.loads(file.read()), dump=marshal.dump)


# From this many reports on, the link stage lets go of jieba's dictionaries once it is done
# (`release`): the render stage never segments, and at a thousand reports the 125 MB they
# take decide whether the build stays under 1 GB. Below it, a process that builds again soon
# (the tests, `make serve`) keeps them.
RELEASE_FROM = 200
_kept = {"on": False}


def keep_loaded() -> None:
    """This process builds again and again (`mkdocs serve`): keep jieba's dictionaries between
    the builds whatever the collection's size (1.6 s of each rebuild on a thousand reports)."""
    _kept["on"] = True


def releases(reports: int) -> bool:
    """Whether a build of this many reports lets go of jieba's dictionaries once it is done."""
    return reports >= RELEASE_FROM and not _kept["on"]


def release() -> None:
    """Let go of jieba's dictionaries (its words and frequencies, the tagger's parts of
    speech: about 125 MB) and the segmentations made with them; `load` reads them again if
    anything asks."""
    if not loaded():
        return
    jieba, pseg = load()
    jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = {}, 0, False
    pseg.dt.word_tag_tab = {}
    for made in (load, segmenter, boundaries):
        made.cache_clear()


MIN_FLOAT, MIN_INF = -3.14e100, float("-inf")  # jieba.posseg.viterbi's scores of the unseen


def viterbi(obs: str, states: dict, start_p: dict, trans_p: dict, emit_p: dict) -> tuple[float, list]:
    """jieba.posseg.viterbi.viterbi, the part-of-speech tagger's search, with the same sums
    in the same order and ties to the same state, so the same result (tests/test_terms.py
    compares them): but each state is scored against the states that can precede it, not
    against every state of the step before (all others score minus infinity). Tagging was
    most of the time of finding terms."""
    into = _INTO.get(id(trans_p)) or _INTO.setdefault(id(trans_p), _into(trans_p))
    all_states = trans_p.keys()
    e0 = obs[0]
    V = {y: start_p[y] + emit_p[y].get(e0, MIN_FLOAT) for y in states.get(e0, all_states)}
    path = [dict.fromkeys(V, "")]
    for t in range(1, len(obs)):
        c = obs[t]
        prev = [x for x in V if trans_p[x]]
        expect = {y for x in prev for y in trans_p[x]}
        now = set(states.get(c, all_states)) & expect or expect or all_states
        Vt, back = {}, {}
        for y in now:
            e = emit_p[y].get(c, MIN_FLOAT)
            best, at = MIN_INF, None
            for y0, p in into.get(y, ()):
                if y0 in V:
                    s = V[y0] + p + e
                    if at is None or s > best or (s == best and y0 > at):
                        best, at = s, y0
            if at is None or best == MIN_INF:  # no finite route: jieba's own tie between them all
                best, at = max((V[y0] + trans_p[y0].get(y, MIN_INF) + e, y0) for y0 in prev)
            Vt[y], back[y] = best, at
        V = Vt
        path.append(back)
    prob, state = max((V[y], y) for y in V)
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = path[i][state]
    return prob, route


_INTO: dict[int, dict] = {}  # id of jieba's transition table → `_into` of it


def _into(trans_p: dict) -> dict:
    """Each state → [(a state that can precede it, the transition's score)]."""
    into: dict = {}
    for y0, nexts in trans_p.items():
        for y, p in nexts.items():
            into.setdefault(y, []).append((y0, p))
    return into


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
