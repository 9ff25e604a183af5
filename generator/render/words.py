"""The words of the year: the index, a page per year, the charts over the years, the
download, and the list on each report page. The counting is generator/words.py."""

from __future__ import annotations

import csv
import io
import itertools
import re

from generator import charts, data, pages, words
from generator.link import Corpus
from generator.messages import say
from generator.model import Report
from generator.pages import Page
from generator.render.common import front_matter, remembered_page, render, token

CSV_COLUMNS = ["report_id", "year", "region", "word", "count"]


def report_words(r: Report, corpus: Corpus) -> list[tuple[str, int]]:
    """The report's most frequent content words, for its page."""
    counted = corpus.words.get(r.meta.id)
    return counted.top(data.load("words")["report_top"]) if counted else []


def _ranked(items: list[tuple[str, int]]) -> list[tuple[int, str, int]]:
    """(rank, word, count): words with the same count share a rank (1, 2, 2, 4)."""
    out, rank = [], 0
    for k, (w, n) in enumerate(items):
        if k == 0 or n != items[k - 1][1]:
            rank = k + 1
        out.append((rank, w, n))
    return out


def to_csv(corpus: Corpus) -> str:
    """data/words.csv: each report's `csv_top` words, with a byte-order mark like the other CSVs.
    Written as csv.writer writes it (`_csv_field`), a report's rows at once: it has 100,000
    rows on a thousand reports, and is made again after every edit (0.13 s with csv.writer,
    0.03 s this way)."""
    top = data.load("words")["csv_top"]
    out = ["\ufeff", ",".join(CSV_COLUMNS), "\n"]
    for r in corpus.reports:
        counted = corpus.words.get(r.meta.id)
        found = counted.top(top) if counted else []
        head = ",".join(_csv_field(v) for v in (r.meta.id, r.meta.year or "", r.meta.region or ""))
        if _CSV_PLAIN.fullmatch("".join(w for w, _ in found)):  # no word needs quotes: the usual case
            out.extend(f"{head},{w},{n}\n" for w, n in found)
        else:
            out.extend(f"{head},{_csv_field(w)},{n}\n" for w, n in found)
    return "".join(out)


_CSV_PLAIN = re.compile(r'[^,"\r\n]*')


def _csv_field(value: object) -> str:
    """A field as csv.writer writes it: as it is, or, where it holds a comma, a quote or a line
    break (never in a report's id, region or word), written by csv.writer itself."""
    text = str(value)
    if _CSV_PLAIN.fullmatch(text):
        return text
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([text])
    return buf.getvalue()[:-1]


def _charts(corpus: Corpus, tallies: dict[int, words.Tally]) -> tuple[list[dict], list[dict]]:
    """The charts of words and of shared terms over the years, each with its anchor."""
    if len(tallies) < 2:
        return [], []

    def one(name: str, points: list, anchor: str, **more) -> dict:
        # One line, drawn in the colour of the charts' results ("actual"), the years spaced
        # by their distance (1964 to 1975 is eleven years, not one step).
        svg = charts.lines({"actual": points}, unit="", title=say("page.words_chart", word=name),
                           names={"actual": name}, linear_x=True)
        return {"name": name, "anchor": anchor, "svg": svg, "points": points, **more}

    chosen = words.trend_words(tallies)
    word_charts = [one(w, words.series(w, tallies), f"word-{k}") for k, w in enumerate(chosen, start=1)]
    shared = words.term_series(corpus.terms, corpus.years, tallies, set(chosen))
    term_charts = [one(t.name, pts, f"term-{k}", term=t) for k, (t, pts) in enumerate(shared, start=1)]
    return word_charts, term_charts


def word_pages(corpus: Corpus) -> dict[Page, str]:
    """words/index.md, words/<year>.md, words/trends.md and data/words.csv."""
    c = data.load("words")
    tallies = words.by_year(corpus.years, corpus.words)
    word_charts, term_charts = _charts(corpus, tallies)
    anchors = {x["name"]: x["anchor"] for x in word_charts}
    files: dict[Page, str] = {pages.data_file("words.csv"): to_csv(corpus)}
    for year, t in tallies.items():
        reports = [{"report": r, "counted": corpus.words[r.meta.id]} for r in corpus.years[year]]
        rows = _ranked(list(itertools.islice(t.counts.items(), c["year_top"])))
        # Kept by its reports (their words and the year's tally are theirs) and the charts its
        # words link to: after an edit, only the edited report's year is made again.
        files[pages.words_year(year, say("page.year", year=year))] = remembered_page(
            "words-year.md.j2",
            pages.words_year(year),
            lambda: (year, [token(r) for r in corpus.years[year]], [anchors.get(w) for _, w, _ in rows]),
            front_matter=front_matter(title=say("page.words_year", year=year)),
            year=year, tally=t, rows=rows, reports=reports,
            anchors=anchors, index_top=c["index_top"], per_chars=c["per_chars"],
        )
    files[pages.words()] = render(
        "words-index.md.j2",
        pages.words(),
        front_matter=front_matter(title=say("page.words")),
        tallies=tallies, tops={y: list(t.counts)[: c["index_top"]] for y, t in tallies.items()}, top=c["index_top"],
        rule=c, csv_top=c["csv_top"], columns=CSV_COLUMNS, per_chars=c["per_chars"], report_count=len(corpus.reports),
        charted=len(word_charts) + len(term_charts),
    )
    files[pages.words_trends(say("page.words_trends"))] = render(
        "words-trends.md.j2",
        pages.words_trends(),
        front_matter=front_matter(title=say("page.words_trends"), hide=["toc"]),
        word_charts=word_charts, term_charts=term_charts, years=sorted(tallies), per_chars=c["per_chars"],
        min_years=c["chart_min_years"],
    )
    return files
