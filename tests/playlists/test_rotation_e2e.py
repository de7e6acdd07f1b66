"""The rotation issue's end-to-end checks, run through the playlist commands: visible
rotation notices, a ledger equal to ytemu's counters (also with two processes), a
pinned project that stops instead of switching, and the legacy single-project config."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirunner import CliResult, run_cli
from tests.helpers.playlists import copyable, items, mix, own_titled
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator

# quota days, resets and token lifetimes: run again at the awkward instants
pytestmark = pytest.mark.clock

THREE_SMALL = {"main": 1000, "backup": 1000, "spare": 1000}
SWITCH = r"Project {0} (?:quota exhausted|has only \d+ units left today) – switching to {1}"


def test_three_small_projects_carry_a_2500_unit_copy(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, THREE_SMALL)
    result = run_cli("--json", "plist2mlist", mix(50))  # 50 + 50 x 50 units of writes
    assert result.code == 0, result
    assert re.search(SWITCH.format("main", "backup"), result.stderr), result.stderr
    assert re.search(SWITCH.format("backup", "spare"), result.stderr), result.stderr
    data = result.json()
    assert data["projects_used"] == ["backup", "main", "spare"]
    assert 2550 <= data["units_spent"] <= 2600
    [made] = own_titled(ytemu, "Mix 050")
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(50))
    for name in THREE_SMALL:
        assert env.ledger_used(name) == env.emu_used(name), name
    assert sum(env.emu_used(n) for n in THREE_SMALL) == data["units_spent"]


def _spawn(home: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, YTRIX_HOME=str(home), YTRIX_BACKOFF_SCALE="0.01")
    return subprocess.Popen(
        [sys.executable, "-m", "ytrix", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_share_the_projects_and_the_ledger_stays_true(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, THREE_SMALL)
    procs = [
        _spawn(isolated_home, "--json", "plist2mlist", mix(20)),
        _spawn(isolated_home, "--json", "plist2mlist", mix(30)),
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append(CliResult(proc.returncode, out, err))
    assert results[0].code == 5, results[0]  # Mix 020 has a deleted video
    assert results[1].code == 0, results[1]
    for source, title in ((mix(20), "Mix 020"), (mix(30), "Mix 030")):
        [made] = own_titled(ytemu, title)
        assert items(ytemu, made["id"]) == copyable(ytemu, source)
    for name in THREE_SMALL:
        assert env.ledger_used(name) == env.emu_used(name), name
    spent = sum(r.json()["units_spent"] for r in results)
    assert spent == sum(env.emu_used(n) for n in THREE_SMALL)


def test_pinned_exhausted_project_stops_without_switching(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 1000, "backup": 10000})
    first = run_cli("--project", "main", "plist2mlist", mix(30))
    assert first.code == 3, first
    assert "--project pins it, so ytrix does not switch to another project" in first.stderr
    again = run_cli("plist2mlist", mix(30), "--project", "main")
    assert again.code == 3, again
    assert "Project main quota exhausted" in again.stderr
    projects = {r["project"] for r in ytemu.admin.requests() if r["cost"] or r["status"] >= 400}
    assert projects == {"proj-main"}
    assert env.emu_used("backup") == 0
    assert env.ledger_used("main") == env.emu_used("main")
    # without the pin the same command finishes on backup, without a duplicate
    done = run_cli("plist2mlist", mix(30))
    assert done.code == 0, done
    [made] = own_titled(ytemu, "Mix 030")
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(30))


def test_legacy_single_project_config_works_unchanged(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"default": 10000}, legacy=True)
    assert (isolated_home / "token.json").exists()
    listing = run_cli("--json", "ls", "--count")
    assert listing.code == 0, listing
    copy = run_cli("--json", "plist2mlist", mix(12))
    assert copy.code == 5, copy
    assert copy.json()["projects_used"] == ["default"]
    [made] = own_titled(ytemu, "Mix 012")
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(12))
    assert env.ledger_used("default") == env.emu_used("default")
    assert "switching" not in copy.stderr
