"""Shared terms: programmes, slogans, enterprises and platforms that several reports name.

Part of the link stage (it needs every report). Vocabulary and rules: data/terms.yml and
the user dictionary data/jieba_user.txt.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from generator import cache, data, regions, segment, trie, workers
from generator.model import Guard, Report, digest_of, text_key
from generator.typeset import HAN_CHAR

QUOTED = re.compile(r"“([^“”\n]+?)”")
UNSAFE = re.compile(r'[\\/:*?"<>|#%&\s\x00-\x1f]')


@functools.lru_cache(maxsize=1 << 16)
def _slug(name: str) -> str:
    # A term page's name: the term itself (terms/专精特新/), readable and stable. Characters a
    # file name or a URL path cannot hold become '-', and then a short hash keeps it unique.
    safe = UNSAFE.sub("-", name).strip("-.")
    if safe == name:
        return safe
    return f"{safe}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}".lstrip("-")


@dataclass(slots=True)  # hundreds of thousands of them in a large collection
class Occurrence:
    report: Report
    section: str  # section anchor ("" for the preamble)
    anchor: str  # block anchor
    left: str
    match: str
    right: str
    line: int = 0  # the line of the block, and the match's offset in it
    start: int = 0
    seq: int = 0  # its place among the report's occurrences, in reading order


@dataclass
class Term:
    name: str
    kind: str
    surfaces: set[str] = field(default_factory=set)
    # Report id → the digests of the report's occurrences of each of the term's surfaces it
    # uses (`_summary`), one after another in the order of the surfaces. Page views
    # name a report's occurrences by them instead of listing them all.
    keys: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    # Report id → (the report, its number of occurrences of the term), in the order of first
    # occurrence; and the ids of the reports that quote the term (“…”) at least once.
    uses: dict[str, tuple[Report, int]] = field(default_factory=dict, repr=False, compare=False)
    quoted: set[str] = field(default_factory=set, repr=False, compare=False)
    # Its occurrences once made (`occurrences`), and the collection's, which they are made from.
    _made: list[Occurrence] | None = field(default=None, repr=False, compare=False)
    _found: "_Found | None" = field(default=None, repr=False, compare=False)

    @property
    def slug(self) -> str:
        return _slug(self.name)

    @property
    def reports(self) -> list[Report]:
        """The reports using the term, in order of first occurrence."""
        return [r for r, _ in self.uses.values()]

    @property
    def total(self) -> int:
        """How many times the reports use it."""
        return sum(n for _, n in self.uses.values())

    @property
    def occurrences(self) -> list[Occurrence]:
        """Every occurrence, report by report in reading order: made when first asked for (a
        term page made again), from the occurrences of the reports using it."""
        if self._made is None:
            found = self._found
            self._made = [] if found is None else [o for rid in self.uses for t, o in found.pairs(rid) if t is self]
        return self._made

    def forget(self, rid: str) -> None:
        """Leave report `rid`'s occurrences out."""
        self.uses.pop(rid, None)
        self.keys.pop(rid, None)
        self.quoted.discard(rid)
        if self._made is not None:
            self._made = [o for o in self._made if o.report.meta.id != rid]


