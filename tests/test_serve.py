"""`make serve`: editing a seed updates the served page without a restart or a rebuild loop, and
the search index still holds every page, the edited one as it now reads."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import SEED_IDS, copy_project, run, seed_path, shared_cache


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.read().decode("utf-8")


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def _quiet(count, seconds: float, limit: float) -> bool:
    """Whether `count()` stays the same for `seconds` in a row within `limit` seconds."""
    deadline = time.monotonic() + limit
    last, since = count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = count()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            return True
    return False


def _indexed(base: str) -> tuple[list[str], dict[str, str]]:
    """The addresses of the pages the served search index holds, and the text it holds of each
    report page (the seeds' site is one block)."""
    rows = json.loads(_get(f"{base}/search/pages-0.json"))
    texts = {}
    for i, row in enumerate(rows):
        if row[2] == "report":
            texts[row[0]] = "".join(p[2] for k in range(len(row[6]))
                                    for p in json.loads(_get(f"{base}/search/text/{i}-{k}.json")))
    return [row[0] for row in rows], texts


def test_editing_a_seed_updates_the_page_once(tmp_path, tmp_path_factory):
    project = copy_project(tmp_path / "project")
    cache = shared_cache(tmp_path_factory)
    run([sys.executable, "-m", "generator", "build", "-q"], project, cache=cache)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               GWR_CACHE=str(cache))
    log_path = tmp_path / "serve.log"
    log = open(log_path, "w")
    # As `make serve` runs it: --dirty converts again only the pages whose file changed (and
    # warns that links to other pages may be stale, so the preview is not strict).
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--no-strict", "-a",
                             f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/reports/411625-2024-digest/"

    def builds() -> int:
        return log_path.read_text(encoding="utf-8").count("Building documentation...")

    try:
        assert _wait(lambda: "新增城镇就业7300人以上" in _get(url), 90)
        pages, texts = _indexed(base)
        assert sorted(texts) == sorted(f"reports/{rid}/" for rid in SEED_IDS.values())
        assert "" in pages and "regions/410000/" in pages and not any(p.startswith("logs/") for p in pages)
        assert "新增城镇就业7300人以上" in texts["reports/411625-2024-digest/"]
        seed = project / "seeds" / seed_path("004").name
        edited = seed.with_suffix(".tmp")  # saved as editors save, whole (a half-written file could set off two builds)
        edited.write_text(seed.read_text(encoding="utf-8").replace("新增城镇就业7300人以上", "新增城镇就业7400人以上"),
                          encoding="utf-8")
        edited.replace(seed)
        assert _wait(lambda: "新增城镇就业7400人以上" in _get(url), 90)
        # A loop never falls quiet: wait for a stretch with no new build, then count. A build
        # set off by the edit's own writes would start as soon as the edit's build ends (MkDocs
        # looks for changes every half second and queues them while it builds), well within it.
        assert _quiet(builds, 2.5, 60), builds()
        # The first build and the edit's: the pages the generator wrote during the edit's build
        # were converted by that build, and set off no other.
        assert builds() == 2, log_path.read_text(encoding="utf-8")[-3000:]
        # The index was made again from every page, although only the changed ones were
        # converted; it is written while the browser already shows the page.
        assert _wait(lambda: "新增城镇就业7400人以上" in _indexed(base)[1]["reports/411625-2024-digest/"], 30)
        after, texts_after = _indexed(base)
        assert sorted(after) == sorted(pages)
        edited = texts_after["reports/411625-2024-digest/"]
        assert "新增城镇就业7400人以上" in edited and "新增城镇就业7300人以上" not in edited
        assert texts_after["reports/410700-2025/"] == texts["reports/410700-2025/"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_the_rebuild_set_off_by_the_generators_own_writes_skips_it(tmp_path, monkeypatch):
    """Under serve the generator runs before a rebuild only when a file of seeds/ or generator/
    changed since its last run: the rebuild its own writes to docs/ set off does not run it."""
    import gc
    from types import SimpleNamespace

    import generator.build
    from generator import cache, mkdocs_hooks, segment

    project = copy_project(tmp_path / "project")
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), docs_dir=str(project / "docs"))
    runs = []
    monkeypatch.setattr(generator.build, "build", lambda seeds, docs: runs.append(seeds) or generator.build.BuildResult())
    monkeypatch.setitem(mkdocs_hooks._command, "name", "serve")
    monkeypatch.setitem(mkdocs_hooks._served, "inputs", None)
    monkeypatch.setitem(segment._kept, "on", False)
    try:
        mkdocs_hooks.on_pre_build(config)
        # What the server holds stays frozen out of the cyclic collector while MkDocs rebuilds,
        # until the index is written after the reload.
        assert gc.get_freeze_count() > 0
        mkdocs_hooks._unfrozen()
        assert gc.get_freeze_count() == 0
        mkdocs_hooks.on_pre_build(config)  # set off by what the first run wrote
        assert len(runs) == 1
        seed = next((project / "seeds").glob("*.txt"))
        seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        mkdocs_hooks.on_pre_build(config)
        assert len(runs) == 2
    finally:
        mkdocs_hooks._unfrozen()
        cache.keep_between_builds(False)


