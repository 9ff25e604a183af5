"""Scale benchmark: the 72 documents of the national corpus (1954–2025, 3.3 MB) as seeds.

Prints the time of each pipeline stage and of the MkDocs build. Run with `make bench`.
Timing never sits inside a pass/fail test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "national-gwr-1954-2025.jsonl"
sys.path.insert(0, str(ROOT))


def main() -> int:
    from generator.build import collect, write_outputs
    from generator.link import build_corpus
    from generator.render import render_site

    tmp = Path(tempfile.mkdtemp(prefix="gwr-bench-"))
    seeds = tmp / "seeds"
    seeds.mkdir()
    size = 0
    for i, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines()):
        doc = json.loads(line)
        data = (doc["title"] + "\n" + doc["content"]).encode("utf-8")
        (seeds / f"{i:03d}.txt").write_bytes(data)
        size += len(data)
    for p in (ROOT / "seeds").glob("*.txt"):
        (seeds / p.name).write_bytes(p.read_bytes())
        size += p.stat().st_size

    figures = {}
    t = time.perf_counter()
    result = collect(seeds)
    figures["read+clean+parse+extract"] = time.perf_counter() - t
    t = time.perf_counter()
    corpus = build_corpus(result.reports)
    figures["link (regions, terms, related)"] = time.perf_counter() - t
    t = time.perf_counter()
    files = render_site(corpus, result.problems)
    figures["render"] = time.perf_counter() - t
    project = tmp / "project"
    project.mkdir()
    (project / "docs").mkdir()
    for item in ("assets", "about.md"):
        subprocess.run(["cp", "-r", str(ROOT / "docs" / item), str(project / "docs" / item)], check=True)
    subprocess.run(["cp", "-r", str(ROOT / "generator"), str(project / "generator")], check=True)
    subprocess.run(["cp", "-r", str(ROOT / "overrides"), str(project / "overrides")], check=True)
    subprocess.run(["cp", str(ROOT / "mkdocs.yml"), str(project / "mkdocs.yml")], check=True)
    (project / "seeds").mkdir()
    t = time.perf_counter()
    write_outputs(project / "docs", files)
    figures["write docs/"] = time.perf_counter() - t
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONPATH=str(project))
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env,
                          capture_output=True, text=True)
    figures["mkdocs build"] = time.perf_counter() - t
    if proc.returncode:
        print(proc.stderr, file=sys.stderr)
        return 1

    print(f"input: {len(result.reports)} reports published, {len(result.problems)} problems, {size / 1e6:.1f} MB")
    print(f"records: {sum(len(r.figures) for r in result.reports)} indicator records, {len(corpus.terms)} shared terms, "
          f"{len(files)} generated files")
    for stage, secs in figures.items():
        print(f"{stage:32s} {secs:7.2f} s")
    print(f"{'total':32s} {sum(figures.values()):7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
