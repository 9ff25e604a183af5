# Whole report or digest: labels a text by its shape when nothing states what it is.
#
# A report is a speech to the congress: it says 各位代表 and 我代表市人民政府. A news rewrite of it
# (a digest, 摘编) keeps the figures but not the voice, and often sets slogans as short lines. Run
# after metadata detection and the sidecar; rules and words: data/digest.yml.

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.messages import say
from generator import data
from generator.meta import display_title
from generator.model import Meta, Problem, Report


@dataclass
class Shape:
    """What a text shows of being a speech, and of being a rewrite."""

    speech: list[str] = field(default_factory=list)  # speech signals found (各位代表, 我代表)
    title_block: bool = False  # the title block states a meeting or a speaker
    slogan_lines: int = 0  # short lines set apart without closing punctuation
    chars: int = 0

    def signals(self) -> list[str]:
        """The shape signals present, in Chinese for the build report."""
        c = data.load("digest")
        out = []
        if not self.title_block:
            out.append(say("report.digest_no_title_block"))
        if self.slogan_lines >= c["slogan_lines_min"]:
            out.append(say("report.digest_slogans", n=self.slogan_lines))
        if self.chars < c["short_chars"]:
            out.append(say("report.digest_short", chars=f"{self.chars:,}"))
        return out

    @property
    def is_digest(self) -> bool:
        return not self.speech and len(self.signals()) >= data.load("digest")["min_shape_signals"]



def shape(report: Report) -> Shape:
    c = data.load("digest")
    text = "\n".join(line for _, b in report.all_blocks() for line in b.lines)
    speech = [m.group() for p in c["speech"] if (m := data.regex(p).search(text))]
    m = report.meta
    title_block = any(m.sources.get(k) == "title" for k in ("meeting", "speaker"))
    end = data.regex(c["sentence_ends"])
    slogans = sum(1 for _, b in report.all_blocks() if b.kind in ("verse", "para") for line in b.lines
                  if len(line) <= c["slogan_line_max_chars"] and not end.search(line))
    return Shape(speech, title_block, slogans, report.chars)


def stated(report: Report) -> tuple[str, str] | None:
    """(completeness, where: title or filename) that the title block, the lead or the file
    name states, if any."""
    lead = report.lead[0].lines[:1] if report.lead else []
    places = [("title", " ".join(report.head + lead)), ("filename", PurePosixPath(report.source.path).stem)]
    for where, text in places:
        for kind, words in data.load("digest")["stated"].items():
            if any(w in text for w in words):
                return kind, where
    return None


def label(report: Report) -> tuple[Meta, list[Problem]]:
    # The report's completeness where the text shows it better than meta.detect could: a
    # stated 摘编, a completeness stated only in the file name, or the shape of a digest. A
    # sidecar's completeness is never changed. Returns the metadata (a new Meta where the
    # label changes) and the build report's note.
    m = report.meta
    if "completeness" in m.overridden:
        return m, []
    label_ = Path(report.source.path).name
    fix = say("fix.digest_full", stem=Path(report.source.path).stem)
    said, where = stated(report) or (None, "text")
    found = shape(report)
    names = data.load("metadata")["completeness_names"]
    if said and said != m.completeness and (said == "digest" or m.completeness == "full"):
        new = said
        reason = say("report.digest_stated", name=names[said],
                     where=say("report.digest_where_filename" if where == "filename" else "report.digest_where_title"))
    elif m.completeness == "full" and found.is_digest:
        new = "digest"
        reason = say("report.digest_shape", signals="、".join(found.signals()))
    else:
        return m, []
    m = dataclasses.replace(m, completeness=new, sources={**m.sources, "completeness": where})
    if "title" not in m.overridden:
        m = dataclasses.replace(m, title=display_title(m))
    return m, [Problem(label_, reason, fix, "note")]
