"""The build: every seed through the pipeline, problems collected, docs written.

    seeds/*.txt ─ read ─ clean ─ parse ─ extract ─ link ─ render ─ docs/
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import data, digest
from generator import meta as meta_mod
from generator import sidecar
from generator.clean import clean, drop_repeated
from generator.extract import extract
from generator.link import Corpus, build_corpus
from generator.model import Guard, InputError, Problem, Removed, Report, internal_error
from generator.paths import GENERATED_DIRS
from generator.parse import assign_block_anchors, is_report_line, parse
from generator.read import read_file
from generator.render import render_site
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
            problems.append(Problem(path.name, "不是普通文件（符号链接或设备），已跳过", "把报告文件本身放进 seeds/"))
            continue
        if path.suffix.lower() not in REPORT_SUFFIXES:
            fix = ("在 Word 或 WPS 中另存为 .docx" if path.suffix.lower() in (".doc", ".wps", ".rtf")
                   else "报告请存为 .txt、.docx、.pdf（带文字层）或网页 .html")
            problems.append(Problem(path.name, f"不支持的文件类型“{path.suffix or '无扩展名'}”，已跳过", fix))
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
            sidecar.apply(report.meta, fields)
            problems = [p for p in problems if not (p.severity == "warning" and p.fix and "seeds/" in p.fix
                                                    and any(f"{k}:" in p.fix for k in fields))]
    with _Stage("meta"):
        problems += digest.label(report)
    with _Stage("extract"):
        extraction = extract(report)
        report.figures, report.commitments = extraction.records, extraction.commitments
    return report, problems


def process_source(source) -> tuple[Report, list[Problem]]:
    """A decoded source → Report, with the problems a sidecar could fix."""
    with _Stage("clean"):
        cleaned = clean(source.text, source.format_removed)
    return _analyse(source, cleaned)


def _analyse(source, cleaned) -> tuple[Report, list[Problem]]:
    label = Path(source.path).name
    if not cleaned.kept:
        raise InputError("去掉网页杂项后没有剩下任何正文", "确认文件是报告全文，而不是网页框架")
    with _Stage("parse"):
        parsed = parse(cleaned.kept)
        if parsed.dropped:
            gone = {(line.no, line.text) for line in parsed.dropped}
            cleaned.kept = [line for line in cleaned.kept if (line.no, line.text) not in gone]
            cleaned.removed.extend(Removed(line.no, line.text, "page-headline", "网页上的新闻标题（不是报告的标题块）")
                                   for line in parsed.dropped)
        report = Report(
            source=source,
            cleaned=cleaned,
            meta=meta_mod.Meta(),
            head=parsed.head,
            lead=parsed.lead,
            preamble=parsed.preamble,
            sections=parsed.sections,
        )
        assign_block_anchors(report.lead, report.preamble, report.sections)
        report.chars = len(HAN_CHAR.findall("".join(line.text for line in cleaned.kept)))
    with _Stage("meta"):
        sections_titles = [s.title for s in report.all_sections()]
        blocks = report.all_blocks()
        closing = blocks[-1][1].lines if blocks else []
        body = "\n".join(line.text for line in cleaned.kept)
        report.meta = meta_mod.detect(parsed, body, sections_titles, closing, source.path)
        meta_mod.provenance(report.meta, cleaned)
        if meta_mod.is_resolution(report):
            raise InputError("这是人大关于政府工作报告的决议，不是报告本身", "从 seeds/ 中移除该文件")
    return report, _meta_problems(label, source.path, report.meta)


def _meta_problems(label: str, path: str, m) -> list[Problem]:
    """What a sidecar could fix, with a hint that fits this report; and the disagreements."""
    yml = f"seeds/{Path(path).stem}.yml"
    problems: list[Problem] = []
    if not m.region and m.level != "nation":
        if m.region_candidates:
            reason = f"文件名中的地名有多个同名地区（{'、'.join(m.region_candidates)}），正文无法判定是哪一个"
            fix = f"在 {yml} 中写一行 region: {m.region_candidates[0]}（或其他一个）"
        else:
            reason = "无法识别报告所属地区（标题块、文件名和正文都没有写明）"
            example = {"province": "省名（如 region: 河南省）", "city": "市名（如 region: 新乡市）",
                       "county": "县名（如 region: 淇县）", "district": "区名（如 region: 郾城区）"}
            fix = f"在 {yml} 中写一行 region: " + example.get(m.level_hint or "", "地区全称（如 河南省、新乡市、淇县）")
        problems.append(Problem(label, reason, fix, "warning"))
    elif m.region and not m.region_code and m.level != "nation":
        problems.append(Problem(label, f"地区“{m.region}”不在行政区划数据中，按原文保留名称", None, "note"))
    if not m.year:
        hint = f"（正文提到的最近年份是 {m.years_mentioned[-1]} 年）" if m.years_mentioned else ""
        problems.append(Problem(label, "无法识别报告年度，页面上不标年份", f"在 {yml} 中写一行 year: 报告所在的年份{hint}", "warning"))
    for text in m.conflicts:
        problems.append(Problem(label, text, None, "note"))
    return problems


def assign_ids(reports: list[Report]) -> None:
    """Stable ASCII slugs: region code and year (410700-2025), unique in the collection."""
    taken: set[str] = set()
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
        m.id = slug


def collect(seeds: Path) -> BuildResult:
    data.check_all()  # a bad data file stops the build with one message (DataError)
    result = BuildResult()
    files, problems = discover(seeds)
    result.problems.extend(problems)
    seen: dict[str, Report] = {}

    def contained(path: Path, step, *args):
        """Run one file's step; on failure record its problem and return None."""
        try:
            return step(*args)
        except InputError as exc:
            result.problems.append(Problem(path.name, exc.reason, exc.fix))
        except OSError as exc:
            result.problems.append(Problem(path.name, f"无法读取文件：{exc.strerror}", "检查文件权限"))
        except StageError as exc:  # a bug met by one file must not stop the others
            result.problems.append(internal_error(path.name, exc.stage, exc.exc))
        except Exception as exc:
            result.problems.append(internal_error(path.name, "", exc))
        return None

    # Read and clean every file first: furniture is also what repeats across the collection.
    read: dict[Path, tuple] = {}
    for path in files:
        got = contained(path, read_and_clean, path, seeds)
        if got is not None:
            read[path] = got
    try:
        drop_repeated({str(p): cleaned for p, (_, cleaned) in read.items()}, is_report_line)
    except Exception as exc:  # the collection-wide pass is a refinement: never fatal
        result.problems.append(internal_error("（全部报告）", "clean", exc))
    for path, (source, cleaned) in read.items():
        done = contained(path, finish, path, source, cleaned)
        if done is None:
            continue
        report, problems = done
        result.problems.extend(problems)
        key = hashlib.sha256(normalise("".join(ln.text for ln in report.cleaned.kept)).encode()).hexdigest()
        if key in seen:
            first = seen[key]
            result.problems.append(
                Problem(path.name, f"与 {first.source.path} 内容相同，只发布一次", f"删除 seeds/{path.name}", "note")
            )
            continue
        seen[key] = report
        result.reports.append(report)
    assign_ids(result.reports)
    for report in result.reports:
        for fig in report.figures:
            fig.report_id = report.meta.id
    return result


