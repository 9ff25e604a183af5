"""Words of the year: the content words of each report's body text, counted, for the lists of
most frequent words that journalists publish about each year's reports.

Part of the link stage: each report's words are counted in worker processes and cached by the
hash of its text (segmenting with jieba is the slow part); the year pages and the charts add
them up. What a content word is, and how many words each page shows: data/words.yml.

A report's text is cut into words by jieba with its main dictionary, data/jieba_user.txt and
the words of `dictionary` in data/words.yml (a copy of the shared terms' tokenizer,
segment.load), without jieba's guessing of unknown words (HMM): a count is then a count of
dictionary words, the same in every report and every run.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from generator import cache, data, segment, workers
from generator.model import Block, Report, text_key
from generator.typeset import HAN_CHAR


class Counted:
    """One report's content words and their occurrences, most frequent first (ties in word
    order), and the Han characters of the counted text. Held compact: the words as one string,
    their counts as one array. A thousand reports' counts (1.2 million words) are read back
    from the cache in a tenth of the time of as many dicts, and hold one string each."""

    __slots__ = ("_words", "_counts", "chars")

    def __init__(self, counts: dict[str, int], chars: int):
        self._words = WORD_SEP.join(counts)
        self._counts = array("i", counts.values())
        self.chars = chars

    @property
    def counts(self) -> dict[str, int]:
        """Content word → occurrences, in order."""
        return dict(zip(self._words.split(WORD_SEP), self._counts)) if self._words else {}

    def top(self, n: int) -> list[tuple[str, int]]:
        if not self._words or n <= 0:
            return []
        return list(zip(self._words.split(WORD_SEP, n)[:n], self._counts[:n]))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Counted) and (self._words, self._counts, self.chars) == (other._words, other._counts, other.chars)

    def __repr__(self) -> str:
        return f"Counted({self.top(5)}..., chars={self.chars})"

    def __reduce__(self):
        return _counted, (self._words, self._counts.tobytes(), self.chars)


WORD_SEP = "\n"  # no word holds a line break: text is counted line by line


def _counted(words: str, counts: bytes, chars: int) -> Counted:
    c = Counted.__new__(Counted)
    c._words, c._counts, c.chars = words, array("i"), chars
    c._counts.frombytes(counts)
    return c


def _block_lines(b: Block) -> list[str]:
    return [*b.terms, *b.lines] if b.kind == "glossary" else list(b.lines)


def body_lines(report: Report) -> list[str]:
    """The report's own text as its page shows it: the preamble, every heading and its
    paragraphs (a glossary's terms with their definitions). Not the title block, nor a news
    lead (an editor's words), nor the furniture the clean stage removed."""
    out = [line for b in report.preamble for line in _block_lines(b)]
    for s in report.all_sections():
        out.append(s.title)
        for b in s.blocks:
            out.extend(_block_lines(b))
    return out


@functools.cache
def _rule() -> tuple:
    c = data.load("words")
    stop = re.compile("|".join(f"(?:{p})" for p in c["stop_patterns"]))
    always = frozenset(c["keep_words"]) | frozenset(c["dictionary"])
    return c["min_chars"], frozenset(c["keep_tags"]), always, frozenset(c["stop_words"]), stop


@functools.cache
def _tags() -> dict[str, str]:
    """Part of speech of every dictionary word (jieba's dictionary, then the user dictionary)."""
    _, pseg = segment.load()
    pseg.dt.makesure_userdict_loaded()
    return pseg.dt.word_tag_tab


def _tokenizer():
    """jieba's tokenizer with the main and user dictionaries and `dictionary` (a copy: the
    shared terms keep segmenting with jieba's own)."""
    jieba, _ = segment.load()
    base = jieba.dt
    base.check_initialized()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    for w in data.load("words")["dictionary"]:
        tk.add_word(w)  # at the frequency that keeps it whole (jieba's suggest_freq)
    return tk


@functools.cache
def is_content_word(word: str) -> bool:
    """Is `word` one that a list of the most frequent words shows? (The rule is written out in
    data/words.yml.) Answered once a word: every report asks again for its common words."""
    min_chars, keep_tags, always, stop_words, stop = _rule()
    if word in always:
        return True
    if len(word) < min_chars or word in stop_words or not all(HAN_CHAR.match(ch) for ch in word):
        return False
    return _tags().get(word) in keep_tags and not stop.fullmatch(word)


@functools.cache
def _model() -> tuple[dict[str, float | None], float, re.Pattern[str]]:
    """The tokenizer's numbers as jieba uses them: every prefix of a dictionary word with the
    word's log probability (None for a prefix that is no word), the score of a character that
    is no word, and jieba's pattern of the blocks it cuts."""
    freq, logtotal, blocks = _frequencies()
    model = {w: (math.log(f) - logtotal if f else None) for w, f in freq.items()}
    return model, math.log(1) - logtotal, blocks


@functools.cache
def _frequencies() -> tuple[dict[str, int], float, re.Pattern[str]]:
    """What `_model` is made from: every prefix of a dictionary word with the word's frequency
    (0 for a prefix that is no word), the log of their total, jieba's pattern of blocks."""
    jieba, _ = segment.load()
    tk = _tokenizer()
    return tk.FREQ, math.log(tk.total), jieba.re_han_default


def _looked_up() -> Callable[[str, object], float | None | object]:
    """`_model()[0].get` where the model is made (`preload`, before any stage counts here or in
    the workers it forks), else the same numbers worked out for the prefixes looked up: the
    helper that counts an edited report's words (`preload(few=True)`) would take 0.23 s to make
    the model for half a million prefixes."""
    if _model.cache_info().currsize:
        return _model()[0].get
    freq, logtotal, _ = _frequencies()
    return functools.partial(_lazy_get, _lazy_memo, freq, logtotal)


_lazy_memo: dict[str, object] = {}


_UNSEEN, _ABSENT = object(), object()


def _lazy_get(memo: dict, freq: dict[str, int], logtotal: float, piece: str, default: object) -> object:
    """model.get(piece, default) of `_model` from `freq`, one prefix at a time (see `_looked_up`)."""
    got = memo.get(piece, _UNSEEN)
    if got is _UNSEEN:
        f = freq.get(piece)
        got = memo[piece] = _ABSENT if f is None else (math.log(f) - logtotal if f else None)
    return default if got is _ABSENT else got


def _cut(block: str) -> list[str]:
    """jieba's words of one block without HMM (Tokenizer.cut(HMM=False)): the route of highest
    probability through the dictionary's words, ties to the longer word. The same arithmetic as
    jieba's get_DAG and calc, in one pass from the end of the block with one look-up a prefix:
    twice as fast (tests/test_words.py checks that the words are jieba's)."""
    get = _looked_up()
    unknown = math.log(1) - _frequencies()[1]  # as `_model` has it
    n = len(block)
    score = [0.0] * (n + 1)
    end = [0] * n
    lowest = -math.inf
    for k in range(n - 1, -1, -1):
        best, at, i = lowest, 0, k + 1
        lp = get(block[k], False)
        while lp is not False:  # False: no word starts with block[k:i]
            if lp is not None:  # block[k:i] is a word
                s = lp + score[i]
                if s >= best:
                    best, at = s, i
            if i == n:
                break
            i += 1
            lp = get(block[k:i], False)
        if at:
            score[k], end[k] = best, at
        else:  # a character that starts no word stands alone
            score[k], end[k] = unknown + score[k + 1], k + 1
    out, x = [], 0
    while x < n:
        out.append(block[x:end[x]])
        x = end[x]
    return out


def count(lines: list[str]) -> Counted:
    """The content words of a text and their counts, most frequent first."""
    blocks = _frequencies()[2]
    min_chars = _rule()[0]
    tally: dict[str, int] = {}
    for line in lines:
        for block in blocks.findall(line):
            for w in _cut(block):
                if len(w) >= min_chars:
                    tally[w] = tally.get(w, 0) + 1
    kept = {w: n for w, n in tally.items() if is_content_word(w)}
    ordered = dict(sorted(kept.items(), key=lambda kv: (-kv[1], kv[0])))
    return Counted(ordered, sum(len(HAN_CHAR.findall(line)) for line in lines))


def _digest(lines: list[str]) -> bytes:
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode() + b"\x00")
    return h.digest()


def _count_key(report: Report) -> tuple | None:
    return cache.at(b"words.count", text_key(report, lambda: _digest(body_lines(report))))


def _count_job(report: Report) -> tuple[tuple | None, list[str]]:
    return _count_key(report), body_lines(report)


def _count_or_error(job: tuple[tuple | None, list[str]]) -> tuple[Counted | None, Exception | None]:
    """count(lines), through the cache at the place beside them; an error is returned, not
    raised."""
    where, lines = job
    return cache.contained(where, lambda: count(lines))


class Words(Mapping[str, Counted]):
    """Report id → its counted words, counted (or read from the cache) on first use and kept.
    A report whose words cannot be counted raises its error when they are asked for: its page
    is the first to ask, and the render stage's guard then leaves that report out."""

    def __init__(self, reports: list[Report], found: dict[str, tuple] | None = None):
        self._reports = {r.meta.id: r for r in reports}
        self._found = dict(found or {})

    def __getitem__(self, rid: str) -> Counted:
        if rid not in self._found:
            self._found[rid] = _count_or_error(_count_job(self._reports[rid]))
        counted, exc = self._found[rid]
        if exc is not None:
            raise exc
        return counted

    def __iter__(self) -> Iterator[str]:
        return iter(self._reports)

    def __len__(self) -> int:
        return len(self._reports)




def preload(few: bool = False) -> None:
    """jieba and the words' dictionaries loaded in this process, so that workers forked from it
    share them; with `few` (the helper of a rebuild's few reports), without making the whole
    model (`_looked_up`)."""
    _frequencies() if few else _model()
    _tags()


def release() -> None:
    """Let go of what counting words needs (segment.release, and the parts of speech and word
    model read from jieba's dictionaries)."""
    _tags.cache_clear()
    _model.cache_clear()
    _frequencies.cache_clear()
    _lazy_memo.clear()
    is_content_word.cache_clear()
    segment.release()


def count_reports(reports: list[Report]) -> Words:
    """Report id → its counted words: each report counted on every core (a few by the build's
    helper), through the cache. The link stage asks for them first: in a rebuild after an edit,
    reading the others back (0.5 s on a thousand reports) is what this process does while the
    helper loads jieba."""
    found = workers.map_cached(_count_or_error, reports, _count_key, stage="words", before=preload,
                               prepare=_count_job, helped=True)
    # Every report is counted: in a large collection the tokenizer's numbers (some 30 MB) are
    # let go of; a smaller one keeps them for the next build of this process (a quarter of a
    # second to make again), as it keeps jieba (segment.RELEASE_FROM).
    if segment.releases(len(reports)):
        _model.cache_clear()
    return Words(reports, {r.meta.id: f for r, f in zip(reports, found)})


@dataclass
class Tally:
    """The words of a group of reports (one year's, the collection's)."""

    counts: dict[str, int]  # word → occurrences in all of them, most frequent first
    reports: dict[str, int]  # word → how many of them use it
    chars: int  # Han characters of their counted text
    size: int  # how many reports

    def per(self, word: str) -> float:
        """Occurrences of `word` per `per_chars` characters of the group's text."""
        return self.counts.get(word, 0) * data.load("words")["per_chars"] / self.chars if self.chars else 0.0


def tally(counted: list[Counted]) -> Tally:
    counts: dict[str, int] = {}
    using: dict[str, int] = {}
    for c in counted:
        for w, n in c.counts.items():
            counts[w] = counts.get(w, 0) + n
            using[w] = using.get(w, 0) + 1
    ordered = dict(sorted(counts.items(), key=lambda kv: (-kv[1], -using[kv[0]], kv[0])))
    return Tally(ordered, using, sum(c.chars for c in counted), len(counted))


def by_year(years: dict[int, list[Report]], counted: Mapping[str, Counted]) -> dict[int, Tally]:
    """Each year's tally, in the order of `years` (`_tally_kept`)."""
    return {y: _tally_kept(reps, counted) for y, reps in years.items()}


def _tally_kept(reps: list[Report], counted: Mapping[str, Counted]) -> Tally:
    """The tally of `reps`, kept in the cache by their ids and texts (their counts follow from
    the texts): after an edit only the edited report's year is tallied again (each year took
    about 0.13 s on a thousand reports). Reports made by hand have no digest of their text."""
    known = all(r.content for r in reps)
    where = cache.at(b"tally", *(f"{r.meta.id}\n{r.content}".encode() for r in reps)) if known else None

    def make() -> Tally:
        return tally([counted[r.meta.id] for r in reps])

    return make() if where is None else cache.through(*where, make)


def trend_words(years: dict[int, Tally]) -> list[str]:
    """The words charted over the years: those found in at least `chart_min_years` years, the
    `chart_words` of them with the highest rate per year on average (each year weighs the same,
    however many reports it has)."""
    c = data.load("words")
    seen: dict[str, int] = {}
    for t in years.values():
        for w in t.counts:
            seen[w] = seen.get(w, 0) + 1
    mean = {w: sum(t.per(w) for t in years.values()) / len(years) for w, n in seen.items() if n >= c["chart_min_years"]}
    return [w for w, _ in sorted(mean.items(), key=lambda kv: (-kv[1], kv[0]))[: c["chart_words"]]]


def series(word: str, years: dict[int, Tally]) -> list[tuple[int, float]]:
    """(year, occurrences per `per_chars` characters) for every year, zeros included."""
    return [(y, round(t.per(word), 1)) for y, t in sorted(years.items())]


def term_series(term_list: list, years: dict[int, list[Report]], tallies: dict[int, Tally],
                skip: set[str]) -> list[tuple]:
    """The shared terms charted over the years: (term, series) for the `chart_terms` terms
    found in the most years (at least `chart_min_years`), leaving out those in `skip`.
    A term's occurrences are those of the term stage (whole matches, terms.whole_matches)."""
    c = data.load("words")
    year_of = {r.meta.id: y for y, reps in years.items() for r in reps}
    ranked = []
    for t in term_list:
        if t.name in skip:
            continue
        per_year: dict[int, int] = {}
        for rid, (_, n) in t.uses.items():
            if rid in year_of:
                per_year[year_of[rid]] = per_year.get(year_of[rid], 0) + n
        if len(per_year) >= c["chart_min_years"]:
            ranked.append(((-len(per_year), -sum(per_year.values()), t.name), t, per_year))
    ranked.sort(key=lambda x: x[0])
    out = []
    for _, t, per_year in ranked[: c["chart_terms"]]:
        pts = [(y, round(per_year.get(y, 0) * c["per_chars"] / tallies[y].chars, 1) if tallies[y].chars else 0.0)
               for y in sorted(years)]
        out.append((t, pts))
    return out
