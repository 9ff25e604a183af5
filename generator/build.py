"""The build: every seed through the pipeline, problems collected, docs written.

    seeds/*.txt ─ read ─ clean ─ parse ─ extract ─ link ─ render ─ docs/
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import data, digest
from generator import meta as meta_mod
from generator import cache, messages, segment, sidecar, workers
from generator.clean import clean, repeated, without_repeated, zone_print
from generator.extract import extract
from generator.link import Corpus, build_corpus
from generator.words import preload as preload_words
from generator.model import Guard, InputError, Problem, Report, content_digest, figures_digests, internal_error
from generator.paths import GENERATED_DIRS
from generator.parse import is_report_line, parse
from generator.read import read_file
from generator.render import KEPT, render_site
from generator.render.common import Stored
from generator.typeset import HAN_CHAR, normalise

# What the generator owns inside the docs dir. Everything else there is hand-written.
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
IGNORED_SUFFIXES = (".yml", ".yaml", ".md")


@dataclass
class BuildResult:
    reports: list[Report] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    corpus: Corpus | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def discover(seeds: Path) -> tuple[list[Path], list[Problem]]:
    files, problems = [], []
    for path in sorted(seeds.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix.lower() in IGNORED_SUFFIXES:
            continue
        if path.is_symlink() or not path.is_file():
            problems.append(Problem(path.name, messages.say("discover.not_a_file"), messages.say("discover.not_a_file_fix")))
            continue
        if path.suffix.lower() not in REPORT_SUFFIXES:
            fix = messages.say("discover.word_fix" if path.suffix.lower() in (".doc", ".wps", ".rtf")
                               else "discover.formats_fix")
            suffix = path.suffix or messages.say("discover.no_suffix")
            problems.append(Problem(path.name, messages.say("discover.unsupported", suffix=suffix), fix))
            continue
        files.append(path)
    return files, problems


class StageError(Exception):
    """An unexpected error inside one stage for one file: reported with the stage's name."""

    def __init__(self, stage: str, exc: Exception):
        super().__init__(f"{stage}: {exc.__class__.__name__}: {exc}")
        self.stage, self.exc = stage, exc