def test_an_index_that_fails_in_its_thread_is_one_line_of_the_log(tmp_path, monkeypatch, caplog):
    from generator import mkdocs_hooks, search

    def fail(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr(search, "write", fail)
    with caplog.at_level("ERROR", logger="mkdocs.hooks.generator"):
        mkdocs_hooks._write_index_contained([], tmp_path / "search", {})
    assert [r.getMessage() for r in caplog.records] == [
        "search index not written (No space left on device): searches find the last index until the next rebuild"]


def test_the_watcher_passes_over_the_generators_files_and_keeps_every_watched_path(tmp_path, site):
    """`on_serve`: MkDocs' server watches what it watched, at the same interval, but its
    listing of docs_dir leaves out the folders and files the generator writes there, and only
    those."""
    from mkdocs.livereload import LiveReloadServer
    from types import SimpleNamespace

    from generator import mkdocs_hooks
    project = site  # the seeds' project, built once for the session (only read here)
    docs = project / "docs"
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    for path in (docs, project / "mkdocs.yml", project / "seeds", project / "seeds"):
        server.watch(str(path))
    before = dict(server._watched_paths)
    watches = sorted((e.watch.path, e.watch.is_recursive) for e in server.observer.emitters)
    assert mkdocs_hooks.on_serve(server, SimpleNamespace(docs_dir=str(docs)), None) is server
    assert server._watched_paths == before
    assert sorted((e.watch.path, e.watch.is_recursive) for e in server.observer.emitters) == watches
    assert server.observer.timeout == 0.5  # MkDocs' interval
    listed = [e.name for e in mkdocs_hooks._listed(docs.resolve(), str(docs))]
    assert sorted(listed) == ["about.md", "assets", "maintainers"]
    assert {"reports", "terms", "index.md", "SUMMARY.md"} <= {p.name for p in docs.iterdir()}
    reports = docs / "reports"
    assert sorted(e.name for e in mkdocs_hooks._listed(docs.resolve(), str(reports))) == sorted(p.name for p in reports.iterdir())


def test_jieba_is_loaded_ahead_of_the_first_edit_and_a_failure_there_is_not_a_traceback(monkeypatch):
    """Once the site is first served, jieba loads in a thread (a build first waits for it); if
    it fails there, the build that needs it loads it again and reports what failed."""
    import threading

    from generator import mkdocs_hooks, segment

    loaded, escaped = [], []
    monkeypatch.setattr(threading, "excepthook", lambda args: escaped.append(args.exc_value))
    monkeypatch.setattr(segment, "load", lambda: loaded.append(threading.current_thread().name))
    mkdocs_hooks._preload_jieba()
    mkdocs_hooks._index_done()
    assert loaded == ["jieba"]

    def fail():
        raise OSError("dictionary unreadable")

    monkeypatch.setattr(segment, "load", fail)
    mkdocs_hooks._preload_jieba()
    mkdocs_hooks._index_done()
    assert escaped == [] and "jieba" not in mkdocs_hooks._indexing
