"""Scale benchmark (`make bench`): whole builds of three collections, with an anchor.

- seeds: the project's own seeds/;
- national: the 72 documents of ../shared/corpora/ national corpus (1954–2025);
- thousand: 1,000 county reports made by benchmarks/collection.py (200 counties × 5 years).

For each: generator seconds and MB/s, MkDocs build seconds, the peak memory of each process,
pages, site size and search files size. For the thousand, the anchor: a plain Material site with
Material's own search and jieba, one page per text and nothing else, built in the same run. The
search index is measured too: files, bytes in all, bytes a sample of queries fetches before the
first answer and in all (through `search.Reader`, which fetches what the browser fetches).

Each build runs `--runs` times (default 3; the thousand once unless `--runs-large` says more) and
the median is printed. Figures go to benchmarks/results.json. Without ../shared only the seeds
are built. Timing never sits inside a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import collection, corpora  # noqa: E402
from generator.paths import copy_build_inputs  # noqa: E402

# PYTHONDONTWRITEBYTECODE emptied: the runs keep the generator's modules compiled in __pycache__
# after the first, as a user's Python does by default (the Makefile does the same); compiling
# them in every process would add 0.1-0.4 s to the rebuild after an edit.
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", SOURCE_DATE_EPOCH="1735689600",
           PYTHONDONTWRITEBYTECODE="")
QUERIES = ["三峡工程", "峡工", "7.5%左右", "互联网+", "放管服", "高标准农田", "万人助万企", "营商环境", "发展", "的"]

ANCHOR_CONFIG = """site_name: anchor
theme:
  name: material
  language: zh
plugins:
  - search:
      separator: '[\\s\\u200b\\-_,:!=\\[\\]()"`/]+|\\.(?!\\d)|&[lg]t;|(?!\\b)(?=[A-Z][a-z])'
"""


def timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, int]:
    """Seconds, peak resident memory in MB, exit status of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:])
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def project(tmp: Path, seeds: Path) -> Path:
    p = tmp / "project"
    shutil.rmtree(p, ignore_errors=True)
    copy_build_inputs(ROOT, p)
    shutil.copytree(seeds, p / "seeds")  # a copy: the edit below never touches the user's seeds
    return p


def build(tmp: Path, seeds: Path, runs: int) -> dict:
    gen, mk, gen_mem, mk_mem = [], [], [], []
    for _ in range(runs):
        p = project(tmp, seeds)
        env = dict(ENV, PYTHONPATH=str(p))
        s, m, _ = timed([sys.executable, "-m", "generator", "build", "-q"], p, env)
        gen.append(s)
        gen_mem.append(m)
        s, m, code = timed([sys.executable, "-m", "mkdocs", "build"], p, env)
        if code:
            raise SystemExit(f"mkdocs build failed on {seeds}")
        mk.append(s)
        mk_mem.append(m)
    mb = sum(f.stat().st_size for f in seeds.iterdir() if f.is_file()) / 1e6
    site_files, site_bytes = size(p / "site")
    search_files, search_bytes = size(p / "site" / "search")
    out = {
        "input_files": sum(1 for f in seeds.iterdir() if f.is_file()), "input_mb": round(mb, 1), "runs": runs,
        "generator_s": round(statistics.median(gen), 1), "generator_mb_per_s": round(mb / statistics.median(gen), 2),
        "mkdocs_s": round(statistics.median(mk), 1), "generator_peak_mb": round(max(gen_mem)),
        "mkdocs_peak_mb": round(max(mk_mem)), "pages": sum(1 for _ in (p / "site").rglob("index.html")),
        "site_files": site_files, "site_mb": round(site_bytes / 1e6, 1), "search_files": search_files,
        "search_mb": round(search_bytes / 1e6, 1),
    }
    out["total_s"] = round(out["generator_s"] + out["mkdocs_s"], 1)
    # One report edited, the generator run again over the same project (its cache warm).
    edited = sorted(f for f in (p / "seeds").iterdir() if f.is_file() and f.suffix == ".txt")[0]
    original = edited.read_bytes()
    edited.write_bytes(original + "\n本段为基准测试追加的一句话。\n".encode())
    try:
        s, m, _ = timed([sys.executable, "-m", "generator", "build", "-q"], p, dict(ENV, PYTHONPATH=str(p)))
    finally:
        edited.write_bytes(original)
    out["one_edit_generator_s"] = round(s, 1)
    out["one_edit_generator_peak_mb"] = round(m)
    out["queries"] = query_bytes(p / "site" / "search")
    return out


