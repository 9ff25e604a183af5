"""Command line: `python -m generator build|check`. Thin: parsing and progress output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import data
from generator.build import build, collect
from generator.messages import say

HELP = """\
Turn raw government work reports (政府工作报告) in a seeds folder into Markdown pages for
MkDocs. Each problem with an input file is printed as one line naming the file, the reason
and the fix; the other files still build.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description=HELP)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="generate the site's Markdown pages and data files")
    b.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of raw reports (default: seeds/)")
    b.add_argument("--docs", type=Path, default=Path("docs"), help="MkDocs docs dir to write into (default: docs/)")
    b.add_argument("--strict", action="store_true", help="exit non-zero if any input file has a problem")
    b.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    c = sub.add_parser("check", help="validate the seeds without writing anything")
    c.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of raw reports (default: seeds/)")
    return p


def _print_problems(problems) -> None:
    for p in problems:
        print(f"{p.severity}: {p}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        data.check_all()
    except data.DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.seeds.is_dir():
        print(f"error: {say('cli.seeds_missing', path=args.seeds)}", file=sys.stderr)
        return 2
    if args.command == "check":
        result = collect(args.seeds)
        _print_problems(result.problems)
        print(say("cli.checked", usable=len(result.reports), unusable=len(result.errors)))
        return 1 if result.errors else 0
    result = build(args.seeds, args.docs)
    _print_problems(result.problems)
    if not args.quiet:
        print(say("cli.built", reports=len(result.reports), docs=args.docs, written=len(result.written),
                  unchanged=result.unchanged, deleted=len(result.deleted)))
    if args.strict and result.problems and any(p.severity != "note" for p in result.problems):
        return 1
    return 0
