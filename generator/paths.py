"""What the generator writes under the docs dir: the one list of its own folders and files.
No dependencies, so that `make clean` runs before anything is installed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

GENERATED_DIRS = ("reports", "logs", "raw", "regions", "years", "data", "indicators", "terms", "people")
GENERATED_FILES = ("index.md", "SUMMARY.md", "build-report.md")


def clean(docs: Path) -> None:
    """Remove everything the generator wrote under `docs`; hand-written pages stay."""
    for d in GENERATED_DIRS:
        shutil.rmtree(docs / d, ignore_errors=True)
    for f in GENERATED_FILES:
        (docs / f).unlink(missing_ok=True)


if __name__ == "__main__":  # python -m generator.paths clean DOCS
    if sys.argv[1:2] == ["clean"]:
        clean(Path(sys.argv[2] if len(sys.argv) > 2 else "docs"))