def query_bytes(index: Path) -> dict:
    """For each sample query: pages found, KB fetched before the first answer (the index's
    description and the first block) and in all."""
    from generator import search

    out = {}
    for q in QUERIES:
        reader = search.Reader(index)
        found = reader.search(q)
        fetched = dict(reader.fetched, **{"meta.json": (index / "meta.json").stat().st_size,
                                           "t2s.json": (index / "t2s.json").stat().st_size})
        first = sum(v for k, v in fetched.items() if k in ("meta.json", "t2s.json", "pages-0.json") or k.startswith("0/"))
        out[q] = {"pages": len(found), "first_kb": round(first / 1024, 1), "all_kb": round(sum(fetched.values()) / 1024, 1)}
    return out


def anchor(tmp: Path, seeds: Path, runs: int) -> dict:
    """A plain Material site of the same texts: one page per text, Material's search with jieba."""
    times, mems = [], []
    for _ in range(runs):
        p = tmp / "anchor"
        shutil.rmtree(p, ignore_errors=True)
        (p / "docs").mkdir(parents=True)
        (p / "mkdocs.yml").write_text(ANCHOR_CONFIG, encoding="utf-8")
        for f in sorted(seeds.iterdir()):
            text = f.read_text(encoding="utf-8", errors="replace")
            title, _, body = text.partition("\n")
            paras = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
            (p / "docs" / f"{f.stem}.md").write_text(f"# {title.strip()}\n\n{paras}\n", encoding="utf-8")
        (p / "docs" / "index.md").write_text("# anchor\n", encoding="utf-8")
        s, m, code = timed([sys.executable, "-m", "mkdocs", "build"], p, ENV)
        if code:
            raise SystemExit("anchor build failed")
        times.append(s)
        mems.append(m)
    search_files, search_bytes = size(p / "site" / "search")
    return {"mkdocs_s": round(statistics.median(times), 1), "peak_mb": round(max(mems)),
            "search_mb": round(search_bytes / 1e6, 1), "runs": runs}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="builds of the seeds and the national corpus (median quoted)")
    ap.add_argument("--runs-large", type=int, default=1, help="builds of the 1,000-report collection and its anchor")
    ap.add_argument("--only", choices=("seeds", "national", "thousand"), action="append")
    ap.add_argument("--keep", action="store_true", help="keep the built projects (their path is printed)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gwr-bench-"))
    out_file = ROOT / "benchmarks" / "results.json"
    results = json.loads(out_file.read_text(encoding="utf-8")) if args.only and out_file.exists() else {}
    results.update({"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                    f"Python {platform.python_version()}"})  # --only keeps the other collections' figures
    wanted = args.only or ["seeds", "national", "thousand"]
    if not corpora.available():
        print("../shared/corpora is not beside the project: only the seeds are built")
        wanted = [w for w in wanted if w == "seeds"]
    for name in wanted:
        seeds = ROOT / "seeds"
        if name == "national":
            seeds = tmp / "national-seeds"
            corpora.national(seeds)
        elif name == "thousand":
            seeds = tmp / "thousand-seeds"
            collection.make(seeds)
        runs = args.runs_large if name == "thousand" else args.runs
        print(f"building {name} ({runs} run(s)) …", flush=True)
        results[name] = build(tmp / name, seeds, runs)
        if name == "thousand":
            results[name]["anchor"] = anchor(tmp / name, seeds, runs)
        report(name, results[name])
    out_file.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
    if args.keep:
        print(f"projects kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(name: str, r: dict) -> None:
    print(f"  {r['input_files']} files, {r['input_mb']} MB → {r['pages']} pages, site {r['site_mb']} MB "
          f"({r['site_files']} files), search {r['search_mb']} MB ({r['search_files']} files)")
    print(f"  generator {r['generator_s']} s ({r['generator_mb_per_s']} MB/s, peak {r['generator_peak_mb']} MB); "
          f"mkdocs {r['mkdocs_s']} s (peak {r['mkdocs_peak_mb']} MB); total {r['total_s']} s")
    print(f"  after one report is edited: generator {r['one_edit_generator_s']} s (cache warm)")
    if "anchor" in r:
        a = r["anchor"]
        print(f"  anchor (plain Material + jieba): mkdocs {a['mkdocs_s']} s (peak {a['peak_mb']} MB), "
              f"search index {a['search_mb']} MB")
    for q, f in r["queries"].items():
        print(f"    {q}: {f['pages']} pages, {f['first_kb']} KB before the first answer, {f['all_kb']} KB in all")


if __name__ == "__main__":
    raise SystemExit(main())