class _Stage:
    """`with _Stage("parse"):` turns an unexpected exception into a StageError naming the stage."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or isinstance(exc, (InputError, StageError, OSError)):
            return False
        raise StageError(self.name, exc) from exc


def process(path: Path, seeds: Path) -> tuple[Report, list[Problem]]:
    """One seed file → Report. Raises InputError when the file cannot be used at all."""
    source, cleaned = read_and_clean(path, seeds)
    return finish(path, source, cleaned)


def read_and_clean(path: Path, seeds: Path):
    with _Stage("read"):
        source = read_file(path, seeds)
    with _Stage("clean"):
        cleaned = clean(source.text, source.format_removed)
    return source, cleaned


def finish(path: Path, source, cleaned) -> tuple[Report, list[Problem]]:
    """A read and cleaned file → Report: parse, metadata, its sidecar, figures."""
    report, problems = _analyse(source, cleaned)
    with _Stage("sidecar"):
        fields, more = sidecar.load(sidecar.path_for(path), sidecar.path_for(path).name)
        problems = more + problems
        if fields:
            report = dataclasses.replace(report, meta=sidecar.apply(report.meta, fields))
            problems = [p for p in problems if not (p.severity == "warning" and p.fix and "seeds/" in p.fix
                                                    and any(f"{k}:" in p.fix for k in fields))]
    with _Stage("meta"):
        meta, notes = digest.label(report)
        report = dataclasses.replace(report, meta=meta)
        problems += notes
    with _Stage("extract"):
        extraction = extract(report)
        report = dataclasses.replace(report, figures=extraction.records, commitments=extraction.commitments,
                                     content=content_digest(report), figures_keys=figures_digests(extraction.records))
    return report, problems


def process_source(source) -> tuple[Report, list[Problem]]:
    """A decoded source → Report, with the problems a sidecar could fix."""
    with _Stage("clean"):
        cleaned = clean(source.text, source.format_removed)
    return _analyse(source, cleaned)


def _analyse(source, cleaned) -> tuple[Report, list[Problem]]:
    label = Path(source.path).name
    if not cleaned.kept:
        raise InputError(messages.say("report.nothing_left"), messages.say("report.nothing_left_fix"))
    with _Stage("parse"):
        parsed = parse(cleaned.kept)
        if parsed.dropped:
            cleaned = cleaned.without(parsed.dropped, "page-headline", messages.say("removed.page_headline"))
        text = Report(source=source, cleaned=cleaned, meta=meta_mod.Meta(), head=parsed.head, lead=parsed.lead,
                      preamble=parsed.preamble, sections=parsed.sections)
    with _Stage("meta"):
        sections_titles = [s.title for s in text.all_sections()]
        blocks = text.all_blocks()
        closing = blocks[-1][1].lines if blocks else []
        body = "\n".join(line.text for line in cleaned.kept)
        meta = meta_mod.detect(parsed, body, sections_titles, closing, source.path)
        meta = dataclasses.replace(meta, **meta_mod.provenance(cleaned))
        report = dataclasses.replace(text, meta=meta, chars=len(HAN_CHAR.findall("".join(x.text for x in cleaned.kept))))
        if meta_mod.is_resolution(report):
            raise InputError(messages.say("report.resolution"), messages.say("report.resolution_fix"))
    return report, _meta_problems(label, source.path, report.meta)


def _meta_problems(label: str, path: str, m) -> list[Problem]:
    """What a sidecar could fix, with a hint that fits this report; and the disagreements."""
    yml = f"seeds/{Path(path).stem}.yml"
    problems: list[Problem] = []
    if not m.region and m.level != "nation":
        if m.region_candidates:
            reason = messages.say("report.namesakes", candidates="、".join(m.region_candidates))
            fix = messages.say("report.namesakes_fix", sidecar=yml, first=m.region_candidates[0])
        else:
            reason = messages.say("report.no_region")
            examples = messages.group("region_example")
            fix = messages.say("report.no_region_fix", sidecar=yml,
                               example=examples.get(m.level_hint or "", examples["any"]))
        problems.append(Problem(label, reason, fix, "warning"))
    elif m.region and not m.region_code and m.level != "nation":
        problems.append(Problem(label, messages.say("report.unlisted_region", region=m.region), None, "note"))
    if not m.year:
        hint = messages.say("report.latest_year", year=m.years_mentioned[-1]) if m.years_mentioned else ""
        problems.append(Problem(label, messages.say("report.no_year"),
                                messages.say("report.no_year_fix", sidecar=yml, hint=hint), "warning"))
    for text in m.conflicts:
        problems.append(Problem(label, text, None, "note"))
    return problems


def assign_ids(reports: list[Report]) -> list[Report]:
    """The reports with their ids: stable ASCII slugs of region code and year (410700-2025),
    unique in the collection; each figure carries its report's id."""
    taken: set[str] = set()
    ids: dict[int, str] = {}
    for r in sorted(reports, key=lambda r: r.source.path):
        m = r.meta
        if m.id and "id" in m.overridden:
            base = m.id
        elif m.region_code and m.year:
            base = f"{'cn' if m.level == 'nation' else m.region_code}-{m.year}"
            if m.completeness != "full":
                base += f"-{m.completeness}"
        else:
            stem = re.sub(r"[^a-z0-9]+", "-", Path(r.source.path).stem.lower()).strip("-")[:40]
            base = f"report-{stem}" if stem else "report-" + hashlib.sha1(r.source.path.encode()).hexdigest()[:10]
        slug, k = base, 2
        while slug in taken:
            slug, k = f"{base}-{k}", k + 1
        taken.add(slug)
        ids[id(r)] = slug
    out = []
    for r in reports:
        meta = dataclasses.replace(r.meta, id=ids[id(r)])
        figures = [f.of_report(meta.id) for f in r.figures]
        out.append(r.revised(meta=meta, figures=figures))
    return out


