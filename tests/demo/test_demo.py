"""`ytrix demo` end to end, as a user runs it: a real process, its own sandbox."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
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


def test_demo_home_twice_then_bring_it_back(tmp_path: Path) -> None:
    """A second `demo --home DIR` starts clean (the first run's tokens belong to an
    emulator that is gone), and the printed "bring it back" steps work as written."""
    home = tmp_path / "sandbox"
    first = run_cli_subprocess("--json", "demo", "--home", str(home))
    assert first.code == 0, first
    second = run_cli_subprocess("--json", "demo", "--home", str(home))
    assert second.code == 0, second
    assert f"Replacing the demo sandbox an earlier run left in {home}." in second.stderr
    summary = json.loads(second.stdout)
    assert summary["exact"] is True
    restore = summary["restore"]
    assert f"  {restore['emulator']}\n" in second.stderr  # printed as returned
    argv = shlex.split(restore["emulator"])
    assert argv[:3] == ["python", "-m", "ytemu"]
    emulator = subprocess.Popen(
        [sys.executable, *argv[1:]], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert emulator.stdout is not None
        assert emulator.stdout.readline().startswith("ytemu listening on")
        env = {**restore["env"]}
        listed = run_cli_subprocess("--json", "ls", env=env)
        assert listed.code == 0, listed
        assert {"Mix 045", "Mix 005"} <= {p["title"] for p in listed.json()["playlists"]}
        copy = run_cli_subprocess(
            "--json", "plist2mlist", summary["playlists"][-1]["source_id"], "--no-dedup", env=env
        )
        assert copy.code == 0, copy  # on the emulator's day: quota left, not exit 3
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)


def test_demo_never_touches_a_home_that_is_not_a_sandbox(tmp_path: Path) -> None:
    real = tmp_path / "dir" / "ytrix-home"
    real.mkdir(parents=True)
    (real / "config.toml").write_text('[oauth]\nclient_id = "x"\nclient_secret = "y"\n')
    result = run_cli_subprocess("demo", "--home", str(tmp_path / "dir"))
    assert result.code == 2, result
    assert "which is not a demo sandbox" in result.stderr
    assert sorted(p.name for p in real.iterdir()) == ["config.toml"]
