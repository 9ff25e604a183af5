"""MkDocs hooks: during `mkdocs serve`, regenerate the pages when a seed changes; and the
Markdown extension that sets aside raw HTML blocks (generator/rawhtml.py) on every build.

`mkdocs.yml` watches seeds/ and generator/; on every rebuild in serve mode this hook runs the
generator before MkDocs reads the docs dir. The generator rewrites only files whose content
changed; MkDocs' watcher does not look at them (`on_serve`), and a rebuild set off by anything
else (mkdocs.yml, a hand-written page) finds seeds/ and generator/ as they were and skips the
generator.
`mkdocs build` does not regenerate: `make site` runs the generator first. Once it has written
a whole site it leaves at once (`on_shutdown`), without freeing every page first.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import sys
import threading
from pathlib import Path

from mkdocs.plugins import event_priority

# MkDocs loads this file by path (and restores sys.path afterwards): make the project's
# package importable whenever a hook runs.
ROOT = str(Path(__file__).resolve().parents[1])


def _importable() -> None:
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)

log = logging.getLogger("mkdocs.hooks.generator")
_command = {"name": "", "whole": False, "serving": False}


def on_startup(command: str, dirty: bool) -> None:
    _command.update(name=command, whole=False, serving=False)


def on_config(config):
    """Raw HTML blocks of the pages are set aside by generator/rawhtml.py before Python-Markdown
    parses them (the same HTML, in a fraction of the time)."""
    _importable()
    from generator.rawhtml import RawHtmlBlocks

    config.markdown_extensions.append(RawHtmlBlocks())
    return config


def on_pre_build(config) -> None:
    _index_done()  # the last build's search index is written before this build writes the site
    _unfrozen()  # (a build that failed before its end may have left objects frozen)
    if _command["name"] != "serve":
        return
    _importable()
    from generator import cache, segment
    from generator.build import build
    from generator.messages import say

    root = Path(config.config_file_path).parent
    inputs = _inputs_state(root)
    if inputs == _served["inputs"]:
        return  # the rebuild that follows the generator's own writes: none of its inputs changed
    cache.keep_between_builds()  # the reports' results stay in memory for the next rebuild,
    segment.keep_loaded()  # and jieba with its dictionaries
    # The objects already here (MkDocs' pages of the last rebuild: 1.3 GB on a thousand
    # reports) are set aside from the cyclic collector while the generator reads every report
    # back: its collections then scan only what the rebuild makes (16.1 and 17.1 s against 17.6
    # and 19.2 s for the generator's rebuild after an edit on the thousand, two pairs of runs).
    # They stay set aside, with what the generator froze, while MkDocs rebuilds: the collection
    # over all of them (1.7 s on the thousand, taken in the middle of MkDocs' pages when they
    # were let go of here) runs after the browser reloads the page (`_unfrozen`).
    gc.freeze()
    _frozen["on"] = True
    result = build(root / "seeds", Path(config.docs_dir))
    _served["inputs"] = inputs
    for p in result.problems:
        log.info(str(p))
    if result.written or result.deleted:
        log.info(say("cli.serve_rebuilt", written=len(result.written), deleted=len(result.deleted)))


def on_serve(server, config, builder):
    """MkDocs' watcher looks at every file under docs_dir twice a second, and any change there
    sets off a whole rebuild. The generator's own files need neither: under serve they change
    only when the generator runs, which is at the start of a build, before MkDocs lists the
    docs (`on_pre_build`), so the build that ran it already converts them. On a thousand reports
    the watcher's walk over those 6,000 files took about a quarter of a core through every
    rebuild, and each edit set off a second rebuild of 6.7 s that found nothing new. The watcher
    is given MkDocs' own polling, every path MkDocs watches and the same interval, but lists
    docs_dir without the generator's folders and files (generator/pages.py): an edit there by
    hand is undone by the next build anyway."""
    _command["serving"] = True  # (`mkdocs serve --clean` starts as a build: it never leaves early)
    _importable()
    from watchdog.observers.polling import PollingObserverVFS

    watched = dict(getattr(server, "_watched_paths", None) or {})  # path → times watched
    if not watched or not hasattr(server.observer, "timeout"):
        return server  # another MkDocs than the one this was written for: left as it is
    docs = Path(config.docs_dir).resolve()
    for path, times in watched.items():
        for _ in range(times):
            server.unwatch(path)
    server.observer = PollingObserverVFS(os.stat, functools.partial(_listed, docs),
                                         polling_interval=server.observer.timeout)
    for path, times in watched.items():
        for _ in range(times):
            server.watch(path)
    return server


def _listed(docs: Path, folder) -> list:
    """The entries of `folder` as MkDocs' watcher sees them: in docs_dir, all but the
    generator's own."""
    from generator.pages import FILES, FOLDERS

    with os.scandir(folder) as entries:
        if Path(folder).resolve() != docs:
            return list(entries)
        return [e for e in entries if e.name not in FOLDERS and e.name not in FILES]


