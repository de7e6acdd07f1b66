"""`ytrix demo` end to end, as a user runs it: a real process, its own sandbox."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clirunner import run_cli_subprocess


def test_demo_json_summary_and_exact_copies(tmp_path: Path) -> None:
    result = run_cli_subprocess("--json-output", "demo", "--home", str(tmp_path / "sandbox"))
    assert result.code == 0, result
    summary = json.loads(result.stdout)  # exactly one JSON document
    assert summary["paused_on_quota"] is True
    assert summary["exact"] is True
    codes = {step["command"].split(" ", 2)[1]: step["exit_code"] for step in summary["steps"]}
    assert codes["projects_auth"] == 0
    batch_codes = [
        s["exit_code"] for s in summary["steps"] if s["command"].startswith("ytrix plists2mlists")
    ]
    assert batch_codes == [0, 3, 0]  # dry run, pause on quota, resume to the end
    assert len(summary["playlists"]) == 6
    assert all(p["exact"] and p["actual"] == p["expected"] for p in summary["playlists"])
    usage = summary["units_by_project_today"]
    assert set(usage) == {"main", "backup", "spare"}
    assert summary["seconds"] < 60
    # the commands' own output went to stderr: rotation, pause and resume are visible
    assert "switching to" in result.stderr
    assert "All projects exhausted. Pausing" in result.stderr
    assert "Moving ytemu's clock and ytrix's" in result.stderr
    assert "exact" in result.stderr
    # --home keeps the sandbox and the emulator state
    assert (tmp_path / "sandbox" / "ytemu-state.json").exists()
    assert (tmp_path / "sandbox" / "ytrix-home" / "config.toml").exists()


def test_demo_human_output(tmp_path: Path) -> None:
    result = run_cli_subprocess("demo", env={"TMPDIR": str(tmp_path)})
    assert result.code == 0, result
    out = result.stdout
    for text in (
        "$ ytrix projects_auth",
        "$ ytrix plists2mlists",
        "--resume",
        "$ ytrix projects --history",
        "$ ytrix journal_status",
        "Final check against ytemu",
        "What to try next",
    ):
        assert text in out, text
    assert "MISMATCH" not in out
    assert not list(tmp_path.glob("ytrix-demo-*")), "the temporary sandbox is removed"
