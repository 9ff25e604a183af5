"""The project's cache: per-report results kept by the hash of what they were made from.

A rebuild after one report changed reads the others' read/clean and parse/extract results from
here instead of computing them again. A key covers the input (the file's bytes, or the cleaned
text and the sidecar) and the code and data that made the result (every file under
generator/), so an edit to a rule or a data file misses the cache rather than serving stale
results. The folder is `.cache/` in the project (GWR_CACHE sets another; GWR_CACHE=off turns the
cache off); jieba keeps its dictionary cache there too, Jinja its compiled templates, and
build.Writer which kept page each report page of a docs folder was written from (`written/`).
Deleting it is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable

PACKAGE = Path(__file__).resolve().parent
FORMAT = b"1"


@functools.cache
def code_version() -> bytes:
    """A digest of the generator's code and data: results made by other code are not reused."""
    h = hashlib.sha256(FORMAT)
    for p in sorted(PACKAGE.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".yml", ".txt", ".j2") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(PACKAGE)).encode())
            h.update(p.read_bytes())
    return h.digest()


def folder(part: str = "generator") -> Path | None:
    """The cache's folder for one kind of content: `.cache/<part>` in the project."""
    return _folder(os.environ.get("GWR_CACHE", ""), part)


@functools.lru_cache(maxsize=64)
def _folder(raw: str, part: str) -> Path | None:
    # Remembered by the setting (tests change it): a rebuild of a thousand reports asks
    # for a folder some 6,000 times.
    if raw.lower() in ("off", "0", "no"):
        return None
    return (Path(raw) if raw else PACKAGE.parent / ".cache") / part


def _file(root: Path, k: str) -> str:
    """The file of the value under `k`: joined as text, not as paths (a rebuild of a thousand
    reports reads or looks for some 12,000 of them)."""
    return f"{root}/{k[:2]}/{k}"


@functools.cache
def compiled_templates():
    """Where Jinja keeps templates compiled to Python code, for the generator's templates and
    MkDocs' theme alike: each process, and each MkDocs rebuild under serve, would otherwise
    compile them again (22 and 40 templates; a seeds MkDocs build takes about 0.2 s of CPU less
    with them kept, the generator about 0.1 s). `.cache/jinja`, or with the cache off Jinja's own folder in the
    system's temporary directory, as jieba keeps its dictionary. An entry is used only while its
    template's source is unchanged (Jinja compares a checksum), so it never changes a page."""
    import jinja2

    place = folder("jinja")
    if place is None:
        return jinja2.FileSystemBytecodeCache()
    place.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(place))


def at(*parts: bytes) -> tuple[Path, str] | None:
    """Where the generator's value made from `parts` is kept: (folder, key), None with the
    cache off."""
    root = folder()
    return None if root is None else (root, key(*parts))


def key(*parts: bytes) -> str:
    h = hashlib.sha256(code_version())
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()


class _Memory:
    """Values of the cache kept in this process from one build to the next: under `mkdocs serve`,
    which builds again in the same process after each edit, the reports' results need not be
    unpickled again (on a thousand reports, 12,600 entries and 4.5 s of a rebuild). Only what the
    last build read or wrote is kept (`next_build` lets go of the rest). Handing the same object
    to two builds is safe because no stage changes a value it was given: each returns new ones
    (tests/test_cache.py checks rebuilds through this memory against fresh builds)."""

    def __init__(self) -> None:
        self.on = False
        self.last: dict[tuple, Any] = {}  # what the last build used
        self.now: dict[tuple, Any] = {}  # what this build has used so far

    def take(self, where: tuple) -> Any | None:
        value = self.now.get(where)
        if value is None and (value := self.last.pop(where, None)) is not None:
            self.now[where] = value
        return value

    def keep(self, where: tuple, value: Any) -> None:
        if self.on:
            self.now[where] = value


_memory = _Memory()


def keep_between_builds(on: bool = True) -> None:
    """Keep the values builds of this process read or write in memory for the next build (off:
    forget them)."""
    if _memory.on != on:
        _memory.on, _memory.last, _memory.now = on, {}, {}


def next_build() -> None:
    """A build starts: what the last one used stays at hand, the rest is let go of."""
    _memory.last, _memory.now = _memory.now, {}


def get(root: Path | None, k: str) -> Any | None:
    if root is None:
        return None
    if _memory.on and (value := _memory.take((root, k))) is not None:
        return value
    try:
        with open(_file(root, k), "rb") as fh:
            value = pickle.load(fh)
    except Exception:  # missing, partly written or from another Python: compute again
        return None
    _memory.keep((root, k), value)
    return value


def holds(root: Path | None, k: str) -> bool:
    """Whether the cache has a value under `k` (without reading it)."""
    if root is None:
        return False
    return (_memory.on and ((root, k) in _memory.now or (root, k) in _memory.last)) or os.path.exists(_file(root, k))


def through(root: Path | None, k: str, compute: Callable[[], Any]) -> Any:
    """The value cached under `k`, or compute() cached there."""
    got = get(root, k)
    if got is None:
        got = compute()
        put(root, k, got)
    return got


def contained(where: tuple | None, compute: Callable[[], Any]) -> tuple[Any, Exception | None]:
    """(compute() through the cache at `where` (folder, key; None: not kept), None), or (None,
    the error): for work in worker processes, whose caller records an error against its report."""
    try:
        return (compute() if where is None else through(*where, compute)), None
    except Exception as exc:  # contained: the caller records it
        return None, exc


def beside(where: tuple[Path, str]) -> tuple[Path, str]:
    """Where the large part of a value kept in two parts is (`contained_in_two`)."""
    root, k = where
    return root, key(k.encode(), b"beside")


def contained_in_two(where: tuple | None, compute: Callable[[], tuple[Any, Any]]) -> tuple[Any, Exception | None]:
    """`contained` for work whose value is (small, large), where most builds need only the
    small part: kept in two entries, the small at `where`, the large `beside` it. Made now, the
    value is ((small, large), None); read back, ((small, None), None), and whoever needs the
    large part reads it from `beside(where)`. On a thousand reports an edit's rebuild then reads
    the digests of every report's shared-term candidates and occurrences, not the 1,000
    candidate lists and 85,000 occurrences themselves."""
    try:
        if where is None:
            return compute(), None
        got = get(*where)
        if got is not None:
            return (got, None), None
        small, large = compute()
        put(*beside(where), large)  # first: a small part found means its large part was written
        put(*where, small)
        return (small, large), None
    except Exception as exc:  # contained: the caller records it
        return None, exc


def put(root: Path | None, k: str, value: Any) -> None:
    if root is None:
        return
    try:
        target = root / k[:2] / k
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, target)  # whole files only, also with several workers
    except OSError:
        return  # a read-only checkout builds without a cache
    _memory.keep((root, k), value)
