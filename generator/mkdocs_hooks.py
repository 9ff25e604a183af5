"""MkDocs hooks: during `mkdocs serve`, regenerate the pages when a seed changes; and the
Markdown extension that sets aside raw HTML blocks (generator/rawhtml.py) on every build.

`mkdocs.yml` watches seeds/ and generator/; on every rebuild in serve mode this hook runs the
generator before MkDocs reads the docs dir. The generator rewrites only files whose content
changed, so the rebuild it triggers finds nothing new and the loop stops there.
`mkdocs build` does not regenerate: `make site` runs the generator first.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

# MkDocs loads this file by path (and restores sys.path afterwards): make the project's
# package importable whenever a hook runs.
ROOT = str(Path(__file__).resolve().parents[1])


def _importable() -> None:
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)

log = logging.getLogger("mkdocs.hooks.generator")
_command = {"name": ""}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


def on_config(config):
    """Raw HTML blocks of the pages are set aside by generator/rawhtml.py before Python-Markdown
    parses them (the same HTML, in a fraction of the time)."""
    _importable()
    from generator.rawhtml import RawHtmlBlocks

    config.markdown_extensions.append(RawHtmlBlocks())
    return config


def on_pre_build(config) -> None:
    if _command["name"] != "serve":
        return
    _importable()
    from generator.build import build
    from generator.messages import say

    root = Path(config.config_file_path).parent
    # The objects already here (MkDocs' pages of the last rebuild: 1.3 GB on a thousand
    # reports) are set aside from the cyclic collector while the generator reads every report
    # back: its collections then scan only what the rebuild makes (16.1 and 17.1 s against 17.6
    # and 19.2 s for the generator's rebuild after an edit on the thousand, two pairs of runs).
    gc.freeze()
    try:
        result = build(root / "seeds", Path(config.docs_dir))
    finally:
        gc.unfreeze()
    for p in result.problems:
        log.info(str(p))
    if result.written or result.deleted:
        log.info(say("cli.serve_rebuilt", written=len(result.written), deleted=len(result.deleted)))


# The search index (generator/search.py): the text of every page as a reader reads it, read in a
# worker process while MkDocs converts the next pages, indexed once the build is done. The texts
# are kept between the rebuilds of `mkdocs serve --dirty`, which converts only the pages whose
# file changed: the index is made of every page the site has, whichever were converted.
_pages: dict[str, object] = {}
_pool: dict[str, object] = {}
_site: dict[str, set] = {"urls": set()}


def on_env(env, config, files):
    _site["urls"] = {f.page.url for f in files.documentation_pages() if f.page}  # every page the site has
    return env


def _reader():
    """A process pool for reading the pages' text, or None where one core is all there is."""
    from generator import workers

    if "pool" not in _pool:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        n = workers.count() - 1
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
    _pages[page.url] = pool.submit(search.page_text, *args) if pool else search.page_text(*args)
    return html


def on_post_build(config) -> None:
    _importable()
    from generator import data, search

    for url in [u for u in _pages if u not in _site["urls"]]:
        del _pages[url]  # its file is gone (or now excluded from the search)
    _pages.update({url: p.result() for url, p in _pages.items() if hasattr(p, "result")})
    pages = list(_pages.values())
    pool = _pool.pop("pool", None)
    if pool:
        pool.shutdown()
    extra = {"labels": data.load("search")["labels"], "level_names": data.load("metadata")["level_names"]}
    figures = search.write(pages, Path(config.site_dir) / "search", extra)
    log.info("search index: %(pages)d pages, %(blocks)d blocks, %(shards)d shards, "
             "%(index_bytes)d bytes of postings, %(text_bytes)d bytes of text", figures)