_served: dict[str, object] = {"inputs": None}
_frozen = {"on": False}


def _unfrozen() -> None:
    """What the serve build froze handed back to the cyclic collector, which then collects
    the last rebuild's garbage (MkDocs' pages hold cycles) at once."""
    if _frozen["on"]:
        _frozen["on"] = False
        gc.unfreeze()
        gc.collect()


def _inputs_state(root: Path) -> list[tuple]:
    """Each file under seeds/ and generator/ (its templates are read again at each build) with
    its size and time of change: equal to the last build's if nothing changed since."""
    files = [p for d in ("seeds", "generator") for p in (root / d).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts]
    return sorted((str(p), s.st_size, s.st_mtime_ns) for p in files for s in [p.stat()])


# The search index (generator/search.py): the text of every page as a reader reads it, read in a
# worker process while MkDocs converts the next pages. That process keeps the texts and, once
# MkDocs has converted every page (`on_env`), writes the index while MkDocs renders the pages
# through the theme (`search.write_kept`): no page's text travels back into MkDocs' process,
# whose threads spent a third of the thousand reports' build taking them in. Under `mkdocs serve --dirty`, which converts only the pages whose file
# changed, the process lives from build to build with the texts of every page the site has.
_pages: dict[str, object] = {}
_pool: dict[str, object] = {}
_site: dict[str, set] = {"urls": set()}


def on_nav(nav, config, files):
    _navigation["listed"] = {p.url for p in nav.pages}
    return nav


_navigation: dict[str, set] = {"listed": set()}


class NavigationOnce:
    """What overrides/partials/nav.html needs to make the navigation once for all the pages it
    does not list that stand in one folder (Material's navigation took a fifth of MkDocs'
    rendering of a thousand reports' pages). For such a page no item is active and no branch
    open, and each link in the navigation, relative to the page's address (MkDocs' `url`
    filter), reads the same from every page of the folder: the items are never pages of the
    folder that the navigation does not list."""

    def __init__(self, listed: set[str]) -> None:
        self.listed, self.made = listed, {}

    def key(self, page) -> str:
        """The folder of a page the navigation does not list; "" for the others."""
        url = getattr(page, "url", None)
        if url is None or url in self.listed:
            return ""
        return "folder:" + url.rstrip("/").rpartition("/")[0]

    def keep(self, key: str, html: str) -> str:
        if key:
            self.made[key] = html
        return html


def on_env(env, config, files):
    _importable()
    from generator import cache

    env.bytecode_cache = cache.compiled_templates()  # the theme's templates, compiled once
    env.globals["navigation_once"] = NavigationOnce(_navigation["listed"])
    _site["urls"] = {f.page.url for f in files.documentation_pages() if f.page}  # every page the site has
    _index_from_here(config)
    return env


def _index_from_here(config) -> None:
    """Every page has been converted (and sent to be read) when MkDocs makes its environment,
    before it renders them through the theme: the process that reads the pages writes the index
    while this one renders (about a third of a thousand reports' build), where there is one."""
    from generator import data, search

    for url in [u for u in _pages if u not in _site["urls"]]:
        del _pages[url]  # its file is gone (or now excluded from the search)
    extra = {"labels": data.load("search")["labels"], "level_names": data.load("metadata")["level_names"]}
    _indexing["job"] = job = (sorted(_pages), Path(config.site_dir) / "search", extra)
    pool = _pool.get("pool")
    _indexing["writing"] = pool.submit(search.write_kept, *job) if pool else None


def _reader():
    """The process that reads and keeps the pages' text, or None where one core is all there
    is (this process then keeps them)."""
    from generator import workers

    # Its process died (ProcessPoolExecutor's own flag): a new one reads the next pages, and the
    # index written from it says how many pages it lacks.
    if getattr(_pool.get("pool"), "_broken", False):
        _pool.pop("pool").shutdown(wait=False)
    if "pool" not in _pool:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        n = min(1, workers.count() - 1)
        _pool["pool"] = (ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"))
                         if n >= 1 and "fork" in multiprocessing.get_all_start_methods() else None)
    return _pool["pool"]


