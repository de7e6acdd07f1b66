"""`sync --all` over 20 mirrors (recorded by a plists2mlists batch) that today's quota
cannot carry: it pauses with the reset time (exit 3); after both clocks pass midnight
Pacific the same command finishes exactly, the mirrors it had not reached first, and
no write is made twice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.batch import advance_clocks, set_clocks
from tests.helpers.clock import ytrix_clock
from tests.helpers.playlists import copyable, items, make_source, writes
from tests.helpers.sync import minimum_writes, new_videos, rewrite_playlist
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.core import clock

pytestmark = pytest.mark.clock

NOON = datetime(2026, 7, 1, 12, 0, tzinfo=clock.PACIFIC)
MIRRORS = 20


@pytest.mark.ytemu(playlist_creation_cap=0)  # 20 copies in a day: the quota is the subject
def test_sync_all_pauses_at_quota_and_resumes_exactly(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clocks(ytemu, NOON, monkeypatch)
    env = setup_env(ytemu, isolated_home, {"main": 100_000, "backup": 100_000})
    config = isolated_home / "config.toml"  # 20 copies today: above the channel's default
    config.write_text("playlist_creation_limit = 100\n" + config.read_text())
    sources = [make_source(ytemu, 3, f"Source {n:02d}") for n in range(MIRRORS)]
    file = tmp_path / "sources.txt"
    file.write_text("\n".join(source for source, _ in sources) + "\n")
    batch = run_cli("--json", "plists2mlists", str(file))
    assert batch.code == 0, batch
    listed = run_cli("--json", "mirrors", "--no-check").json()["mirrors"]
    assert len(listed) == MIRRORS and {m["kind"] for m in listed} == {"batch"}
    target_of = {m["sources"][0]: m["target"] for m in listed}
    minimum = 0
    for source, videos in sources:
        fresh = new_videos(ytemu, 2)
        before = items(ytemu, target_of[source])
        wanted = [videos[2], videos[1], *fresh]  # lost 1, 1 moved, gained 2
        rewrite_playlist(ytemu, source, wanted)
        minimum += minimum_writes(before, wanted)
    assert minimum == 4 * MIRRORS
    # today's quota holds about half of the 4,000 units of writes
    for name in ("main", "backup"):
        ytemu.admin.set_daily_quota(env.emu_project(name), env.emu_used(name) + 1000)
    mark = len(ytemu.admin.requests())
    first = run_cli("--json", "sync", "--all", "--prune")
    assert first.code == 3, first
    data = first.json()
    assert data["state"] == "paused" and data["error"]["code"] == "quota_exhausted"
    assert data["error"]["exit_code"] == 3 and data["reset_at"] == clock.iso(
        ytrix_clock().next_reset()
    )
    assert data["error"]["message"].endswith("Re-run: ytrix sync --all --prune")
    assert "Pausing – quotas reset at 00:00 Pacific" in first.stderr
    reached = [m["target"] for m in data["mirrors"]]
    assert 0 < len(reached) < MIRRORS and len(data["not_reached"]) == MIRRORS - len(reached)

    advance_clocks(ytemu, ytrix_clock().seconds_until_reset() + 60, monkeypatch)
    second = run_cli("--json", "sync", "--all", "--prune")
    assert second.code == 0, second
    order = [m["target"] for m in second.json()["mirrors"]]
    # the mirror paused mid-way and those not reached go first
    assert order[: len(data["not_reached"]) + 1] == [reached[-1], *data["not_reached"]]
    for source, _ in sources:
        assert items(ytemu, target_of[source]) == copyable(ytemu, source), source
    done = [r for r in writes(ytemu.admin.requests()[mark:]) if r["status"] < 300]
    assert len(done) == minimum  # every write once: none repeated after the pause
    mark = len(ytemu.admin.requests())
    third = run_cli("--json", "sync", "--all", "--prune")
    assert third.code == 0 and writes(ytemu.admin.requests()[mark:]) == []
