"""Conformance: how well the generator reads real collections it was not written for.

For each collection in ../shared/corpora/ (see benchmarks/corpora.py) this builds the
generator's output into a temporary folder and compares it with the gold files under
tests/gold/, which were read from the texts by people:

* metadata: per field, the share of files whose detected value equals the gold value, over
  the files where the title block or the file name states it ("stated") and over all files
  where the gold has a value ("any source");
* outline: the top-level headings and their children against the gold outlines;
* furniture: the gold furniture lines still on the pages;
* the build: reports published, files refused, tracebacks (internal errors);
* the newsroom table: each gold figure of tests/gold/extract/ (the reviewed year's results
  and the report year's targets, per canonical indicator) found with its value (recall), and
  the generator's figures for a gold indicator, kind and measure whose value is not the
  gold's (wrong values).

Run with `make conformance`; `--mkdocs` also builds each site with MkDocs. Prints figures,
never fails on a low score (the corpus tests in tests/test_corpora.py hold the floor).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpora  # noqa: E402

GOLD = ROOT / "tests" / "gold"
FIELDS = ("region", "year", "meeting", "date", "speaker", "speaker_title")
GOLD_FILES = {"national": "national.yml", "provinces": "provinces-2025.yml", "cities": "cities-2024.yml"}
_FW = str.maketrans("（）：；，！？“”", "():;,!?\"\"")


def heading_key(text: str) -> str:
    """Headings compared without spaces and with ASCII punctuation."""
    return re.sub(r"\s+", "", text).translate(_FW).rstrip("。.")


def load_gold(name: str) -> dict:
    path = GOLD / GOLD_FILES[name]
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {"files": {}, "outlines": {}}


def outline(report) -> list[tuple[str, list[str]]]:
    return [(s.title, [c.title for c in s.children]) for s in report.sections]


def evaluate(name: str, seeds: Path, mkdocs: bool = False) -> dict:
    from generator.build import build

    gold = load_gold(name)
    docs = seeds.parent / "docs"
    t = time.perf_counter()
    result = build(seeds, docs)
    seconds = time.perf_counter() - t
    by_file = {Path(r.source.path).name: r for r in result.reports}
    refused = {p.file for p in result.problems if p.severity == "error"}
    internal = [p for p in result.problems if "内部错误" in p.reason]
    out = {"name": name, "published": len(result.reports), "refused": len(refused), "internal": len(internal),
           "seconds": seconds, "fields": {}, "misses": [], "furniture_total": 0, "furniture_left": 0,
           "outline": [0, 0], "notes": [p for p in result.problems if p.severity == "note"]}
    for field in FIELDS:
        stated_ok = stated_n = any_ok = any_n = 0
        for fname, g in gold.get("files", {}).items():
            if g.get("is_report") is False or g.get("duplicate_of"):
                continue
            want = g.get(field)
            rep = by_file.get(fname)
            got = getattr(rep.meta, field) if rep else None
            if field == "date" and want is not None:
                want = str(want)
            if want is None:
                continue
            srcs = (g.get("sources") or {}).get(field) or []
            ok = got == want
            any_n += 1
            any_ok += ok
            if "title" in srcs or "filename" in srcs:
                stated_n += 1
                stated_ok += ok
            if not ok:
                out["misses"].append((fname, field, want, got))
        out["fields"][field] = (stated_ok, stated_n, any_ok, any_n)
    # Resolutions must be refused, duplicates published once.
    for fname, g in gold.get("files", {}).items():
        if g.get("is_report") is False and fname in by_file:
            out["misses"].append((fname, "is_report", False, True))
    for fname, g in gold.get("files", {}).items():
        for line in g.get("furniture") or []:
            out["furniture_total"] += 1
            rep = by_file.get(fname)
            if rep and any(k.text.strip() == line.strip() for k in rep.cleaned.kept):
                out["furniture_left"] += 1
                out["misses"].append((fname, "furniture", "removed", line))
    for fname, want in (gold.get("outlines") or {}).items():
        rep = by_file.get(fname)
        got = outline(rep) if rep else []
        for i, item in enumerate(want or []):
            out["outline"][1] += 1 + len(item.get("children") or [])
            match = next((g for g in got if heading_key(g[0]) == heading_key(item["title"])), None)
            if match:
                out["outline"][0] += 1
                kids = {heading_key(c) for c in match[1]}
                for child in item.get("children") or []:
                    if heading_key(child) in kids:
                        out["outline"][0] += 1
                    else:
                        out["misses"].append((fname, "outline child", child, None))
            else:
                out["misses"].append((fname, "outline", item["title"], None))
    out["newsroom"] = newsroom(name, by_file)
    out["attainment"] = attainment_pairs(result.reports)
    if mkdocs:
        import subprocess

        project = seeds.parent
        for item in ("assets", "about.md"):
            src = ROOT / "docs" / item
            if src.exists():
                subprocess.run(["cp", "-r", str(src), str(docs / item)], check=True)
        subprocess.run(["cp", str(ROOT / "mkdocs.yml"), str(project / "mkdocs.yml")], check=True)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                   "DISABLE_MKDOCS_2_WARNING": "true"})
        out["mkdocs"] = (proc.returncode, time.perf_counter() - t, proc.stderr[-400:])
    return out


EXTRACT_GOLD = GOLD / "extract"


def load_extract_gold(name: str) -> dict:
    """File name → {"year", "actual": {key: [entry]}, "target": {…}} from every gold part of a corpus."""
    out: dict = {}
    prefix = {"provinces": "provinces", "cities": "cities", "national": "national"}[name]
    for path in sorted(EXTRACT_GOLD.glob(f"{prefix}-*.yml")):
        out.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("files") or {})
    return out


def _measure_ok(ours: str, gold: str | None) -> bool:
    """The gold writes a rate indicator's level (失业率控制在5.5%, 城镇化率达到65%) as a level,
    and a price rise as a growth; the generator calls both the indicator's rate."""
    return gold is None or ours == gold or (ours == "rate" and gold in ("level", "growth"))


