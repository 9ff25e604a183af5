"""Domain knowledge, loaded once from the YAML files in generator/data/ and checked on load
against generator/data/schema.yml: every top-level key declared with its type, none missing,
none unknown, and every regular expression compiles. A slip in a data file is one message
naming the file and the key (DataError), never a traceback inside a stage."""

from __future__ import annotations

import functools
import re
import string
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
TYPES = {"text": str, "int": int, "number": (int, float), "bool": bool, "list": list, "map": dict,
         "pattern": str, "patterns": list, "pattern_lists": dict, "messages": dict}
PATTERN_KEYS = {"pattern", "head"}  # nested keys whose values are regular expressions


# libyaml's reader when PyYAML was built with it (its wheels are): the same values, read about
# ten times faster; the data files are read by every build.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataError(Exception):
    """A data file that does not match its schema."""


@functools.cache
def _schema() -> dict[str, dict[str, str]]:
    with open(DATA_DIR / "schema.yml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=LOADER)  # noqa: S506 (a safe loader)


def _compile(value: Any, where: str) -> None:
    try:
        re.compile(value)
    except (re.error, TypeError) as exc:
        raise DataError(f"{where}: not a valid regular expression ({exc}): {value!r}") from None


def _check_nested(value: Any, where: str) -> None:
    """Compile every value under a key named in PATTERN_KEYS, at any depth."""
    if isinstance(value, list):
        for k, item in enumerate(value):
            _check_nested(item, f"{where}[{k}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in PATTERN_KEYS:
                _compile(item, f"{where}.{key}")
            else:
                _check_nested(item, f"{where}.{key}")


def _check_messages(value: dict, where: str) -> None:
    """Each message is a text whose placeholders are plain names ({file}, not {0} or {})."""
    for key, template in value.items():
        if not isinstance(template, str):
            raise DataError(f"{where}.{key} should be text, not {type(template).__name__}")
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        except ValueError as exc:
            raise DataError(f"{where}.{key}: not a valid template ({exc}): {template!r}") from None
        if not all(f.isidentifier() for f in fields):
            raise DataError(f"{where}.{key}: placeholders must be names: {template!r}")


def _check_patterns(kind: str, value: Any, where: str) -> None:
    if kind == "messages":
        _check_messages(value, where)
    elif kind == "pattern":
        _compile(value, where)
    elif kind == "patterns":
        for k, item in enumerate(value):
            _compile(item, f"{where}[{k}]")
    elif kind == "pattern_lists":
        for key, items in value.items():
            for k, item in enumerate(items or []):
                _compile(item, f"{where}.{key}[{k}]")
    else:
        _check_nested(value, where)


def validate(name: str, raw: Any) -> dict[str, Any]:
    path = f"generator/data/{name}.yml"
    schema = _schema().get(name)
    if schema is None:
        raise DataError(f"{path}: no schema (declare its keys in generator/data/schema.yml)")
    if not isinstance(raw, dict):
        raise DataError(f"{path}: should be a mapping of keys to values")
    missing = [k for k in schema if k not in raw]
    unknown = [k for k in raw if k not in schema]
    if missing:
        raise DataError(f"{path}: missing key(s): {', '.join(missing)}")
    if unknown:
        raise DataError(f"{path}: unknown key(s): {', '.join(unknown)} (declare them in generator/data/schema.yml)")
    for key, kind in schema.items():
        want = TYPES[kind]
        if not isinstance(raw[key], want) or (kind in ("int", "number") and isinstance(raw[key], bool)):
            raise DataError(f"{path}: {key} should be {kind}, not {type(raw[key]).__name__}")
        _check_patterns(kind, raw[key], f"{path}: {key}")
    return raw


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Load and check generator/data/NAME.yml, once. The one way code reads a data file:
    `data.load("metadata")["salutation"]`, never a module's own copy or wrapper."""
    try:
        with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise DataError(f"generator/data/{name}.yml: not valid YAML ({exc})") from None
    return validate(name, raw)


def check_all() -> None:
    """Load every data file (a build starts with this, so a bad file stops it at once)."""
    for name in _schema():
        load(name)


@functools.cache
def regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
