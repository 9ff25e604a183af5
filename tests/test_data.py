"""The data files: each matches generator/data/schema.yml, every key in them is read by the
code, and a slip in one is a single message naming the file and the key."""

from __future__ import annotations

import shutil
import sys

import pytest
import yaml

from generator import data
from tests.conftest import ROOT, run

DATA = ROOT / "generator" / "data"
CODE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py")) + "\n".join(
    p.read_text(encoding="utf-8") for p in (ROOT / "generator" / "templates").glob("*.j2"))


def test_every_data_file_matches_its_schema():
    data.check_all()
    schema = yaml.safe_load((DATA / "schema.yml").read_text(encoding="utf-8"))
    assert sorted(schema) == sorted(p.stem for p in DATA.glob("*.yml") if p.stem != "schema")


@pytest.mark.parametrize("name", sorted(p.stem for p in DATA.glob("*.yml")))
def test_the_fast_reader_gives_the_values_pyyamls_own_reader_gives(name):
    text = (DATA / f"{name}.yml").read_text(encoding="utf-8")
    assert yaml.load(text, Loader=data.LOADER) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


# The message catalogue's keys are checked one by one in test_messages.py.
@pytest.mark.parametrize("name", sorted(p.stem for p in DATA.glob("*.yml") if p.stem not in ("schema", "messages")))
def test_every_key_is_read_by_the_code(name):
    keys = yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))
    unread = [k for k in keys if f'"{k}"' not in CODE and f"'{k}'" not in CODE and f".{k}" not in CODE]
    assert unread == []


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """A copy of the data folder to break; the loader reads it instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setattr(data, "DATA_DIR", copy)
    for fn in (data.load, data._schema):
        fn.cache_clear()
    yield copy
    for fn in (data.load, data._schema):
        fn.cache_clear()


@pytest.mark.parametrize("file, edit, message", [
    ("headings", ("max_heading_chars: 48", "max_heading_chars: many"),
     "generator/data/headings.yml: max_heading_chars should be int, not str"),
    ("headings", ("lone_numeral: '^[一二三四五六七八九十]{1,3}$'", "lone_numeral: '^[一二三'"),
     "generator/data/headings.yml: lone_numeral: not a valid regular expression"),
    ("indicators", ("achieved_cue:", "achieved_clue:"), "generator/data/indicators.yml: missing key(s): achieved_cue"),
    ("boilerplate", ("zone_lines: 14", "zone_lines: 14\nzone_line: 3"),
     "generator/data/boilerplate.yml: unknown key(s): zone_line"),
])
def test_a_slip_in_a_data_file_is_one_clear_message(broken, file, edit, message):
    path = broken / f"{file}.yml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(data.DataError) as err:
        data.check_all()
    assert str(err.value).startswith(message)


def test_the_command_line_names_a_broken_data_file(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "seeds").mkdir()
    heads = project / "generator" / "data" / "headings.yml"
    heads.write_text(heads.read_text(encoding="utf-8").replace("max_heading_chars: 48", "max_heading_chars: many"),
                     encoding="utf-8")
    proc = run([sys.executable, "-m", "generator", "build"], project, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: generator/data/headings.yml: max_heading_chars should be int, not str"
    assert "Traceback" not in proc.stderr
