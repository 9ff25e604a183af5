"""The speakers' pages: an index of every speaker and a page for each."""

from __future__ import annotations

from generator.link import Corpus
from generator.messages import say
from generator.people import people
from generator.render.common import date_text, front_matter, meeting_text, names, render


def people_pages(corpus: Corpus) -> dict[str, str]:
    everyone = people(corpus.reports)
    files = {"people/index.md": render("people-index.md.j2", front_matter=front_matter(title=say("page.people_title")),
                                       people=everyone, unstated=sum(1 for r in corpus.reports if not r.meta.speaker),
                                       total=len(corpus.reports))}
    n = names()
    for p in everyone:
        rows = [{"report": r, "meeting": meeting_text(r) or "—", "date": date_text(r.meta.date) if r.meta.date else "—"}
                for r in p.reports]
        files[f"people/{p.slug}.md"] = render(
            "person.md.j2",
            front_matter=front_matter(title=p.name, description=say("page.person_description", name=p.name, titles="、".join(p.titles))),
            person=p, rows=rows, level_names=n["level"])
    return files


def person_slugs(corpus: Corpus) -> dict[str, str]:
    # Report id → the page of its speaker (people/魏建平.md).
    return {r.meta.id: f"people/{p.slug}.md" for p in people(corpus.reports) for r in p.reports}
