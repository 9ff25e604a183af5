"""The report page and its processing log."""

from __future__ import annotations

from typing import Callable

from generator import cite, data, pages, tables
from generator.link import Corpus
from generator.messages import group, say
from generator.model import Report
from generator.render.people import speakers
from generator.render.words import report_words
from generator.render.common import (
    date_text,
    front_matter,
    meeting_text,
    names,
    record,
    remembered,
    remembered_at,
    token,
)

# How many of the terms a related report shares with this one its row names (then their number).
RELATED_TERMS_SHOWN = 8


def term_links(r: Report, corpus: Corpus) -> dict[tuple[str, int], list]:
    """The first occurrence of each shared term in each section links to the term's page
    (the occurrences are the term page's, found once by the link stage)."""
    out: dict[tuple[str, int], list] = {}
    linked: dict[str, set[str]] = {}
    here = pages.report(r.meta.id)
    to: dict[str, tuple[str, str]] = {}  # a term's link and its title, made once for the page
    for term, o in corpus.occurrences_of.get(r.meta.id, []):
        done = linked.setdefault(o.section, set())
        if term.name in done:
            continue
        done.add(term.name)
        if term.name not in to:
            to[term.name] = (here.url_to(pages.term(term.slug)), say("page.term_link", term=term.name))
        out.setdefault((o.anchor, o.line), []).append((o.start, o.start + len(o.match), *to[term.name]))
    return out


def _person(r: Report, corpus: Corpus, speaker_of: dict | None):
    """The page of the report's speaker, if any (`speaker_of` as `report_page` takes it)."""
    return (speakers(corpus) if speaker_of is None else speaker_of).get(r.meta.id)


def _region_path(r: Report, corpus: Corpus) -> list:
    return corpus.region_path(r.meta.region_code or r.meta.parent_code)


def _report_shown(r: Report, corpus: Corpus, speaker_of: dict | None) -> dict:
    """What the report page shows from the collection."""
    m = r.meta
    return dict(region_path=_region_path(r, corpus),
                attainment=corpus.attainment.get(m.id, []), links=term_links(r, corpus),
                related=corpus.related.get(m.id, []), terms_here=corpus.terms_of.get(m.id, []),
                person_page=_person(r, corpus, speaker_of), top_words=report_words(r, corpus))


def _report_view(r: Report, corpus: Corpus, speaker_of: dict | None) -> Callable[[], tuple]:
    """The report page's view: all the page shows that is not the report itself or the code
    (see `remembered`). Its links to term pages and its related reports are named by digests
    of what they are made from (`Corpus.links_basis`, `RelatedReports.basis`), so that a
    rebuild makes neither for the pages it keeps (0.3 and 0.8 s of an edit's rebuild on a
    thousand reports). Its most frequent words are the report's own: its token names them."""
    m = r.meta

    def view() -> tuple:
        person = _person(r, corpus, speaker_of)
        return (token(r), [(n.code, n.name, n.level) for n in _region_path(r, corpus)],
                [(token(a.report_target), token(a.report_actual), a.target, a.actual)
                 for a in corpus.attainment.get(m.id, [])],
                corpus.links_basis(m.id), corpus.related.basis(m.id),
                [(t.name, t.slug, t.kind) for t in corpus.terms_of.get(m.id, [])], person.slug if person else None)

    return view


def report_page_at(r: Report, corpus: Corpus, speaker_of: dict | None = None) -> tuple | None:
    """Where the report's page is kept in the cache (see `remembered_at`)."""
    return remembered_at("report.md.j2", pages.report(r.meta.id), _report_view(r, corpus, speaker_of))


def log_page_at(r: Report) -> tuple | None:
    """Where the report's processing log is kept in the cache."""
    return remembered_at("log.md.j2", pages.log(r.meta.id), lambda: token(r))


def report_page(r: Report, corpus: Corpus, speaker_of: dict | None = None) -> str:
    """The report's page; `speaker_of` is `speakers(corpus)` when the caller has it already."""
    n = names()
    m = r.meta
    summary_rows, multi = tables.summary(r)
    fm = front_matter(
        title=m.title,
        description=_description(r),
        report=record(r),
    )
    return remembered(
        "report.md.j2",
        pages.report(m.id),
        _report_view(r, corpus, speaker_of),
        front_matter=fm,
        report=r,
        meta=m,
        level_name=n["level"].get(m.level, say("page.unidentified")) if m.level else say("page.unidentified"),
        completeness_name=n["completeness"][m.completeness],
        script_name=n["script"][r.source.script],
        meeting=meeting_text(r),
        date_text=date_text(m.date),
        summary_rows=summary_rows,
        multi=multi,
        attainment_rule=data.load("indicators")["attainment"]["rule"],
        met=tables.met,
        cited=frozenset(x.anchor for x in r.figures) | frozenset(c.anchor for c in r.commitments),
        kind_names=group("kind"),
        kind_labels=data.load("terms")["kinds"],
        citation=cite.citation(m),
        citation_standard=data.load("citation")["standard"],
        related_terms_shown=RELATED_TERMS_SHOWN,
        **_report_shown(r, corpus, speaker_of),
    )


def _description(r: Report) -> str:
    m = r.meta
    parts = [m.title]
    if m.meeting:
        parts.append(meeting_text(r) or "")
    if m.speaker:
        parts.append(f"{m.speaker_title or ''}{m.speaker}")
    if m.date:
        parts.append(date_text(m.date))
    return "，".join(p for p in parts if p) + "。"


def log_page(r: Report) -> str:
    n = names()
    fm = front_matter(title=say("page.log", title=r.meta.title), search={"exclude": True})
    return remembered("log.md.j2", pages.log(r.meta.id), lambda: token(r), front_matter=fm, report=r, meta=r.meta, script_name=n["script"][r.source.script],
                  source_names=data.load("metadata")["source_names"], field_names=data.load("metadata")["field_names"])
