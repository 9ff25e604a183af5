"""The report page and its processing log."""

from __future__ import annotations

from generator import cite, data, tables, terms
from generator.link import Corpus
from generator.messages import group, say
from generator.model import Report
from generator.render.people import person_slugs
from generator.render.words import report_words
from generator.render.common import (
    date_text,
    front_matter,
    meeting_text,
    names,
    record,
    render,
)

def term_links(r: Report, corpus: Corpus, rel: str) -> dict[tuple[str, int], list]:
    """The first mention of each shared term in each section links to the term's page."""
    if not corpus.terms:
        return {}
    surface = {s: t for t in corpus.terms for s in t.surfaces}
    words = frozenset(surface)
    out: dict[tuple[str, int], list] = {}
    linked: dict[str, set[str]] = {}
    for section, block in r.all_blocks():
        done = linked.setdefault(section.anchor if section else "", set())
        for li, line in enumerate(block.lines):
            for m in terms.whole_matches(line, words):
                term = surface[m.group()]
                if term.name in done:
                    continue
                done.add(term.name)
                out.setdefault((block.anchor, li), []).append(
                    (m.start(), m.end(), f"{rel}terms/{term.slug}/", say("page.term_link", term=term.name)))
    return out


def report_page(r: Report, corpus: Corpus) -> str:
    n = names()
    m = r.meta
    summary_rows, multi = tables.summary(r)
    fm = front_matter(
        title=m.title,
        description=_description(r),
        report=record(r),
    )
    return render(
        "report.md.j2",
        front_matter=fm,
        report=r,
        meta=m,
        rel="../",
        region_path=corpus.region_path(m.region_code or m.parent_code),
        level_name=n["level"].get(m.level, say("page.unidentified")) if m.level else say("page.unidentified"),
        completeness_name=n["completeness"][m.completeness],
        script_name=n["script"][r.source.script],
        meeting=meeting_text(r),
        date_text=date_text(m.date),
        summary_rows=summary_rows,
        multi=multi,
        attainment=corpus.attainment.get(m.id, []),
        attainment_rule=data.load("indicators")["attainment"]["rule"],
        met=tables.met,
        cited=frozenset(x.anchor for x in r.figures) | frozenset(c.anchor for c in r.commitments),
        kind_names=group("kind"),
        links=term_links(r, corpus, "../../"),
        related=corpus.related.get(m.id, []),
        terms_here=[t for t in corpus.terms if any(x.meta.id == m.id for x in t.reports)],
        kind_labels=data.load("terms")["kinds"],
        citation=cite.citation(m),
        person_page=person_slugs(corpus).get(m.id),
        citation_standard=data.load("citation")["standard"],
        top_words=report_words(r, corpus),
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
    return render("log.md.j2", front_matter=fm, report=r, meta=r.meta, script_name=n["script"][r.source.script],
                  source_names=data.load("metadata")["source_names"], field_names=data.load("metadata")["field_names"])