def write_outputs(docs: Path, files: dict[str, bytes], problems: list[Problem] | None = None
                  ) -> tuple[list[str], list[str], int]:
    """Write files that changed; delete generated files that are no longer produced. A file
    that cannot be written is reported (in `problems`) and the others are still written."""
    docs = docs.resolve()
    written, deleted, unchanged = [], [], 0
    for rel, content in sorted(files.items()):
        target = (docs / rel).resolve()
        if docs not in target.parents:
            raise ValueError(f"refusing to write outside {docs}: {rel}")
        try:
            if target.exists() and target.read_bytes() == content:
                unchanged += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        except Exception as exc:  # one unwritable file must not cost the rest of the site
            if problems is None:
                raise
            if isinstance(exc, OSError):
                problems.append(Problem(rel, f"在“写出文件”阶段无法写出该文件（{exc.strerror or exc}）",
                                        "检查 docs/ 目录的写入权限和磁盘空间"))
            else:
                problems.append(internal_error(rel, "write", exc))
            continue
        written.append(rel)
    wanted = {(docs / rel).resolve() for rel in files}
    for d in GENERATED_DIRS:
        root = docs / d
        if not root.exists():
            continue
        for p in sorted(root.rglob("*"), reverse=True):
            if p.is_file() and p.resolve() not in wanted:
                p.unlink()
                deleted.append(p.relative_to(docs).as_posix())
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    return written, deleted, unchanged


def build(seeds: Path, docs: Path) -> BuildResult:
    result = collect(seeds)
    guard = Guard("link")
    result.corpus = build_corpus(result.reports, guard)
    for report in guard.reports():
        result.corpus.drop(report)
        result.reports.remove(report)
    result.problems.extend(guard.problems())
    files = render_site(result.corpus, result.problems)
    result.reports = list(result.corpus.reports)
    result.written, result.deleted, result.unchanged = write_outputs(docs, files, result.problems)
    return result
