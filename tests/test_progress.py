"""The progress bar: on a terminal only, naming the stage and the file it is on."""

from __future__ import annotations

import io

from generator import progress, workers


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(monkeypatch, stderr, ci: str | None) -> list[int]:
    monkeypatch.setattr("sys.stderr", stderr)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.delenv("GWR_PROGRESS", raising=False)
    names = [f"{k:03d}_report.txt" for k in range(60)]
    return workers.map_in_order(len, names, workers=1, stage="read", label=lambda name: name)


def test_a_terminal_sees_the_stage_and_the_file(monkeypatch):
    monkeypatch.setattr(progress, "INTERVAL", 0)  # every step drawn
    term = Terminal()
    assert _run(monkeypatch, term, None) == [14] * 60  # the results are untouched
    shown = term.getvalue()
    assert "read" in shown
    assert "059_report.txt" in shown
    assert "60/60" in shown


def test_ci_and_pipes_stay_quiet(monkeypatch):
    term = Terminal()
    _run(monkeypatch, term, "true")
    assert term.getvalue() == ""
    pipe = io.StringIO()
    _run(monkeypatch, pipe, None)
    assert pipe.getvalue() == ""


def test_short_runs_draw_no_bar(monkeypatch):
    term = Terminal()
    monkeypatch.setattr("sys.stderr", term)
    monkeypatch.delenv("CI", raising=False)
    assert list(progress.track(range(3), 3, "read")) == [0, 1, 2]
    assert term.getvalue() == ""
