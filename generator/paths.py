"""What the generator writes under the docs dir: the one list of its own folders and files.
No dependencies, so that `make clean` runs before anything is installed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

GENERATED_DIRS = ("reports", "logs", "raw", "regions", "years", "data", "indicators", "terms", "people", "words")
GENERATED_FILES = ("index.md", "SUMMARY.md", "build-report.md")


def copy_build_inputs(root: Path, dest: Path) -> None:
    """Copy what a build needs besides the seeds (the configuration, the theme overrides, the
    code and the hand-written docs) from the project at `root` into `dest`: for tests and the
    benchmark, which build in throwaway projects."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(root / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "overrides", dest / "overrides")
    shutil.copytree(root / "docs", dest / "docs", ignore=shutil.ignore_patterns(*GENERATED_DIRS, *GENERATED_FILES))


def clean(docs: Path) -> None:
    """Remove everything the generator wrote under `docs`; hand-written pages stay."""
    for d in GENERATED_DIRS:
        shutil.rmtree(docs / d, ignore_errors=True)
    for f in GENERATED_FILES:
        (docs / f).unlink(missing_ok=True)


if __name__ == "__main__":  # python -m generator.paths clean DOCS
    if sys.argv[1:2] == ["clean"]:
        clean(Path(sys.argv[2] if len(sys.argv) > 2 else "docs"))