def on_page_content(html: str, page, config, files) -> str:
    _importable()
    from generator import search

    meta = page.meta or {}
    if (meta.get("search") or {}).get("exclude"):
        _pages.pop(page.url, None)
        return html
    title = str(meta.get("title") or page.title or "")
    args = (search.article_of(html, page.title or config.site_name), page.url, title,
            {"report": meta.get("report")} if meta.get("report") else {})
    pool = _reader()
    _pages[page.url] = pool.submit(search.keep, *args) if pool else search.keep(*args)
    return html


def on_post_build(config) -> None:
    for url, read in _pages.items():
        if hasattr(read, "result"):
            read.result()  # a page that could not be read fails the build here, as MkDocs' own errors do
            _pages[url] = None
    job = _indexing.pop("job")
    if _command["name"] != "serve" or not _indexing["served"]:
        _write_index(*job)  # a site is whole when it is first served
        if _command["name"] == "serve":
            _indexing["served"] = True
            _preload_jieba()
        else:
            _let_go_of_reader()
        _unfrozen()
        _command["whole"] = True  # unless the build fails after all (strict mode's warnings)
        return
    # Under `mkdocs serve`, after an edit, the index is written while the browser already
    # reloads the page: the edited page shows without waiting for it (about 10 s of a rebuild
    # on a thousand reports), and a search finds it once the index is written, seconds later.
    _indexing["thread"] = threading.Thread(target=_write_index_contained, args=job, name="search-index", daemon=True)
    _indexing["thread"].start()


def _let_go_of_reader() -> None:
    pool = _pool.pop("pool", None)
    if pool:
        pool.shutdown()


_indexing: dict[str, object] = {"served": False}  # and the index being written: its job, its future


def _write_index(urls: list, folder: Path, extra: dict) -> None:
    from generator import search
    from generator.messages import say

    writing = _indexing.pop("writing", None)  # started in `_index_from_here`
    figures = writing.result() if writing else search.write_kept(urls, folder, extra)
    if figures["missing"]:  # the reading process was started again after a failure
        log.warning(say("cli.search_pages_missing", missing=figures["missing"]))
    log.info("search index: %(pages)d pages, %(blocks)d blocks, %(shards)d shards, "
             "%(index_bytes)d bytes of postings, %(text_bytes)d bytes of text", figures)


def _write_index_contained(urls: list, folder: Path, extra: dict) -> None:
    """`_write_index` in its thread: an error is one line of the server's log, not a traceback."""
    from generator.messages import say

    try:
        _write_index(urls, folder, extra)
    except Exception as exc:  # the server goes on; the next rebuild writes the index again
        log.error(say("cli.serve_index_failed", error=exc))
    _unfrozen()  # after the index: the page the browser reloads is served by then


def _index_done() -> None:
    for name in ("thread", "jieba"):
        if thread := _indexing.pop(name, None):
            thread.join()


def _preload_jieba() -> None:
    """Under serve, once the site is first served: jieba and its dictionaries loaded while the
    server waits for the first edit. A first build whose reports were all cached never loaded
    them, and the first edit would (1.3 s of it on a thousand reports); `segment.keep_loaded`
    then keeps them."""
    _indexing["jieba"] = threading.Thread(target=_load_jieba, name="jieba", daemon=True)
    _indexing["jieba"].start()


def _load_jieba() -> None:
    from generator import segment

    try:
        segment.load()
    except Exception:  # the build that needs jieba loads it again, and says what failed
        log.debug("jieba not loaded ahead of the first edit", exc_info=True)


def on_build_error(error) -> None:
    _command["whole"] = False


@event_priority(-100)  # after every other plugin's
def on_shutdown() -> None:
    _index_done()
    _let_go_of_reader()
    if _command["name"] == "build" and _command["whole"] and not _command["serving"] and _mkdocs_command_line():
        # The site is written and MkDocs would only return 0 now, after Python has freed every
        # page it holds one object at a time (2.2 s of a thousand reports' build): the command
        # leaves at once instead (generator/leave.py), as the generator's own command line does.
        _importable()
        from generator import leave

        leave.at_once(0)


def _mkdocs_command_line() -> bool:
    """Whether this process is MkDocs' command line (`mkdocs build`, `python -m mkdocs build`),
    not a program that builds through MkDocs and goes on."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return Path(sys.argv[0]).name == "mkdocs" or getattr(spec, "name", "") == "mkdocs.__main__"