def collect(seeds: Path) -> BuildResult:
    """Every seed read, cleaned and finished (parse, metadata, sidecar, figures): through the
    cache, where a report is read back without its text (model.Report.without_text)."""
    data.check_all()  # a bad data file stops the build with one message (DataError)
    result = BuildResult()
    files, problems = discover(seeds)
    result.problems.extend(problems)
    seen: dict[str, Report] = {}

    # Read and clean every file first: furniture is also what repeats across the collection.
    # Of a file read before, only what that pass reads of it (its zone_print) is read back.
    read: dict[Path, tuple] = {}
    root = cache.folder()
    done = workers.map_cached(_read_one, [(path, seeds, root) for path in files], _print_key, _as_kept,
                              stage="read", label=lambda job: job[0].name, to_make=_help_with)
    for path, (printed, problem, k, got) in zip(files, done):
        if problem:
            result.problems.append(problem)
        else:
            read[path] = (printed, k, got)
    try:
        gone = repeated({str(p): printed for p, (printed, _, _) in read.items()}, is_report_line)
    except Exception as exc:  # the collection-wide pass is a refinement: never fatal
        result.problems.append(internal_error(messages.say("report.all_reports"), "clean", exc))
        gone = {}
    jobs = [(path, k, gone.get(str(path), frozenset()), got, root) for path, (_, k, got) in read.items()]
    finished = workers.map_cached(_finish_one, jobs, _finish_key, _with_key, stage="finish",
                                  label=lambda job: job[0].name)
    for job, ((done, problem), made_from) in zip(jobs, finished):
        path = job[0]
        if done and not _whole_kept(done[0]):  # a cache missing what it should hold: made again
            (done, problem), made_from = _finish_one(job)
        if problem:
            result.problems.append(problem)
            continue
        report, problems, key = done
        report = report.revised(digest=made_from)
        result.problems.extend(problems)
        if key in seen:
            first = seen[key]
            result.problems.append(
                Problem(path.name, messages.say("report.duplicate", first=first.source.path),
                        messages.say("report.duplicate_fix", file=path.name), "note")
            )
            continue
        seen[key] = report
        result.reports.append(report)
    result.reports = assign_ids(result.reports)
    return result


def _help_with(changed: int) -> None:
    """With a few files changed since the last build (or new), a helper process starts loading
    jieba for the link stage's work on them (workers.map_cached), while this process reads the
    others back. A build of many starts worker processes for that work instead."""
    if 0 < changed < workers.MIN_ITEMS and not segment.loaded():
        workers.start_helper(functools.partial(preload_words, few=True))


def _with_key(value: tuple, job: tuple, k: str) -> tuple[tuple, str]:
    return value, k


def _as_kept(value: tuple, job: tuple, k: str) -> tuple:
    return value


def _contained(path: Path, step, *args) -> tuple:
    """Run one file's step: (its result, None), or (None, the problem) when it fails."""
    try:
        return step(*args), None
    except InputError as exc:
        return None, Problem(path.name, exc.reason, exc.fix)
    except OSError as exc:
        return None, Problem(path.name, messages.say("read.unreadable", error=exc.strerror), messages.say("fix.permissions"))
    except StageError as exc:  # a bug met by one file must not stop the others
        return None, internal_error(path.name, exc.stage, exc.exc)
    except Exception as exc:
        return None, internal_error(path.name, "", exc)


def _read_key(job: tuple) -> tuple | None:
    """(cache folder, key) of a file's read_and_clean: its name and bytes (None when it cannot
    be read)."""
    path, _, root = job
    try:
        return root, cache.key(b"read", path.name.encode(), path.read_bytes())
    except OSError:
        return None


def _print_key(job: tuple) -> tuple | None:
    """(cache folder, key) of what `_read_one` returns: beside the file's read result, kept
    under a key of its own."""
    where = _read_key(job)
    return where and (where[0], _zones_key(where[1]))


def _read_one(job: tuple) -> tuple:
    """read_and_clean, through the cache: (the zone_print of its lines, the problem that
    stopped it, the key it is kept under ("" when the file cannot be read), the result)."""
    path, seeds, root = job
    where = _read_key(job)
    compute = lambda: _contained(path, read_and_clean, path, seeds)  # noqa: E731
    got, problem = compute() if where is None else cache.through(*where, compute)
    out = (None if got is None else zone_print(got[1]), problem, where[1] if where else "", got)
    if where is not None:
        cache.put(root, _zones_key(where[1]), out[:3] + (None,))  # read back without the lines
    return out


def _zones_key(read_key: str) -> str:
    return cache.key(b"zones", read_key.encode())


def _finish_key(job: tuple) -> tuple | None:
    """(cache folder, key) of a report's finish: the file (its read key), the lines the
    collection-wide pass removes from it and the sidecar's bytes (None without a cache)."""
    path, read_key, gone, _, root = job
    if root is None or not read_key:
        return None
    side = sidecar.path_for(path)
    try:
        return root, cache.key(b"finish", read_key.encode(), "\n".join(sorted(gone)).encode(),
                               side.read_bytes() if side.exists() else b"")
    except Exception:
        return None


