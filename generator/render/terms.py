"""The shared-terms section: a page per term and the index by kind."""

from __future__ import annotations

from generator import data, pages
from generator.link import Corpus
from generator.messages import say
from generator.pages import Page
from generator.render.common import brief, front_matter, remembered, render

def term_pages(corpus: Corpus) -> dict[Page, str]:
    kinds = data.load("terms")["kinds"]
    files: dict[Page, str] = {}
    groups = []
    for kind, label in kinds.items():
        mine = [t for t in corpus.terms if t.kind == kind]
        if mine:
            groups.append({"label": label, "terms": mine})
    index = pages.terms() if corpus.terms else Page(pages.terms().path)  # listed only with terms
    files[index] = render("terms-index.md.j2", index, front_matter=front_matter(title=say("page.terms")),
                                      groups=groups, total=len(corpus.terms))
    for t in corpus.terms:
        first: dict[str, object] = {}
        for rep in sorted(t.reports, key=lambda r: (r.meta.year or 9999, r.meta.date or "", r.meta.id)):
            first.setdefault(rep.meta.id, rep)
        occ_of: dict[int, list] = {}
        for o in t.occurrences:
            occ_of.setdefault(id(o.report), []).append(o)
        by_report = [{"report": rep, "occurrences": occ_of.get(id(rep), [])} for rep in t.reports]
        by_report.sort(key=lambda x: (-len(x["occurrences"]), x["report"].meta.id))
        timeline = list(first.values())

        def view(t=t, timeline=timeline, by_report=by_report) -> tuple:
            return (t.name, t.kind, sorted(t.surfaces), len(t.reports), len(t.occurrences), [brief(r) for r in timeline],
                    [(brief(x["report"]), [(o.anchor, o.left, o.match, o.right) for o in x["occurrences"]])
                     for x in by_report])

        files[pages.term(t.slug)] = remembered(
            "term.md.j2",
            pages.term(t.slug),
            view,
            front_matter=front_matter(title=t.name),
            term=t,
            kind_label=kinds[t.kind],
            timeline=timeline,
            by_report=by_report,
            section_link=say("page.section_link"),
        )
    return files
