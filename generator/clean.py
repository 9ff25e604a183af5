"""Clean stage: decoded text → kept lines and removed lines, each removal with its rule.

Every non-empty line of the source ends up in exactly one of the two lists: nothing is
lost silently. The rules are data (generator/data/boilerplate.yml).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from generator import data
from generator.messages import say
from generator.model import Cleaned, Line, Removed

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Rule:
    id: str
    reason: str
    pattern: re.Pattern[str]
    zone: str = "any"
    max_len: int | None = None

    def applies(self, text: str, in_head: bool, in_tail: bool) -> bool:
        if self.zone == "head" and not in_head:
            return False
        if self.zone == "tail" and not in_tail:
            return False
        if self.zone == "edges" and not (in_head or in_tail):
            return False
        if self.max_len is not None and len(text) > self.max_len:
            return False
        return bool(self.pattern.search(text))


def rules() -> list[Rule]:
    cfg = data.load("boilerplate")
    return [
        Rule(r["id"], r["reason"], data.regex(r["pattern"]), r.get("zone", "any"), r.get("max_len"))
        for r in cfg["rules"]
    ]


def source_lines(text: str) -> list[Line]:
    """The non-empty lines of a text, stripped (ordinary and ideographic spaces)."""
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            out.append(Line(no, stripped))
    return out


def _interface_share(text: str, words: list[str]) -> float:
    """Share of the line's characters covered by interface words (longest first)."""
    compact = re.sub(r"[\s【】\[\]（）()|｜:：/>·•,，、-]+", "", text)
    if not compact:
        return 0.0
    rest = compact
    for w in words:
        rest = rest.replace(w, "")
    return 1 - len(rest) / len(compact)


@functools.cache
def _toolbar_words() -> list[str]:
    return sorted(data.load("boilerplate")["toolbar"]["words"], key=len, reverse=True)


def is_toolbar(text: str) -> bool:
    cfg = data.load("boilerplate")["toolbar"]
    if len(text) > cfg["max_len"] or text[-1] in "。！？；":
        return False
    return _interface_share(text, _toolbar_words()) >= cfg["min_share"]


def clean(text: str, extra_removed: list[tuple[str, str]] | None = None) -> Cleaned:
    """Split the lines of `text` into kept and removed ones."""
    cfg = data.load("boilerplate")
    zone = cfg["zone_lines"]
    dup, dup_tail, toolbar = cfg["duplicate_head_line"], cfg["duplicate_tail_line"], cfg["toolbar"]
    active = rules()
    lines = source_lines(text)
    kept: list[Line] = []
    removed: list[Removed] = [Removed(0, t, rule, _html_reason(rule)) for t, rule in (extra_removed or [])]
    seen_head: set[str] = set()
    block: dict | None = None  # the tail block (related links, licence) the walk is in
    for i, line in enumerate(lines):
        in_head = i < zone
        # The tail zone is the last lines, never the first half of a short text.
        in_tail = i >= max(len(lines) - zone, len(lines) // 2)
        key = _WS.sub("", line.text)
        if block is None:
            block = next((b for b in cfg["tail_blocks"] if i >= len(lines) - b["zone_lines"]
                          and data.regex(b["head"]).match(line.text)), None)
        if block is not None and len(line.text) <= block["max_len"]:
            removed.append(Removed(line.no, line.text, block["id"], block["reason"]))
            continue
        rule = next((r for r in active if r.applies(line.text, in_head, in_tail)), None)
        if rule:
            removed.append(Removed(line.no, line.text, rule.id, rule.reason))
            continue
        if (in_head or in_tail) and is_toolbar(line.text):
            removed.append(Removed(line.no, line.text, toolbar["id"], toolbar["reason"]))
            continue
        if in_head and key in seen_head and len(key) <= 60:
            removed.append(Removed(line.no, line.text, dup["id"], dup["reason"]))
            continue
        if in_tail and not in_head and key in seen_head and not is_salutation_like(key):
            removed.append(Removed(line.no, line.text, dup_tail["id"], dup_tail["reason"]))
            continue
        if in_head:
            seen_head.add(key)
        kept.append(line)
    return Cleaned(kept=kept, removed=removed)


def drop_repeated(cleaned: dict[str, Cleaned], is_report_line) -> dict[str, Cleaned]:
    """Lines of a publisher's page that the rules do not know (a site's slogan, its app's
    name, an office's imprint) repeat in the head or tail zone of every report saved from that
    site. A short line found there in at least `min_files` files of the collection, that is
    no part of a report's own structure (`is_report_line`), is moved to the removed lines of
    each file. Returns each file's Cleaned, a new one where lines moved (the given ones are
    left as they are: they may be a cache's values, read again by the next build)."""
    gone = repeated({name: zone_print(c) for name, c in cleaned.items()}, is_report_line)
    return {name: without_repeated(c, gone[name]) for name, c in cleaned.items()}


def zone_print(c: Cleaned) -> tuple[str, frozenset[str]]:
    """All `repeated` reads of a file: a digest of its kept text (a file saved twice counts
    once) and the keys of the short lines of its head and tail zones. The build keeps it beside
    the file's read result, so that a rebuild need not read every file's lines back."""
    cfg, zone = _repeated_rule()
    lines = c.kept[:zone] + c.kept[-zone:]
    text = hashlib.sha256("\n".join(ln.text for ln in c.kept).encode()).hexdigest()
    return text, frozenset(_WS.sub("", ln.text) for ln in lines if len(ln.text) <= cfg["max_len"])


def repeated(prints: dict[str, tuple[str, frozenset[str]]], is_report_line) -> dict[str, frozenset[str]]:
    """Each file's keys (of its `zone_print`) that repeat across the collection: the lines
    `without_repeated` removes from it."""
    cfg, _ = _repeated_rule()
    counts: dict[str, int] = {}
    for keys in {text: keys for text, keys in prints.values()}.values():
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    found = {k for k, n in counts.items() if n >= cfg["min_files"] and not is_report_line(k)}
    return {name: keys & found for name, (_, keys) in prints.items()}


def without_repeated(c: Cleaned, keys: frozenset[str]) -> Cleaned:
    """`c` with the lines of its head and tail zones that read as one of `keys` removed."""
    if not keys:
        return c
    cfg, zone = _repeated_rule()
    n = len(c.kept)
    gone = [ln for i, ln in enumerate(c.kept) if (i < zone or i >= n - zone) and _WS.sub("", ln.text) in keys]
    return c.without(gone, cfg["id"], cfg["reason"]) if gone else c


def _repeated_rule() -> tuple[dict, int]:
    return data.load("boilerplate")["repeated_across_files"], data.load("boilerplate")["zone_lines"]


def is_salutation_like(key: str) -> bool:
    return bool(data.regex(data.load("metadata")["salutation"]).match(key.rstrip("：:！!，,")))


def _html_reason(rule: str) -> str:
    """The log's reason for a line the reader dropped (rule pdf-page-number, html-nav …)."""
    if rule in _READER_REASONS:
        return say(_READER_REASONS[rule])
    return say("removed.html_part", tag=rule.removeprefix("html-"))


# The reader's rules with a reason of their own; other html-TAG rules share removed.html_part.
_READER_REASONS = {"pdf-page-number": "removed.pdf_page_number", "pdf-running-head": "removed.pdf_running_head",
                   "html-title": "removed.html_title"}
