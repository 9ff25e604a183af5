"""The shared-terms section: a page per term and the index by kind."""

from __future__ import annotations

from generator import data, pages
from generator.link import Corpus
from generator.messages import say
from generator.model import brief
from generator.pages import Page
from generator.render.common import Stored, front_matter, render, stored
from generator.terms import Term


def term_pages(corpus: Corpus) -> dict[Page, str | Stored]:
    kinds = data.load("terms")["kinds"]
    files: dict[Page, str | Stored] = {}
    groups = []
    for kind, label in kinds.items():
        mine = [t for t in corpus.terms if t.kind == kind]
        if mine:
            groups.append({"label": label, "terms": mine})
    index = pages.terms() if corpus.terms else Page(pages.terms().path)  # listed only with terms
    files[index] = render("terms-index.md.j2", index, front_matter=front_matter(title=say("page.terms")),
                                      groups=groups, total=len(corpus.terms))
    for t in corpus.terms:
        here = pages.term(t.slug)
        files[here] = stored(f"term.md.j2\n{here.path}", lambda t=t: _view(t),
                             lambda t=t, here=here: _term_page(t, here, kinds[t.kind]))
    return files


def _view(t: Term) -> tuple:
    """All a term's page shows: its occurrences in the order found (by each report's digests of
    them, `Term.keys`, where every report has them) and its reports (the page's order of them
    is made from their year, date and id). Neither is sorted here: a rebuild works out the view
    of every term page, and makes again only those whose view changed."""
    reports = t.reports
    if len(t.keys) == len(reports):
        found: list = list(t.keys.items())
    else:
        found = [(o.report.meta.id, o.anchor, o.left, o.match, o.right) for o in t.occurrences]
    return (t.name, t.kind, sorted(t.surfaces), found, [(brief(r), r.meta.date) for r in reports])


def _term_page(t: Term, here: Page, kind_label: str) -> str:
    first: dict[str, object] = {}
    for rep in sorted(t.reports, key=lambda r: (r.meta.year or 9999, r.meta.date or "", r.meta.id)):
        first.setdefault(rep.meta.id, rep)
    occ_of: dict[int, list] = {}
    for o in t.occurrences:
        occ_of.setdefault(id(o.report), []).append(o)
    by_report = [{"report": rep, "occurrences": occ_of.get(id(rep), [])} for rep in t.reports]
    by_report.sort(key=lambda x: (-len(x["occurrences"]), x["report"].meta.id))
    return render("term.md.j2", here, front_matter=front_matter(title=t.name), term=t, kind_label=kind_label,
                  timeline=list(first.values()), by_report=by_report, section_link=say("page.section_link"))
