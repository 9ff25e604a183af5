"""Link stage: all reports → a Corpus with the region tree, years and related reports.

The only stage that sees every report at once.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import heapq
from collections.abc import Mapping

from dataclasses import dataclass, field

from generator import cache, data, regions, segment, workers
from generator.messages import say
from generator.model import Guard, Report, brief, text_key
from generator.tables import attainment_by_report
from generator.terms import Occurrence, Term, terms_and_occurrences
from generator.words import Counted, count_reports, release as release_dictionaries


@dataclass
class RegionNode:
    code: str
    name: str
    level: str
    parent: str | None
    reports: list[Report] = field(default_factory=list)  # this region's own reports
    children: list[str] = field(default_factory=list)  # child region codes with reports below
    mentioned_by: list[tuple[Report, int]] = field(default_factory=list)  # other reports naming it
    names: list[tuple[str, str, int]] = field(default_factory=list)  # subdivisions its reports name
    # Reports of places below this region that the division data does not list (a 新区, a
    # 管委会, a renamed county): kept under the name they state.
    unlisted: list[Report] = field(default_factory=list)


@dataclass
class Related:
    report: Report
    reason: str  # 同属鹤壁市 / 同一地区其他年度 / 共同提到 …
    shared: list[Term] = field(default_factory=list)


@dataclass
class Corpus:
    reports: list[Report]
    regions: dict[str, RegionNode]
    years: dict[int, list[Report]]
    terms: list[Term] = field(default_factory=list)
    # Report id → its shared terms (in the order of `terms`), and their occurrences in it in
    # reading order.
    terms_of: dict[str, list[Term]] = field(default_factory=dict)
    occurrences_of: Mapping[str, list[tuple[Term, Occurrence]]] = field(default_factory=dict)
    related: Mapping[str, list[Related]] = field(default_factory=dict)  # a RelatedReports once linked
    # Report id → target/result pairs across consecutive years (tables.Attainment).
    attainment: dict[str, list] = field(default_factory=dict)
    # Report id → its content words counted (高频词, generator/words.py: a Words).
    words: Mapping[str, Counted] = field(default_factory=dict)

    def links_basis(self, rid: str) -> str:
        """A digest of a report's occurrences of the shared terms, each with its term's name
        and slug: with the report's text, all its page's links to term pages are made from
        (render.reports.term_links). Named by the digests of its occurrences of each surface
        (`Term.keys`) where its terms have them, else listed."""
        mine = self.terms_of.get(rid, [])
        keys = [t.keys.get(rid) for t in mine]
        if mine and None not in keys:  # the digests' bytes as they are (their repr took 0.1 s on a thousand)
            h = hashlib.sha256("\n".join(f"{t.name}\t{t.slug}\t{len(k)}" for t, k in zip(mine, keys)).encode())
            h.update(b"".join(keys))
            return h.hexdigest()
        found = self.occurrences_of.get(rid, [])
        return _digest([repr([(t.name, t.slug, o.section, o.anchor, o.line, o.start, len(o.match)) for t, o in found])])

    def roots(self) -> list[RegionNode]:
        return [n for n in self.regions.values() if n.parent is None]

    def region_path(self, code: str | None) -> list[RegionNode]:
        out = []
        while code and code in self.regions:
            out.append(self.regions[code])
            code = self.regions[code].parent
        return list(reversed(out))

    def drop(self, report: Report) -> None:
        """Leave a report out of every collection page (its own page could not be made)."""
        self.reports.remove(report)
        for node in self.regions.values():
            if report in node.reports:
                node.reports.remove(report)
            node.mentioned_by = [(r, n) for r, n in node.mentioned_by if r is not report]
        for year in list(self.years):
            self.years[year] = [r for r in self.years[year] if r is not report]
            if not self.years[year]:
                del self.years[year]
        self._prune()
        for t in self.terms:
            t.forget(report.meta.id)
        if isinstance(self.related, RelatedReports):
            self.related.forget(report)
        self.attainment = attainment_by_report(self.reports)  # which years pair up may change

    def _prune(self) -> None:
        """Remove regions left with no report of their own or below them."""
        while empty := [c for c, n in self.regions.items() if not (n.reports or n.unlisted or n.children)]:
            for code in empty:
                parent = self.regions.pop(code).parent
                if parent in self.regions:
                    self.regions[parent].children.remove(code)

    def by_id(self, rid: str) -> Report:
        return next(r for r in self.reports if r.meta.id == rid)


def sort_key(r: Report) -> tuple:
    return (r.meta.region_code or "999999", -(r.meta.year or 0), r.meta.id)


def build_corpus(reports: list[Report], guard: Guard | None = None) -> Corpus:
    """The collection's regions, years, shared terms and related reports. Each report's own
    part runs under `guard`: a report that fails there is recorded in it (the caller drops it)."""
    guard = guard or Guard("link")
    reports = sorted(reports, key=sort_key)
    nodes: dict[str, RegionNode] = {}

    def node_for(code: str) -> RegionNode | None:
        if code in nodes:
            return nodes[code]
        if code == (nation := data.load("regions")["nation"])["code"]:
            nodes[code] = RegionNode(code, nation["name"], "nation", None)
            return nodes[code]
        div = regions.get(code)
        if not div:
            return None
        node = RegionNode(div.code, div.name, div.level, div.parent_code)
        nodes[code] = node
        if div.parent_code:
            parent = node_for(div.parent_code)
            if parent and code not in parent.children:
                parent.children.append(code)
            if not parent:
                node.parent = None
        return node

    for r in reports:
        if r.meta.region_code and (node := node_for(r.meta.region_code)):
            node.reports.append(r)
        elif not r.meta.region_code and r.meta.parent_code and (node := node_for(r.meta.parent_code)):
            node.unlisted.append(r)
    for n in nodes.values():
        n.children.sort()

    years: dict[int, list[Report]] = {}
    for r in reports:
        if r.meta.year:
            years.setdefault(r.meta.year, []).append(r)
    corpus = Corpus(reports=reports, regions=dict(sorted(nodes.items())), years=dict(sorted(years.items(), reverse=True)))
    # Words first: in a rebuild after an edit they are the longest to read back, while the
    # build's helper loads jieba for the edited reports' part of all three (workers.map_cached).
    corpus.words = count_reports(reports)
    _find_terms(corpus, guard)
    _mentions(reports, nodes, guard)
    index = _term_index(corpus.terms)
    for r in reports:  # in the collection's order, which the related lists keep
        if r.meta.region_code:
            index.by_region.setdefault(r.meta.region_code, []).append(r)
            if (div := regions.get(r.meta.region_code)) and div.parent_code:
                index.by_parent.setdefault(div.parent_code, []).append(r)
    corpus.terms_of = index.terms_of
    corpus.related = RelatedReports(reports, corpus, index)
    corpus.attainment = attainment_by_report(reports)
    if segment.releases(len(reports)):
        release_dictionaries()
    return corpus


def _find_terms(corpus: Corpus, guard: Guard) -> None:
    """The collection's shared terms, and each report's occurrences of them."""
    corpus.terms, corpus.occurrences_of = terms_and_occurrences(corpus.reports, guard)


def _digest(parts) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _shown(r: Report) -> str:
    """What a related list shows of a report (its `brief`), for a digest."""
    return repr(brief(r))


def _mentions(reports: list[Report], nodes: dict[str, RegionNode], guard: Guard) -> None:
    # Other reports that name a region of the collection; subdivisions a region's own
    # reports name (the 新乡 report names 长垣市, 辉县市 …).
    found = workers.map_cached(_mentions_or_error, reports, _mentions_key, stage="mentions", before=segment.load, helped=True,
                               prepare=lambda r: (_mentions_key(r), _text(r), r.meta.region_code))
    for r, (counts, exc) in zip(reports, found):
        if exc is not None:
            guard.record(r, exc)
        counts = counts or {}
        for code, count in sorted(counts.items()):
            if code in nodes and code != r.meta.region_code:
                nodes[code].mentioned_by.append((r, count))
        own = nodes.get(r.meta.region_code or "")
        if own:
            for code, count in sorted(counts.items()):
                div = regions.get(code)
                if div and code != own.code and own.code in {a.code for a in regions.ancestors(div)}:
                    own.names.append((code, div.name, count))


def _text(r: Report) -> str:
    return "\n".join(line for _, b in r.all_blocks() for line in b.lines)


def _mentions_key(r: Report) -> tuple | None:
    return cache.at(b"regions.mentions", text_key(r, lambda: _text(r).encode()), (r.meta.region_code or "").encode())


def _mentions_or_error(job: tuple[tuple, str, str | None]) -> tuple[dict | None, Exception | None]:
    """regions.mentions of one report's text, through the cache, on a worker."""
    where, text, own = job
    return cache.contained(where, lambda: regions.mentions(text, own))


