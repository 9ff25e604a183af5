"""The shape of the code: domain words live in generator/data/, not in Python, and no function
grows past a screenful."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

HAN = re.compile(r"[\u3400-\u9fff]")
NOT_YET: set[str] = set()
# Strings that name the product in Chinese: the package's description and the CLI's help.
ALLOWED = {"generator/__init__.py", "generator/cli.py"}
MAX_FUNCTION_LINES = 60


def _modules():
    for p in sorted((ROOT / "generator").rglob("*.py")):
        rel = p.relative_to(ROOT).as_posix()
        if rel not in NOT_YET:
            yield rel, ast.parse(p.read_text(encoding="utf-8"))


def test_chinese_words_are_data_not_code():
    found = [f"{rel}:{node.lineno}: {node.value[:40]!r}" for rel, tree in _modules() if rel not in ALLOWED
             for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value)]
    assert found == []


def test_no_function_is_longer_than_a_screen():
    long = [f"{rel}:{node.lineno}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for rel, tree in _modules() for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []
