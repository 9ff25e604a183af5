"""The message catalogue (generator/data/messages.yml): every key the code names exists, every
key in the file is named by the code, and each call passes exactly the placeholders its
template names."""

from __future__ import annotations

import ast
import functools
import re
import string

import pytest

from generator import data, messages
from tests.conftest import ROOT

CATALOGUE = data.load("messages")
KEYS = {f"{g}.{k}" for g, items in CATALOGUE.items() for k in items}


@functools.cache
def _trees() -> list[tuple[str, ast.AST]]:
    """Every module of the generator, parsed once for all the tests here (only read)."""
    return [(p.relative_to(ROOT).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted((ROOT / "generator").rglob("*.py"))]


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "messages":
        return func.attr
    return None


def _calls(fn: str):
    """(file, line, call) for every call of messages.say / messages.group."""
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == fn:
                yield path, node.lineno, node


def _keys_named(call: ast.Call) -> list[str]:
    """The keys a say() call can name: its constant, or the key-shaped constants of the
    expression that chooses one (say("a.x" if … else "a.y"))."""
    arg = call.args[0]
    if isinstance(arg, ast.Constant):
        return [arg.value]
    return [n.value for n in ast.walk(arg) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and re.fullmatch(r"[a-z_]+\.[a-z_]+", n.value)]


def _placeholders(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def _key_constants() -> set[str]:
    """Every string constant in the code that is a key of the catalogue (a key may be chosen
    by an expression: say("a.x" if … else "a.y"), or kept in a table of keys)."""
    return {node.value for _, tree in _trees() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in KEYS}


def _groups_read_whole() -> set[str]:
    return {call.args[0].value for _, _, call in _calls("group")
            if call.args and isinstance(call.args[0], ast.Constant)}


def test_every_key_the_code_names_exists():
    missing = []
    for path, line, call in _calls("say"):
        missing += [f"{path}:{line}: {k}" for k in _keys_named(call) if k not in KEYS]
    missing += [f"{path}:{line}: group {call.args[0].value}" for path, line, call in _calls("group")
                if call.args[0].value not in CATALOGUE]
    assert missing == []


def test_every_key_in_the_file_is_used():
    used = _key_constants()
    whole = _groups_read_whole()
    unused = sorted(k for k in KEYS if k not in used and k.partition(".")[0] not in whole)
    assert unused == []


def test_each_call_passes_exactly_the_placeholders_of_its_template():
    wrong = []
    for path, line, call in _calls("say"):
        fields = {kw.arg for kw in call.keywords}
        for key in _keys_named(call):
            group, _, name = key.partition(".")
            want = _placeholders(CATALOGUE[group][name])
            if fields != want:
                wrong.append(f"{path}:{line}: {key} takes {sorted(want)}, given {sorted(fields)}")
    assert wrong == []


def test_groups_read_whole_have_no_placeholders():
    assert {g: [k for k, t in CATALOGUE[g].items() if _placeholders(t)] for g in _groups_read_whole()} == {
        g: [] for g in _groups_read_whole()}


def test_say_fills_the_named_placeholders():
    assert messages.say("read.decode_failed", encoding="gb18030", offset=12) == "按 gb18030 解码失败（第 12 字节）"
    assert messages.say("discover.unsupported", suffix=".doc") == "不支持的文件类型“.doc”，已跳过"
    assert messages.group("stage")["parse"] == "结构分析"


@pytest.mark.parametrize("template, message", [
    ("'文件 {0} 不存在'", "placeholders must be names"),
    ("'文件 {} 不存在'", "placeholders must be names"),
    ("'文件 {file 不存在'", "not a valid template"),
])
def test_a_bad_template_is_one_clear_message(template, message):
    raw = {g: dict(items) for g, items in CATALOGUE.items()}
    raw["read"]["empty"] = template.strip("'")
    with pytest.raises(data.DataError) as err:
        data.validate("messages", raw)
    assert str(err.value).startswith("generator/data/messages.yml: read.empty") and message in str(err.value)