@dataclass
class TermIndex:
    """Each term's report ids (list and set), each report's terms: computed once for every
    report's ranking of related reports."""

    ids: dict[str, list[str]]
    sets: dict[str, set[str]]
    terms_of: dict[str, list[Term]]
    reports: dict[str, Report]
    # Region code → the collection's reports of it; parent region code → reports of its children.
    by_region: dict[str, list[Report]] = field(default_factory=dict)
    by_parent: dict[str, list[Report]] = field(default_factory=dict)
    # How many reports `sharing` has ranked (the first `FEW_RANKED` in Python), and the reports
    # of each term it has counted with numpy, as positions in `_positions`'s order.
    counted: int = field(default=0, repr=False, compare=False)
    _postings: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def _positions(self) -> tuple[list[str], dict[str, int]]:
        """The ids of `reports` in order, and each one's position in it."""
        order = sorted(self.reports)
        return order, {r: n for n, r in enumerate(order)}

    def _posting(self, name: str):
        """Term `name`'s reports as positions (a numpy array), made when first counted: after
        an edit, for a few pages' terms, not every term's."""
        import numpy as np

        got = self._postings.get(name)
        if got is None:
            at = self._positions[1]
            got = self._postings[name] = np.array([at[r] for r in self.ids[name]], dtype=np.int32)
        return got

    def sharing(self, rid: str, most: int) -> list[tuple[str, int]]:
        """The `most` other reports sharing the most terms with report `rid`, with their number
        of shared terms: most first, then by id. A build that ranks many reports counts with
        numpy (on a thousand reports a report's terms have 21,000 reports between them: 1.2 s
        of counting with a Counter); the first `FEW_RANKED` of a build, all that a rebuild
        after an edit ranks, are counted in Python, without importing numpy (0.1 s). Both
        rank alike (tests/test_links.py)."""
        mine = self.terms_of.get(rid, [])
        if not mine:
            return []
        self.counted += 1
        if self.counted <= FEW_RANKED:
            return _ranked(collections.Counter(r for t in mine for r in self.ids[t.name]), rid, most)
        return self._sharing_numpy(rid, mine, most)

    def _sharing_numpy(self, rid: str, mine: list[Term], most: int) -> list[tuple[str, int]]:
        import numpy as np

        order, at = self._positions
        counts = np.bincount(np.concatenate([self._posting(t.name) for t in mine]), minlength=len(order))
        counts[at[rid]] = 0  # a report of a term is in `reports`
        others = np.flatnonzero(counts)
        ranked = others[np.lexsort((others, -counts[others]))][:most]  # the last key sorts first
        return [(order[n], int(counts[n])) for n in ranked]