@functools.cache
def user_words() -> dict[str, str]:
    out = {}
    for line in (data.DATA_DIR / "jieba_user.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            out[parts[0]] = parts[2]
    return out


def _text_blocks(report: Report):
    """(section anchor, block) for the report's own text (the news lead is not its text)."""
    for section, block in report.all_blocks():
        yield (section.anchor if section else ""), block


def _is_common_word(word: str) -> bool:
    jieba, _ = segment.load()
    return (jieba.get_FREQ(word) or 0) >= data.load("terms")["common_word_freq"] and word not in user_words()


def _tokens(text: str) -> list[tuple[str, str]]:
    _, pseg = segment.load()
    return [(t.word, t.flag) for t in pseg.cut(text)]


@functools.lru_cache(maxsize=None)
def looks_named(phrase: str, enterprise: bool = False) -> bool:
    # Is a phrase a name (三保, 放管服, 千万工程, 负面清单) rather than a phrase of ordinary words
    # (关键变量, 最大增量, 幸福指数) or a count of them (六大行动, 三项改革, 一张图, 20条)? A name is a
    # word of the user dictionary, or shows one of: a numbered formula (三保, 两个确立, 清四乱; a
    # 一 inside is no formula: 最后一公里), a sign or a Latin letter (人工智能+, 村BA), an
    # abbreviation of two or more single verbs or nouns (放管服, 瞪羚), a naming suffix (负面清单,
    # 零工市场). An enterprise (千喜鹤 of 千喜鹤集团, an item of 双汇、正大等企业) must hold a word
    # jieba's dictionary lacks or a rare proper noun: 文化、数字、城市医疗 are no enterprises.
    c = data.load("terms")
    if phrase in user_words():
        return True
    jieba, _ = segment.load()
    tokens = [(w, f) for w, f in _tokens(phrase) if w.strip()]
    if enterprise:
        if len(tokens) == 1 and _is_common_word(phrase) and tokens[0][1] not in c["name_only_tags"]:
            return False  # a word of the language: 交通运输, 工矿企业 (both tagged j, abbreviations)
        return any(HAN_CHAR.search(w) and (not jieba.get_FREQ(w) or (f in c["proper_tags"]
                                                                     and jieba.get_FREQ(w) < c["proper_max_freq"]))
                   for w, f in tokens)
    if re.fullmatch(c["count_phrase"], phrase):
        return False
    numeral = c["numeral_chars"]
    count = re.match(f"{numeral}+([{''.join(c['counters'])}])?", phrase)
    if count:
        rest = _tokens(phrase[count.end():])
        if rest and all(_is_common_word(w) and (len(w) >= 2 or count.group(1)) for w, _ in rest):
            return False  # a count of ordinary things: 六大行动, 三项改革, 两种资源, 一张图
        return True
    if re.search(c["formula_numeral_chars"], phrase) or re.search(r"[A-Za-z+＋×]", phrase):
        return True
    singles = sum(1 for w, f in tokens if len(w) == 1 and f not in c["function_tags"])
    return singles >= 2 or phrase.endswith(tuple(c["name_suffixes"]))


def whole_matches(line: str, words: frozenset[str]) -> list[trie.Found]:
    # The occurrences of `words` in the line that are whole (the longest word wins at each
    # position): never inside a longer word (大民生 in 加大民生: the words are 加大/民生), never one
    # member of a series written as one (延链 in 延链补链强链), never part of a longer quoted name
    # (两新 in “两新一重”), and a numbered formula never runs on into another numeral (两新 in
    # 两新一重). Words are told apart by jieba's segmentation, with `words` known to it.
    found = list(_pattern(words).finditer(line))
    if not found:
        return []
    quotes = [(m.start(1), m.end(1), m.group(1)) for m in QUOTED.finditer(line)]
    numeral = data.regex(data.load("terms")["numeral_chars"])
    out = []
    for k, m in enumerate(found):
        a, z = m.span()
        start = max(0, a - segment.WINDOW)
        bounds = segment.boundaries(line[start:z + segment.WINDOW], words)
        if a - start not in bounds or z - start not in bounds:
            continue
        if (k > 0 and found[k - 1].end() == a) or (k + 1 < len(found) and found[k + 1].start() == z):
            continue  # glued to another term: one member of a longer series
        n = z - a
        if any(len(x) == n and x[-1] == line[z - 1] and HAN_CHAR.match(x) for x in (line[z:z + n], line[max(0, a - n):a])):
            continue  # a series written as one word: 延链补链强链
        inside = next((q for q in quotes if q[0] <= a and z <= q[1]), None)
        if inside and m.group() not in re.split(r"[、，,/\s]+", inside[2]):
            continue
        if numeral.match(m.group()) and numeral.match(line[z:z + 1]):
            continue
        out.append(m)
    return out


@functools.lru_cache(maxsize=8)
def _pattern(words: frozenset[str]) -> trie.Words:
    return trie.pattern(sorted(words))


def candidates(report: Report) -> dict[str, tuple[str, set[str]]]:
    """name → (kind, surface forms) for one report."""
    c = data.load("terms")
    _, pseg = segment.load()
    out: dict[str, tuple[str, set[str]]] = {}
    stop = set(c["stop"])

    def add(name: str, kind: str, surfaces: set[str]) -> None:
        name = name.strip()
        if len(name) < 2 or name in stop or not HAN_CHAR.search(name):
            return
        if any(d.name == name for d in regions.find(name)):
            return  # a place is not a term; regions have their own pages
        if name not in out:
            out[name] = (kind, set(surfaces) | {name})
        else:
            out[name][1].update(surfaces)

    tag_kinds = c["tag_kinds"]
    dictionary = frozenset(w for w, tag in user_words().items() if tag in tag_kinds)
    suffixes = tuple(c["suffixes"])
    lst = re.compile(c["enterprise_list"])
    for _, block in _text_blocks(report):
        for line in block.lines:
            for m in QUOTED.finditer(line):
                q = m.group(1)
                if c["quoted_min_chars"] <= len(q) <= c["quoted_max_chars"] and not re.search(r"[，。；：！？、]", q) \
                        and not _is_common_word(q) and looks_named(q):
                    add(q, "slogan", {q})  # ordinary words in quotes (“生产线”, “关键变量”) are emphasis
            for m in whole_matches(line, dictionary):
                add(m.group(), tag_kinds[user_words()[m.group()]], {m.group()})
            for name, kind, alias in _suffixed_names(line, suffixes, pseg):
                if kind == "enterprise" and not looks_named(name[: -len(next(x for x in suffixes if name.endswith(x)))],
                                                            enterprise=True):
                    continue  # 城市医疗集团 names no enterprise
                add(alias or name, kind, {name} | ({alias} if alias else set()))
            for m in lst.finditer(line):
                items = m.group(1).split("、")
                lead = list(pseg.cut(items[0]))
                while lead and lead[0].flag in c["list_lead_tags"]:
                    lead.pop(0)
                items[0] = "".join(t.word for t in lead)
                for item in items:
                    for suffix in c["alias_suffixes"]:
                        if item.endswith(suffix) and len(item) - len(suffix) >= c["alias_min_chars"] \
                                and not _is_common_word(item[: -len(suffix)]):
                            add(item[: -len(suffix)], "enterprise", {item, item[: -len(suffix)]})
                            break
                    else:
                        if 2 <= len(item) <= 8 and looks_named(item, enterprise=True):
                            add(item, "enterprise", {item})
    return out


def _suffixed_names(line: str, suffixes: tuple[str, ...], pseg) -> list[tuple[str, str, str | None]]:
    # Names ending in a suffix (千喜鹤集团, 中原食品实验室): (name, kind, alias or None).
    #
    # Only a window before each suffix is tagged, not the whole line: the name is at most
    # `max_name_chars` long, and the window's first token (perhaps cut) is never used.
    c = data.load("terms")
    out = []
    for suffix in suffixes:
        for m in re.finditer(re.escape(suffix), line):
            window = line[max(0, m.start() - c["max_name_chars"] - 4): m.end()]
            tokens = list(pseg.cut(window))
            if not tokens or tokens[-1].word != suffix:
                continue  # the suffix is part of a longer word here
            first_usable = 1 if m.start() - c["max_name_chars"] - 4 > 0 else 0
            name_toks = []
            j = len(tokens) - 2
            while j >= first_usable and len(name_toks) < c["max_name_tokens"] and tokens[j].flag in c["name_tags"]:
                name_toks.insert(0, tokens[j])
                j -= 1
            while name_toks and name_toks[0].flag not in c["proper_tags"]:
                name_toks.pop(0)  # a name starts with a proper noun
            if not name_toks:
                continue
            core = "".join(t.word for t in name_toks)
            name = core + suffix
            if len(name) > c["max_name_chars"]:
                continue
            alias = core if suffix in c["alias_suffixes"] and (len(core) >= c["alias_min_chars"] or core in user_words()) \
                and not _is_common_word(core) else None
            out.append((name, c["suffixes"][suffix], alias))
    return out


def _text_digest(report: Report) -> bytes:
    """What the term stage reads of a report: its blocks' anchors and lines."""
    h = hashlib.sha256()
    for section, block in _text_blocks(report):
        h.update(f"{section}\x00{block.anchor}\x00".encode())
        for line in block.lines:
            h.update(line.encode() + b"\x00")
    return h.digest()


def _candidates_key(report: Report) -> tuple | None:
    return cache.at(b"terms.candidates", text_key(report, lambda: _text_digest(report)))


def _candidates_or_error(job: tuple[tuple | None, Report]) -> tuple[tuple | None, Exception | None]:
    """(the digest of candidates(report), the candidates), through the cache at the place
    beside it, kept in two parts: read back, the candidates are None (`_candidates_of` reads
    them); an error is returned, not raised."""
    where, report = job
    return cache.contained_in_two(where, lambda: _with_digest(candidates(report)))


def _with_digest(cands: dict[str, tuple[str, set[str]]]) -> tuple[bytes, dict]:
    """A digest of a report's candidates (what the merge of a collection's is kept by), and them."""
    shown = sorted((name, kind, sorted(surfaces)) for name, (kind, surfaces) in cands.items())
    return digest_of(shown), cands


def _candidates_of(report: Report, made: dict | None) -> dict:
    """A report's candidates: as just made, else read back (made again if they are lost)."""
    if made is not None:
        return made
    where = _candidates_key(report)
    got = cache.get(*cache.beside(where)) if where else None
    return candidates(report) if got is None else got


def _occurrences(report: Report, words: frozenset[str]) -> tuple[dict[str, tuple[int, bool, bytes]], list[tuple]]:
    """`_summary` of a report's occurrences of `words`, and each whole occurrence (section,
    block anchor, left context, match, right context, line, offset), in reading order."""
    out = []
    for section, block in _text_blocks(report):
        for li, line in enumerate(block.lines):
            for m in whole_matches(line, words):
                out.append((section, block.anchor, line[max(0, m.start() - 24): m.start()], m.group(),
                            line[m.end(): m.end() + 24], li, m.start()))
    return _summary(out), out


def _summary(found: list[tuple]) -> dict[str, tuple[int, bool, bytes]]:
    """Surface → (its occurrences in the report, whether one is quoted “…”, a digest of them:
    16 bytes, the surface, contexts, block, line and offset included), in the order of the
    surfaces. The digests of several surfaces fix how their occurrences interleave: blocks
    are numbered in reading order (parse.assign_block_anchors). No place among all the
    report's occurrences: a sentence added before them would change every term's digests."""
    by_surface: dict[str, list] = {}
    for section, anchor, left, match, right, li, start in found:
        by_surface.setdefault(match, []).append((section, anchor, left, right, li, start))
    return {m: (len(v), any(left.endswith("“") and right.startswith("”") for _, _, left, right, _, _ in v),
                digest_of((m, v))[:16]) for m, v in sorted(by_surface.items())}


def _occurrences_key(report: Report, words: bytes) -> tuple | None:
    """Where a report's occurrences of a set of words (`words`: its digest) are kept."""
    return cache.at(b"terms.occurrences", text_key(report, lambda: _text_digest(report)), words)


def _occurrences_or_error(job: tuple) -> tuple[tuple | None, Exception | None]:
    """_occurrences, through the cache at the place beside it, kept in two parts (read back,
    the occurrences are None: `_Found` reads them when a page asks)."""
    where, report, words = job
    return cache.contained_in_two(where, lambda: _occurrences(report, words))


def _merge(found: list[dict]) -> tuple[list[tuple[str, str, tuple[str, ...]]], dict[str, str]]:
    """The reports' candidates (in the collection's order) merged: (name, kind, surfaces) of each
    term, and the term of each surface (a surface is the term it was first seen in)."""
    merged: dict[str, list] = {}  # name → [kind, surfaces]
    surface_of: dict[str, str] = {}
    for cands in found:
        for name, (kind, surfaces) in sorted(cands.items()):
            key = next((surface_of[s] for s in sorted(surfaces) if s in surface_of), name)
            term = merged.get(key) or merged.setdefault(key, [kind, set()])  # made only when new
            if KIND_ORDER.index(kind) < KIND_ORDER.index(term[0]):
                term[0] = kind
            term[1].update(surfaces)
            for s in surfaces:
                surface_of.setdefault(s, key)
    return [(key, kind, tuple(sorted(surfaces))) for key, (kind, surfaces) in merged.items()], surface_of


def _read_back(value: object, report: Report, key: str) -> tuple[tuple, None]:
    """A value kept in two parts (`cache.contained_in_two`) as read back: its small part alone."""
    return (value, None), None


def _use(rep: Report, summary: dict[str, tuple[int, bool, bytes]], term_of: dict[str, Term]) -> None:
    """A report's `_summary` counted into the terms of its surfaces, in the order of its surfaces."""
    rid = rep.meta.id
    for match, (n, quoted, digest) in summary.items():
        term = term_of[match]
        term.uses[rid] = (rep, term.uses[rid][1] + n if rid in term.uses else n)
        term.keys[rid] = term.keys.get(rid, b"") + digest
        if quoted:
            term.quoted.add(rid)


def _pairs(rep: Report, found: list[tuple], term_of: dict[str, Term]) -> list[tuple[Term, Occurrence]]:
    """A report's occurrences (`_occurrences`) made into `Occurrence`s, each with its term, in
    reading order."""
    out = []
    for seq, (section, anchor, left, match, right, li, start) in enumerate(found):
        match = sys.intern(match)  # one string per surface, not per occurrence
        out.append((term_of[match], Occurrence(rep, sys.intern(section), anchor, left, match, right, li, start, seq)))
    return out


class _Found:
    """The collection's occurrences of its shared terms, report by report: made into
    `Occurrence`s when first asked for (a term page or a report page made again), read back
    from the cache then. What decides which terms are shared, and the page views, is made from
    each report's `_summary`: on a thousand reports an edit's rebuild read back and made all
    85,000 occurrences for the few pages it makes again (about 0.3 s)."""

    def __init__(self, term_of: dict[str, Term], words: frozenset[str], digest: bytes) -> None:
        self._term_of, self._words, self._digest = term_of, words, digest  # digest: of the words
        self.of: dict[str, tuple[Report, list | None]] = {}  # id → (report, its occurrences as made)
        self._made: dict[str, list[tuple[Term, Occurrence]]] = {}

    def add(self, rep: Report, summary: dict, found: list | None) -> None:
        """A report's occurrences: their `_summary`, and them as just made (None: read back)."""
        self.of[rep.meta.id] = (rep, found)
        _use(rep, summary, self._term_of)

    def pairs(self, rid: str) -> list[tuple[Term, Occurrence]]:
        got = self._made.get(rid)
        if got is None:
            rep, found = self.of[rid]
            if found is None and (where := _occurrences_key(rep, self._digest)):
                found = cache.get(*cache.beside(where))
            if found is None:  # lost from the cache: found again
                found = _occurrences(rep, self._words)[1]
            got = self._made[rid] = _pairs(rep, found, self._term_of)
        return got


class _OccurrencesOf(Mapping[str, list[tuple[Term, Occurrence]]]):
    """Report id → (term, occurrence) of each occurrence of the shared terms in the report, in
    reading order (reports with none left out), made when asked for."""

    def __init__(self, found: _Found, kept: list[Term]) -> None:
        self._found, self._kept = found, {id(t) for t in kept}
        self._using = {rid for t in kept for rid in t.uses}
        self._ids = [rid for rid in found.of if rid in self._using]

    def __getitem__(self, rid: str) -> list[tuple[Term, Occurrence]]:
        if rid not in self._using:
            raise KeyError(rid)
        return [x for x in self._found.pairs(rid) if id(x[0]) in self._kept]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _quoted_enough(term: Term) -> bool:
    # A name of two characters outside the user dictionary (三化, 一核, 两区) means something
    # else in each report unless its authors treat it as a name: at least `min_reports` reports
    # must quote it (“三医”).
    if len(term.name) > data.load("terms")["short_name_chars"] or term.name in user_words() or term.kind != "slogan":
        return True
    return len(term.quoted) >= data.load("terms")["min_reports"]


KIND_ORDER = ["slogan", "programme", "platform", "enterprise", "park"]


def shared_terms(reports: list[Report], guard: Guard | None = None) -> list[Term]:
    """Terms used by at least `min_reports` reports, with every occurrence. A report whose
    terms cannot be read is recorded in `guard` and contributes none."""
    return terms_and_occurrences(reports, guard)[0]


def terms_and_occurrences(reports: list[Report], guard: Guard | None = None) -> tuple[list[Term], Mapping[str, list]]:
    """`shared_terms`, and report id → (term, occurrence) of each occurrence of them in the
    report, in reading order (reports with none left out)."""
    guard = guard or Guard("link")
    found = workers.map_cached(_candidates_or_error, reports, _candidates_key, hit=_read_back,
                               stage="terms", label=lambda job: job[1].source.path,  # on every core
                               before=segment.load, helped=True, prepare=lambda r: (_candidates_key(r), r))
    for rep, (_, exc) in zip(reports, found):
        if exc is not None:
            guard.record(rep, exc)
    # Kept by the candidates' digests, in order: an edit that names no new term merges nothing,
    # and reads no report's candidates back.
    made = [m or (b"", {}) for m, _ in found]
    where = cache.at(b"terms.merged", *(digest for digest, _ in made))

    def merge() -> tuple[list, dict[str, str]]:
        return _merge([_candidates_of(rep, cands) for rep, (_, cands) in zip(reports, made)])

    plain, surface_of = cache.through(*where, merge) if where else merge()
    merged = {key: Term(key, kind, set(surfaces)) for key, kind, surfaces in plain}  # the cache's value stays as kept
    if not merged:
        return [], {}
    # Count with the longest surface winning at each position: a fragment of a longer name
    # (农谷 in 中原农谷) gets no occurrences of its own.
    words = frozenset(surface_of)

    digest = hashlib.sha256("\n".join(sorted(words)).encode()).digest()
    spans = workers.map_cached(_occurrences_or_error, reports, lambda r: _occurrences_key(r, digest),
                               hit=_read_back, stage="occurrences", label=lambda job: job[1].source.path,
                               before=segment.load, helped=True,
                               prepare=lambda r: (_occurrences_key(r, digest), r, words))
    term_of = {s: merged[k] for s, k in surface_of.items()}
    occurrences = _Found(term_of, words, digest)
    for t in merged.values():
        t._found = occurrences
    for rep, (got, exc) in zip(reports, spans):
        if id(rep) in guard.failed:
            continue  # its candidates could not be read: it contributes nothing
        if exc is not None:
            guard.record(rep, exc)
            continue
        occurrences.add(rep, *got)
    keep = [t for t in merged.values() if len(t.uses) >= data.load("terms")["min_reports"] and _quoted_enough(t)]
    keep.sort(key=lambda t: (KIND_ORDER.index(t.kind), -len(t.uses), -t.total, t.name))
    return keep, _OccurrencesOf(occurrences, keep)
