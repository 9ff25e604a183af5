"""Per-report work spread over the machine's cores.

The stages that see one report at a time (read, clean, then parse, metadata, extract) run in
worker processes; results come back in the order of the input, so the output is the same
whatever the number of workers. GWR_WORKERS sets the number (1: everything in this process).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import queue
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, TypeVar

from generator import cache, progress

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS = 8  # below this, starting processes costs more than it saves


def count() -> int:
    raw = os.environ.get("GWR_WORKERS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _processes(items: list, workers: int | None, min_items: int | None) -> int:
    """How many worker processes to start for `items`: none (0) with one core or one worker
    asked for, with fewer than `min_items` (MIN_ITEMS by default), or where processes cannot fork."""
    n = min(workers or count(), len(items))
    if n <= 1 or len(items) < (MIN_ITEMS if min_items is None else min_items) \
            or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return n


def map_in_order(fn: Callable[[T], R], items: Iterable[T], workers: int | None = None, stage: str = "",
                 label: Callable[[T], str] | None = None, min_items: int | None = None) -> list[R]:
    """[fn(x) for x in items], on `workers` processes when there are `min_items` (MIN_ITEMS by
    default; fewer for items of much work each) or more. With a `stage`, a progress bar shows
    it and each item's label (on a terminal only)."""
    items = list(items)
    n = _processes(items, workers, min_items)

    def shown(results: Iterable[R]) -> list[R]:
        pairs = progress.track(zip(items, results), len(items), stage, (lambda p: label(p[0])) if label else None) \
            if stage else zip(items, results)
        return [r for _, r in pairs]

    if not n:
        return shown(fn(x) for x in items)
    # fork: the workers start with the data files and patterns this process already loaded,
    # and with the items (`_handed`).
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool, _handed(fn, items) as jobs:
        return shown(pool.map(_take, jobs, chunksize=max(1, len(items) // (n * 8))))


# The work of each pool of workers being started: its processes fork with it and take their
# items from it by number, so that no item is pickled on its way to them (the reports, their
# texts, the read files: on a thousand reports some seconds of this process's time, and as
# many of the workers' own, unpickling).
_work: dict[int, tuple[Callable, list]] = {}


@contextlib.contextmanager
def _handed(fn: Callable[[T], R], items: list[T]):
    """The jobs that stand for `items` in a pool started (forked) inside the block."""
    token = id(items)
    _work[token] = (fn, items)
    try:
        yield [(token, i) for i in range(len(items))]
    finally:
        _work.pop(token, None)


def _take(job: tuple[int, int]):
    token, i = job
    fn, items = _work[token]
    return fn(items[i])


def started(fn: Callable[[T], R], items: Iterable[T], workers: int | None = None,
            min_items: int | None = None) -> Callable[[], list[R]]:
    """map_in_order(fn, items) started on worker processes now, while this process goes on:
    calling what it returns waits for the results, in the order of the items. Where
    map_in_order would not start workers, fn runs in this process when the results are asked
    for."""
    items = list(items)
    n = _processes(items, workers, min_items)
    if not n:
        return lambda: [fn(x) for x in items]
    pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"))
    with _handed(fn, items) as jobs:
        futures = [pool.submit(_take, job) for job in jobs]  # the first forks every worker

    def results() -> list[R]:
        try:
            return [f.result() for f in futures]
        finally:
            pool.shutdown()

    return results


def map_cached(fn: Callable[[T], R], items: Iterable[T], key: Callable[[T], tuple | None],
               hit: Callable[[object, T, str], R] = lambda value, item, k: (value, None), stage: str = "",
               label: Callable[[T], str] | None = None, before: Callable[[], object] | None = None,
               prepare: Callable[[T], object] | None = None, helped: bool = False,
               to_make: Callable[[int], object] | None = None) -> list[R]:
    """map_in_order(fn, items) for work that `fn` keeps in the cache: `key(item)` is the (cache
    folder, key) fn stores its value under (None: not cached). Values already there are read
    here and returned as `hit(value, item, key)`; only the others go to the workers, after
    `before()` (what the workers need loaded: forked from this process, they share it), each
    as `prepare(item)` where given (the work's input, made only for the work done; `label`
    names a progress bar's item from it). With `helped`, a few go to the build's helper where
    one was started (`start_helper`: what it loads is what they need), before the others are
    read here. `to_make(n)` is told how many must be made before any is read. A build
    whose work is all cached starts no worker and loads nothing the work needs."""
    items = list(items)
    out: list = [None] * len(items)
    wheres = [key(item) for item in items]
    missing = [i for i, where in enumerate(wheres) if not (where and cache.holds(*where))]
    if to_make is not None:
        to_make(len(missing))
    job = (lambda i: prepare(items[i])) if prepare else (lambda i: items[i])
    ahead = _helper.submit(fn, [job(i) for i in missing]) if helped and 0 < len(missing) < MIN_ITEMS else None
    made = set(missing)
    for i, where in enumerate(wheres):
        if i in made:
            continue
        value = cache.get(*where)
        if value is None:  # a file the cache cannot read back: made again
            missing.append(i)
        else:
            out[i] = hit(value, items[i], where[1])
    done = ahead() if ahead else []
    if len(done) < len(missing):
        rest = missing[len(done):]
        if before is not None:
            before()
        done += map_in_order(fn, [job(i) for i in rest], stage=stage, label=label)
    for i, value in zip(missing, done):
        out[i] = value
    return out


class _Helper:
    """One worker process started ahead of the few jobs a rebuild after an edit has for it,
    loading what they need (`ready`: jieba and its dictionaries, a second of work) while
    this process reads the other reports back from the cache. On a thousand reports an
    edit's rebuild no longer loads jieba in the main process. Jobs are done in the order
    given; a job that fails there, or a helper that died, leaves the rest to the caller."""

    def __init__(self) -> None:
        self._process = None

    def start(self, ready: Callable[[], object]) -> None:
        if self._process is not None or count() < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self._jobs, self._done = context.Queue(), context.Queue()
        self._process = context.Process(target=_help, args=(ready, self._jobs, self._done), daemon=True)
        self._process.start()

    def submit(self, fn: Callable[[T], R], jobs: list[T]) -> Callable[[], list[R]] | None:
        """fn of each job on the helper, if one was started: what it returns waits for the
        results (fewer, up to none, where the helper failed: the caller makes the rest)."""
        if self._process is None:
            return None
        for job in jobs:
            self._jobs.put((fn, job))  # sent by the queue's own thread: this process goes on

        def results() -> list[R]:
            out = []
            for _ in jobs:
                got = self._next()
                if isinstance(got, str) and got == _FAILED:
                    self.stop()  # its later results would be taken for the next jobs' ones
                    break
                out.append(got)
            return out

        return results

    def _next(self) -> object:
        while self._process is not None:
            try:
                return self._done.get(timeout=0.2)
            except queue.Empty:
                if not self._process.is_alive():  # killed, out of memory, jieba failed to load
                    self.stop()
        return _FAILED

    def stop(self) -> None:
        """End the helper at once, whatever it is doing (its jobs' results are all read by
        then): a build leaves no process behind, even one still loading jieba for jobs that
        never came."""
        if self._process is None:
            return
        self._process.kill()
        self._process.join()
        for q in (self._jobs, self._done):
            q.cancel_join_thread()
            q.close()
        self._process = None


_FAILED = "\x00helper-failed"  # a job's result when it failed in the helper (or the helper did)


def _help(ready: Callable[[], object], jobs, done) -> None:
    """The helper process: ready(), then each job's result in turn."""
    try:
        ready()
    except Exception:  # the main process, left to do the jobs, meets the error and reports it
        return
    while True:
        fn, job = jobs.get()
        try:
            done.put(fn(job))
        except Exception:  # made again by the caller, where its error is reported
            done.put(_FAILED)


_helper = _Helper()


def start_helper(ready: Callable[[], object]) -> None:
    """Start the build's helper process (see `_Helper`), with `ready()` run in it first; with
    one core, or where processes cannot fork, there is none."""
    _helper.start(ready)


def stop_helper() -> None:
    _helper.stop()


class WorkerError(Exception):
    """An error met in a worker process that could not travel back as itself: its class name
    (`kind`) and message."""

    def __init__(self, kind: str, message: str):
        super().__init__(kind, message)
        self.kind, self.message = kind, message

    def __str__(self) -> str:
        return self.message


def portable(exc: Exception) -> Exception:
    """`exc`, or a WorkerError of the same name and message when `exc` cannot be pickled back
    from a worker process."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return WorkerError(exc.__class__.__name__, str(exc))
