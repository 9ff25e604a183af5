"""The GitHub Actions workflow, validated offline."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else shutil.which(name) or name


def test_workflow_matches_the_github_schema():
    proc = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_offline_finds_nothing_above_low():
    proc = subprocess.run(
        [_tool("zizmor"), "--offline", "--min-severity", "medium", "--config", str(ROOT / ".github" / "zizmor.yml"), str(WORKFLOW)],
        capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings" in proc.stdout + proc.stderr


def test_workflow_tests_builds_and_deploys_with_least_privilege():
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = wf[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request"}
    assert wf["permissions"] == {}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    runs = [s.get("run", "") for s in build["steps"]]
    assert "make test" in runs
    assert any(r.startswith("SITE_URL=") and r.endswith("make site") for r in runs)
    uses = [s.get("uses", "") for job in (build, deploy) for s in job["steps"]]
    assert "actions/upload-pages-artifact@v3" in uses and "actions/deploy-pages@v4" in uses
    assert all(u.startswith("actions/") and "@v" in u for u in uses if u)
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
