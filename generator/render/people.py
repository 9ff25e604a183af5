"""The speakers' pages: an index of every speaker and a page for each."""

from __future__ import annotations

from generator import pages
from generator.link import Corpus
from generator.messages import say
from generator.pages import Page
from generator.people import Person, people
from generator.render.common import date_text, front_matter, meeting_text, names, render


def people_pages(corpus: Corpus) -> dict[Page, str]:
    everyone = people(corpus.reports)
    index = pages.people() if everyone else Page(pages.people().path)  # listed only with speakers
    files = {index: render("people-index.md.j2", index, front_matter=front_matter(title=say("page.people_title")),
                                       people=everyone, unstated=sum(1 for r in corpus.reports if not r.meta.speaker),
                                       total=len(corpus.reports))}
    n = names()
    for p in everyone:
        rows = [{"report": r, "meeting": meeting_text(r) or "—", "date": date_text(r.meta.date) if r.meta.date else "—"}
                for r in p.reports]
        files[pages.person(p.slug, p.name)] = render(
            "person.md.j2",
            pages.person(p.slug),
            front_matter=front_matter(title=p.name, description=say("page.person_description", name=p.name, titles="、".join(p.titles))),
            person=p, rows=rows, level_names=n["level"])
    return files


def speakers(corpus: Corpus) -> dict[str, Person]:
    """Report id → its speaker."""
    return {r.meta.id: p for p in people(corpus.reports) for r in p.reports}