def _same(a, b) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9


def newsroom(name: str, reports: dict) -> dict:
    """Recall and wrong values of the newsroom table against the extraction gold."""
    gold = load_extract_gold(name)
    found = total = wrong = produced = 0
    misses, wrongs = [], []
    for fname, g in gold.items():
        rep = reports.get(fname)
        year = g.get("year")
        periods = {"actual": str(year - 1), "target": str(year)}
        recs = [r for r in (rep.figures if rep else []) if r.period == periods.get(r.kind)]
        for kind in ("actual", "target"):
            for key, entries in (g.get(kind) or {}).items():
                mine = [r for r in recs if r.kind == kind and r.indicator == key]
                for e in entries:
                    total += 1
                    if e.get("value_text"):  # a value in words: any worded value of the indicator
                        ok = any(r.value_text for r in mine)
                    else:
                        ok = any(_measure_ok(r.measure, e.get("measure")) and (
                            _same(r.value, e.get("value"))
                            or (_same(r.value_low, e.get("value_low")) and _same(r.value_high, e.get("value_high"))))
                            for r in mine)
                    found += ok
                    if not ok:
                        misses.append((fname, kind, key, e.get("text")))
                # Wrong: a figure of this indicator, kind and measure whose value the gold does not have.
                for r in mine:
                    same_measure = [e for e in entries if _measure_ok(r.measure, e.get("measure"))]
                    if not same_measure or r.value_text:
                        continue
                    produced += 1
                    if not any(_same(r.value, e.get("value")) or _same(r.value_low, e.get("value_low"))
                               for e in same_measure):
                        wrong += 1
                        wrongs.append((fname, kind, key, r.display(), r.text[:60]))
    return {"files": len(gold), "found": found, "total": total, "wrong": wrong, "produced": produced,
            "misses": misses, "wrongs": wrongs}