# How many reports a build ranks in Python before it counts with numpy: more than a rebuild
# after a few edits makes pages for, far fewer than a collection has.
FEW_RANKED = 16


def _ranked(counts: collections.Counter, rid: str, most: int) -> list[tuple[str, int]]:
    """`TermIndex.sharing` from each report's number of terms shared with `rid` (its own left out)."""
    counts.pop(rid, None)
    return heapq.nsmallest(most, counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _term_index(terms: list[Term]) -> TermIndex:
    index = TermIndex({}, {}, {}, {})
    for t in terms:
        reps = t.reports
        index.ids[t.name] = [x.meta.id for x in reps]
        index.sets[t.name] = set(index.ids[t.name])
        for x in reps:
            index.terms_of.setdefault(x.meta.id, []).append(t)
            index.reports[x.meta.id] = x
    return index


class RelatedReports(Mapping[str, list[Related]]):
    """Report id → its related reports (`related`), worked out when first asked for and kept.
    Only a report's own page asks, and the report pages are made while worker processes make
    the collection pages (render.render_site): on a thousand reports the ranking took 0.9 s of
    the link stage, before anything else could start. A report that fails there fails its page,
    and the render stage leaves it out."""

    def __init__(self, reports: list[Report], corpus: Corpus, index: TermIndex):
        self._reports = {r.meta.id: r for r in reports}
        self._corpus, self._index = corpus, index
        self._made: dict[str, list[Related]] = {}
        self._left_out: list[str] = []
        self._shown: dict[str, str] = {}  # report id → `_shown`, made once (asked 80,000 times on a thousand)
        self._groups: dict[tuple[int, str], str] = {}  # `_group_basis`

    def basis(self, rid: str) -> str:
        """A digest of everything report `rid`'s list depends on, without making the list: a
        report page's view names its related reports by it (ranking them for every page took
        0.8 s of an edit's rebuild on a thousand reports, for the few pages made again). The
        report's place (its region, that region's parent and their other reports), each of its
        terms with the reports using it, and what a row shows of each of those reports."""
        m = self._reports[rid].meta
        index = self._index
        div = regions.get(m.region_code) if m.region_code else None
        parent = div.parent_code if div else None
        place = [m.region_code or "", m.region or "", parent or "",
                 self._corpus.regions[parent].name if parent in self._corpus.regions else ""]
        return _digest([rid, *place, self._group_basis(index.by_region, m.region_code),
                        self._group_basis(index.by_parent, parent),
                        *(self._term_basis[t.name] for t in index.terms_of.get(rid, [])), "", *self._left_out])

    def _group_basis(self, groups: dict[str, list[Report]], code: str | None) -> str:
        """A digest of what a related list shows of the reports of one group (a region's, or a
        parent region's children's), made once per group: the reports of a parent region with
        fifty reports below it each name them all."""
        if not code:
            return ""
        got = self._groups.get((id(groups), code))
        if got is None:
            got = self._groups[(id(groups), code)] = _digest([self._shown_of(r) for r in groups.get(code, [])])
        return got

    def _shown_of(self, r: Report) -> str:
        got = self._shown.get(r.meta.id)
        if got is None:
            got = self._shown[r.meta.id] = _shown(r)
        return got

    @functools.cached_property
    def _term_basis(self) -> dict[str, str]:
        """Each term's name and slug, and its reports as a related list shows them."""
        reports = self._index.reports
        return {t.name: _digest([t.name, t.slug, *(self._shown_of(reports[i]) for i in self._index.ids[t.name])])
                for t in self._corpus.terms if t.name in self._index.ids}

    def __getitem__(self, rid: str) -> list[Related]:
        if rid not in self._made:
            found = related(self._reports[rid], self._corpus, self._index)
            self._made[rid] = [x for x in found if x.report.meta.id in self._reports]
        return self._made[rid]

    def __iter__(self):
        return iter(self._reports)

    def __len__(self) -> int:
        return len(self._reports)

    def forget(self, report: Report) -> None:
        """Leave a report out: of the lists, and of those made from now on."""
        self._reports.pop(report.meta.id, None)
        self._made.pop(report.meta.id, None)
        self._left_out.append(report.meta.id)
        for rid, rel in self._made.items():
            self._made[rid] = [x for x in rel if x.report is not report]


# How many reports sharing terms to list under 相关报告 (ranked by the number shared).
RELATED_BY_TERMS = 20


def related(report: Report, corpus: Corpus, index: TermIndex) -> list[Related]:
    """Same region other years, same parent region, then most shared terms (ranked)."""
    m = report.meta
    mine, term_sets, reports_by_id = index.terms_of.get(m.id, []), index.sets, index.reports
    out: list[Related] = []
    seen = {m.id}
    for r in index.by_region.get(m.region_code, []) if m.region_code else []:
        if r.meta.id not in seen:
            out.append(Related(r, say("page.same_region", region=m.region)))
            seen.add(r.meta.id)
    parent = regions.get(m.region_code).parent_code if m.region_code and regions.get(m.region_code) else None
    if parent:
        pname = corpus.regions[parent].name if parent in corpus.regions else ""
        for r in index.by_parent.get(parent, []):
            if r.meta.id not in seen:
                out.append(Related(r, say("page.same_parent", parent=pname)))
                seen.add(r.meta.id)
    for rid, _ in index.sharing(m.id, RELATED_BY_TERMS):
        shared = [t for t in mine if rid in term_sets[t.name]]
        existing = next((x for x in out if x.report.meta.id == rid), None)
        if existing:
            existing.shared = shared
        else:
            out.append(Related(reports_by_id[rid], say("page.shared_terms", count=len(shared)), shared))
    return out
