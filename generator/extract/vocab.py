"""The extractor's vocabulary, loaded once from generator/data/indicators.yml: the data
itself, the alias table and the figure pattern built from it, and the typographic
constants every part of the stage shares."""

from __future__ import annotations

import functools
import re

from generator import data, trie

# Full-width digits and signs read as their ASCII forms; clauses end at these marks.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")
CLAUSE = re.compile(r"[，；：,;:]")
NUMBER = r"\d+(?:\.\d+)?"


@functools.cache
def alias_table() -> tuple[trie.Words, dict[str, dict]]:
    """The pattern of every alias (longest first at a position) and alias → indicator.
    Phrases that are no indicator map to {"key": None}; statement-only aliases carry
    `statement_only`, opening-only aliases `opening_only`."""
    table: dict[str, dict] = {}
    for ind in data.load("indicators")["indicators"]:
        for alias in [ind["name"], *ind["aliases"]]:
            table.setdefault(alias, ind)
        for alias in ind.get("statement_aliases", []):
            table.setdefault(alias, {**ind, "statement_only": True})
        for alias in ind.get("opening_aliases", []):
            table.setdefault(alias, {**ind, "opening_only": True})
    for phrase in data.load("indicators")["not_indicators"]:
        table[phrase] = {"key": None}
    return trie.pattern(table), table


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def figure() -> re.Pattern[str]:
    """A figure: a number or a range, its unit, and a qualifier written after it."""
    c = data.load("indicators")
    # Qualifiers keep their order in the data (the first that matches wins).
    qualifiers = "|".join(re.escape(w) for w in c["qualifiers_after"])
    return re.compile(
        rf"(?P<low>{NUMBER})\s*(?:(?P<lowunit>%)?\s*{c['range_marks']}\s*(?P<high>{NUMBER}))?\s*"
        rf"(?P<unit>{_alternation(list(c['units']))})(?P<qual>{qualifiers})?"
    )


def year_word(year: int | None) -> str:
    # How a report writes a year (2025年); empty without a year.
    return data.load("indicators")["year_word"].format(year=year) if year else ""


def plan_forms(name: str) -> list[str]:
    # The ways a text names a five-year plan as a period (“十四五”, 十四五时期).
    return [form.format(name=name) for form in data.load("indicators")["plan_period_forms"]]