def _finish_one(job: tuple) -> tuple[tuple, str]:
    """finish, with the text's key for telling duplicates, through the cache: kept without its
    text, the whole report beside it; and the cache key, the report's digest ("" without a
    cache)."""
    path = job[0]
    where = _finish_key(job)
    made = _contained(path, _finished, job)
    if where is None:
        return made, ""
    done, problem = made
    if done is None:
        cache.put(*where, made)
    else:
        report, problems, same = done
        at = _whole_at(where)
        cache.put(*at, report)
        cache.put(*where, ((report.without_text(at), problems, same), problem))
    return made, where[1]


def _whole_at(where: tuple) -> tuple:
    """Where the whole report whose finish is kept at `where` is kept."""
    return where[0], cache.key(b"whole", where[1].encode())


def _whole_kept(report: Report) -> bool:
    return report.whole_at is None or cache.holds(*report.whole_at)


def _read_again(job: tuple) -> tuple:
    """A file's read result, when the read stage had it from the cache: read back from there
    (read and cleaned again if the cache has lost it)."""
    path, read_key, _, _, root = job
    got, problem = cache.get(root, read_key) or (None, None)
    if got is None:
        got = read_and_clean(path, path.parent)  # the file's own folder is the seeds dir
    return got


def _finished(job: tuple) -> tuple[Report, list[Problem], str]:
    path, _, gone, got, _ = job
    source, cleaned = got or _read_again(job)
    report, problems = finish(path, source, without_repeated(cleaned, gone))
    # Two files of the same text (spacing and typesetting aside) are published once.
    same = hashlib.sha256(normalise("".join(ln.text for ln in report.cleaned.kept)).encode()).hexdigest()
    return report, problems, same


class Writer:
    """Writes generated files into docs/ as they are made: only files that changed, text encoded
    one file at a time, so that the site is never held whole; `finish` then deletes the
    generated files no longer made. A file that cannot be written is reported in `problems`
    (raised without) and the others are still written.

    A page kept in the cache comes with its key. The Writer remembers (in the cache) which key
    each such file was last written from, and its size and time then: a file that `holds` its
    key still is not read or compared again, nor its page read from the cache (on a thousand
    reports, the 2,000 report and log pages: an edit's rebuild 0.2–0.6 s shorter in four pairs
    of runs)."""

    def __init__(self, docs: Path, problems: list[Problem] | None = None, remembers: bool = True):
        self.docs, self.problems = docs.resolve(), problems
        self.written: list[str] = []
        self.unchanged = 0
        self.wanted: set[str] = set()
        where = cache.folder("written")
        self._where = (where, hashlib.sha256(str(self.docs).encode()).hexdigest()) if where and remembers else None
        self._before: dict[str, tuple[str, int, int]] = (cache.get(*self._where) or {}) if self._where else {}
        self._now: dict[str, tuple[str, int, int]] = {}  # path → (key, size, time) of this build's kept pages

    def fresh(self) -> "Writer":
        """A Writer into the same folder with nothing written yet: for another process, whose
        `tally` this one then `add`s. It knows what this one's folder had written last."""
        other = Writer(self.docs, None if self.problems is None else [], remembers=False)
        other._before = self._before
        return other

    def holds(self, rel: str, key: str) -> bool:
        """Whether the file `rel` is the page kept under `key`, as this Writer's folder had it
        written last: the same key, size and modification time."""
        was = self._before.get(rel)
        if was is None or was[0] != key:
            return False
        try:
            st = (self.docs / rel).stat()
        except OSError:
            return False
        return (st.st_size, st.st_mtime_ns) == was[1:]

    def tally(self) -> tuple[list[str], int, set[str], list[Problem], dict]:
        """What this Writer did: (written, unchanged, wanted, problems, the keys its kept pages
        were written from)."""
        return self.written, self.unchanged, self.wanted, self.problems or [], self._now

    def add(self, tally: tuple[list[str], int, set[str], list[Problem], dict]) -> None:
        """Count what another Writer into the same folder did (its `tally`) as done by this one."""
        written, unchanged, wanted, problems, now = tally
        self.written.extend(written)
        self.unchanged += unchanged
        self.wanted |= wanted
        self._now.update(now)
        if self.problems is not None:
            self.problems.extend(problems)

    def write(self, files: dict[str, str | bytes | Stored], keys: dict[str, str] | None = None) -> None:
        """Write `files` (path → content; KEPT for a file that `holds` its page, Stored for a
        page kept in the cache, read only where the file does not hold it); `keys` are the
        cache keys of the other kept pages among them."""
        for rel, content in sorted(files.items()):
            # Generated paths are plain relative names: only `..` could lead out of docs/.
            norm = posixpath.normpath(rel)
            if norm.startswith(("../", "/")) or norm in ("..", "."):
                raise ValueError(f"refusing to write outside {self.docs}: {rel}")
            self.wanted.add(norm)
            key = keys.get(rel) if keys else None
            if isinstance(content, Stored):
                key = content.key
                content = KEPT if self.holds(norm, key) else content.text()
            if content is KEPT:
                self.unchanged += 1
                self._now[norm] = self._before[norm]
                continue
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                if self._write_if_changed(self.docs / norm, data):
                    self.written.append(rel)
                else:
                    self.unchanged += 1
                if key is not None:
                    st = (self.docs / norm).stat()
                    self._now[norm] = (key, st.st_size, st.st_mtime_ns)
            except Exception as exc:  # one unwritable file must not cost the rest of the site
                if self.problems is None:
                    raise
                self.problems.append(Problem(rel, messages.say("report.write_failed", error=exc.strerror or exc),
                                             messages.say("report.write_failed_fix"))
                                     if isinstance(exc, OSError) else internal_error(rel, "write", exc))

    @staticmethod
    def _write_if_changed(target: Path, content: bytes) -> bool:
        if target.exists() and target.read_bytes() == content:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        return True

    def finish(self) -> tuple[list[str], list[str], int]:
        """(written, deleted, unchanged), after deleting what is no longer made."""
        deleted = []
        for d in GENERATED_DIRS:
            # Walked as text, deepest folders first (6,000 files on a thousand reports: 0.12 s
            # as paths, after every edit).
            for folder, subfolders, names in os.walk(self.docs / d, topdown=False):
                rel = os.path.relpath(folder, self.docs).replace(os.sep, "/")
                gone = [f"{rel}/{name}" for name in names if f"{rel}/{name}" not in self.wanted]
                for path in gone:
                    os.unlink(self.docs / path)
                deleted += gone
                if rel != d and len(gone) == len(names) and not os.listdir(folder):
                    os.rmdir(folder)
        if self._where and self._now != self._before:
            cache.put(*self._where, self._now)
        return sorted(self.written), deleted, self.unchanged


