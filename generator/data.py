"""Domain knowledge, loaded once from the YAML files in generator/data/."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Load generator/data/NAME.yml."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