def attainment_pairs(reports: list) -> tuple[int, int, list[tuple[int, int]]]:
    """Consecutive years of one region whose reports give at least one target of year Y next
    to its result in the Y+1 report: (pairs with attainment, consecutive pairs, the others)."""
    from generator import data
    from generator.tables import attainment

    years: dict[str, set[int]] = {}
    for rep in reports:
        if rep.meta.region_code and rep.meta.year:
            years.setdefault(rep.meta.region_code, set()).add(rep.meta.year)
    pairs = {(code, y) for code, ys in years.items() for y in ys if y + 1 in ys}
    got = {(a.report_target.meta.region_code, a.report_target.meta.year)
           for ind in data.load("indicators")["indicators"] for a in attainment(reports, ind["key"])}
    return len(pairs & got), len(pairs), sorted(y for _, y in pairs - got)


def print_attainment(rows: list[dict]) -> None:
    print("\n## Target attainment: consecutive years of a region with a target next to its result\n")
    for r in rows:
        ok, n, left = r["attainment"]
        if n:
            print(f"{r['name']}: {ok}/{n} pairs" + (f" (none for the targets of {', '.join(map(str, left))})" if left else ""))


def pct(ok: int, n: int) -> str:
    return f"{ok}/{n} ({100 * ok / n:.0f}%)" if n else "—"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mkdocs", action="store_true", help="also build each site with MkDocs")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument("names", nargs="*", default=list(corpora.NAMES))
    args = ap.parse_args(argv)
    if not corpora.available():
        print("skipped: ../shared/corpora is not beside the project")
        return 0
    rows = []
    for name in args.names:
        tmp = Path(tempfile.mkdtemp(prefix=f"gwr-conf-{name}-"))
        corpora.materialise(name, tmp / "seeds")
        rows.append(evaluate(name, tmp / "seeds", args.mkdocs))
    print("\n## Metadata: right / files where the gold has the field (stated in title block or file name | any source)\n")
    print("| field | " + " | ".join(r["name"] for r in rows) + " |")
    print("| --- |" + " --- |" * len(rows))
    for field in FIELDS:
        cells = []
        for r in rows:
            s_ok, s_n, a_ok, a_n = r["fields"][field]
            cells.append(f"{pct(s_ok, s_n)} · {pct(a_ok, a_n)}")
        print(f"| {field} | " + " | ".join(cells) + " |")
    print("\n## Build, outline, furniture\n")
    print("| corpus | published | refused | internal errors | outline headings right | furniture lines left | generator s |"
          + (" mkdocs |" if args.mkdocs else ""))
    print("| --- | ---: | ---: | ---: | --- | --- | ---: |" + (" --- |" if args.mkdocs else ""))
    for r in rows:
        extra = f" exit {r['mkdocs'][0]}, {r['mkdocs'][1]:.0f} s |" if args.mkdocs else ""
        print(f"| {r['name']} | {r['published']} | {r['refused']} | {r['internal']} | {pct(*r['outline'])} | "
              f"{r['furniture_left']} of {r['furniture_total']} | {r['seconds']:.1f} |" + extra)
    print("\n## Newsroom table: gold figures found (recall) and figures with a wrong value\n")
    print("| corpus | files with gold | recall | wrong values |")
    print("| --- | ---: | --- | --- |")
    for r in rows:
        n = r["newsroom"]
        if n["files"]:
            print(f"| {r['name']} | {n['files']} | {pct(n['found'], n['total'])} | {pct(n['wrong'], n['produced'])} |")
    print_attainment(rows)
    for r in rows:
        if args.verbose and r["newsroom"]["files"]:
            print(f"\n{r['name']}: newsroom misses (file | kind | indicator | gold text)")
            for m in r["newsroom"]["misses"]:
                print("  " + " | ".join(str(x) for x in m))
            print(f"\n{r['name']}: newsroom wrong values (file | kind | indicator | ours | sentence)")
            for m in r["newsroom"]["wrongs"]:
                print("  " + " | ".join(str(x) for x in m))
    for r in rows:
        if r["notes"]:
            print(f"\n{r['name']}: notes of the build report")
            for p in r["notes"]:
                print(f"  {p}")
        if args.verbose and r["misses"]:
            print(f"\n{r['name']}: misses")
            for m in r["misses"]:
                print("  " + " | ".join(str(x) for x in m))
        if args.mkdocs and r["mkdocs"][0]:
            print(r["mkdocs"][2])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
