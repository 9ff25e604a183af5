"""MkDocs hooks: during `mkdocs serve`, regenerate the pages when a seed changes.

`mkdocs.yml` watches seeds/ and generator/; on every rebuild in serve mode this hook runs the
generator before MkDocs reads the docs dir. The generator rewrites only files whose content
changed, so the rebuild it triggers finds nothing new and the loop stops there.
`mkdocs build` does not regenerate: `make site` runs the generator first.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# MkDocs loads this file by path; make the project's package importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

log = logging.getLogger("mkdocs.hooks.generator")
_command = {"name": ""}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


def on_pre_build(config) -> None:
    if _command["name"] != "serve":
        return
    from generator.build import build
    from generator.messages import say

    root = Path(config.config_file_path).parent
    result = build(root / "seeds", Path(config.docs_dir))
    for p in result.problems:
        log.info(str(p))
    if result.written or result.deleted:
        log.info(say("cli.serve_rebuilt", written=len(result.written), deleted=len(result.deleted)))
