"""No unused imports, undefined names or other pyflakes findings in the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pyflakes_is_clean():
    proc = subprocess.run([sys.executable, "-m", "pyflakes", "generator", "tests", "benchmarks"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
