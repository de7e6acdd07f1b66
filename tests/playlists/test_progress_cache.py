"""The progress bar (stderr only, hidden by --quiet) and the read cache commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.clock import shift_ytrix_clock
from tests.helpers.playlists import mix, own_titled
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator

QUOTAS = {"main": 10000}


def test_progress_bar_on_stderr_for_long_loops(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    result = run_cli("--json", "plist2mlist", mix(30))
    assert result.code == 0, result
    assert "30/30 videos" in result.stderr and "units" in result.stderr
    assert json.loads(result.stdout)["videos_added"] == 30  # stdout: one clean document
    quiet = run_cli("--quiet", "plist2mlist", mix(45))
    assert quiet.code == 0, quiet
    assert "45/45" not in quiet.stderr and "Copying" not in quiet.stderr
    short = run_cli("plist2mlist", mix(12))  # 11 inserts: no bar
    assert "Copying" not in short.stderr


def test_cache_stats_and_clear(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    empty = run_cli("--json", "cache_stats")
    assert empty.code == 0, empty
    assert empty.json()["tables"]["playlists"] == {"total": 0, "valid": 0}
    assert run_cli("plist2mlist", mix(5)).code == 0
    stats = run_cli("--json", "cache_stats").json()
    assert stats["tables"]["playlists"]["valid"] >= 1 and stats["size_bytes"] > 0
    human = run_cli("cache_stats")
    assert "playlists" in human.stdout
    shift_ytrix_clock(monkeypatch, 2 * 3600)  # past the 1 h playlist TTL
    expired = run_cli("--json", "cache_clear", "--expired-only").json()
    assert expired["deleted"] >= 1 and expired["expired_only"] is True
    shift_ytrix_clock(monkeypatch, -2 * 3600)
    assert run_cli("--json", "cache_stats").json()["tables"]["playlists"]["total"] == 0
    assert run_cli("plist2mlist", mix(8)).code == 0
    cleared = run_cli("cache_clear")
    assert cleared.code == 0 and "Deleted" in cleared.stdout
    assert run_cli("--json", "cache_stats").json()["tables"]["playlists"]["total"] == 0


def test_source_read_is_cached_and_own_writes_invalidate(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    first = run_cli("--json", "plist2mlist", mix(50)).json()
    assert first["source"]["read_via"] == "api"
    [copy] = own_titled(ytemu, "Mix 050")
    # copying our own copy: the source is read fresh (its cached rows were invalidated
    # by our inserts), and it is never its own dedup match
    again = run_cli("--json", "plist2mlist", copy["id"], "--title", "Copy of copy", "--dry-run")
    assert again.json()["source"]["read_via"] == "api"
    assert again.json()["source"]["videos"] == 50
    second = run_cli("--json", "plist2mlist", mix(50), "--title", "Other title", "--dry-run")
    assert second.json()["source"]["read_via"] == "cache"
    assert second.json()["action"] == "skip"  # our first copy is an exact match