# While the pages are linked and rendered, the cyclic collector looks at new objects after
# 100,000 allocations instead of Python's 700: the stages make many objects that live a while,
# and few cycles. On a thousand reports, after an edit: 10.3–11.5 s → 9.0–9.4 s; cold 63.8 →
# 57.0 s with the peak unchanged (958 → 948 MB; without any collection it passed 1 GB).
BUILD_GC_THRESHOLD = (100_000, 50, 100)


def build(seeds: Path, docs: Path) -> BuildResult:
    """Every seed through the pipeline into `docs`. The helper process the read stage may
    start (workers.start_helper) ends with the build, however it ends."""
    try:
        return _built(seeds, docs)
    finally:
        workers.stop_helper()


def _built(seeds: Path, docs: Path) -> BuildResult:
    cache.next_build()
    caller_froze = gc.get_freeze_count() > 0
    collecting, threshold = gc.isenabled(), gc.get_threshold()
    # Collecting makes the reports, nearly all of which live until the build ends: the cyclic
    # collector waits until they are made (on a thousand reports, reading them back from the
    # cache after an edit took 2.2 and 3.35 s with it running, 1.46 and 1.44 s without).
    gc.disable()
    try:
        result = collect(seeds)
    finally:
        if collecting:
            gc.enable()
    # The reports now read (460 MB on a thousand) live until the build ends: the cyclic
    # collector need not scan them again at each of its full collections (an edit's rebuild of
    # the thousand: 16.7, 16.7, 18.1 s without, 16.1, 15.9, 14.4 s with, in pairs of runs).
    # A caller that froze what it holds (`mkdocs serve`) lets go of all of it when it chooses.
    gc.freeze()
    gc.set_threshold(*BUILD_GC_THRESHOLD)
    try:
        return _linked_and_written(result, docs)
    finally:
        gc.set_threshold(*threshold)
        if not caller_froze:
            gc.unfreeze()


def _linked_and_written(result: BuildResult, docs: Path) -> BuildResult:
    guard = Guard("link")
    result.corpus = build_corpus(result.reports, guard)
    for report in guard.reports():
        result.corpus.drop(report)
        result.reports.remove(report)
    result.problems.extend(guard.problems())
    writer = Writer(docs, result.problems)
    render_site(result.corpus, result.problems, writer)  # each kind written as it is made
    result.reports = list(result.corpus.reports)
    result.written, result.deleted, result.unchanged = writer.finish()
    return result
