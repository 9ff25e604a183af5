"""The shared-terms section: a page per term and the index by kind."""

from __future__ import annotations

from generator import data, pages
from generator.link import Corpus
from generator.messages import say
from generator.pages import Page
from generator.render.common import front_matter, render

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
        by_report = []
        for rep in t.reports:
            occ = [o for o in t.occurrences if o.report is rep]
            by_report.append({"report": rep, "occurrences": occ})
        by_report.sort(key=lambda x: (-len(x["occurrences"]), x["report"].meta.id))
        files[pages.term(t.slug)] = render(
            "term.md.j2",
            pages.term(t.slug),
            front_matter=front_matter(title=t.name),
            term=t,
            kind_label=kinds[t.kind],
            timeline=list(first.values()),
            by_report=by_report,
        )
    return files
