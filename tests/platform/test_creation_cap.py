"""The channel's cap on new playlists (platform-limits §1): ytrix counts its own
creations per channel, never hammers YouTube's refusal, keeps filling what exists,
pauses with exit 3 naming the limit, and finishes after the window."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.batch import advance_clocks
from tests.helpers.copies import copies, inserts, sources, write_list
from tests.helpers.playlists import own
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator

QUOTAS = {"main": 100_000, "backup": 100_000}
DAY = 24 * 3600
CREATE = "youtube.playlists.insert"


def check_pause(data: dict[str, object], made: int, file: Path) -> None:
    assert data["state"] == "paused"
    error = data["error"]
    assert isinstance(error, dict) and error["code"] == "playlist_creation_limit"
    assert error["exit_code"] == 3
    message = str(data["message"])
    assert "new-playlist limit" in message and f"{made} made in the last 24 h" in message
    assert re.search(r"next new playlist is possible at .* Pacific \(in \d+h \d+m\)", message)
    assert message.endswith(f"Resume then with: ytrix plists2mlists {file} --resume")


def test_fourteen_playlists_with_a_cap_of_ten_pause_then_finish(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = setup_env(ytemu, isolated_home, QUOTAS)
    wanted = sources(ytemu, 14, size=5)
    # The last source is mostly in an own playlist already: a top-up, no creation.
    last, last_videos = list(wanted.items())[-1]
    held = ytemu.admin.create_playlist(
        MINE_CHANNEL_ID, "Most of the last", video_ids=last_videos[:4], privacy="private"
    )
    before = {p["id"] for p in own(ytemu)}
    file = write_list(tmp_path / "fourteen.txt", list(wanted))

    first = run_cli("--json", "plists2mlists", str(file))
    assert first.code == 3, first
    data = first.json()
    check_pause(data, 10, file)
    assert str(data["message"]) in first.stderr
    # ten new playlists, and the top-up at the end of the file done all the same
    assert data["counts"]["completed"] == 11 and data["counts"]["paused"] == 3
    assert ytemu.admin.playlist_video_ids(held) == last_videos
    del wanted[last]
    assert inserts(ytemu, CREATE).count(429) == 0  # ytrix stopped itself at 10
    assert len(copies(ytemu, wanted, before)) == 10  # each complete and exact
    for name in QUOTAS:
        assert env.ledger_used(name) == env.emu_used(name)

    # A re-run inside the window makes no creation attempt at all.
    calls = len(inserts(ytemu, CREATE))
    again = run_cli("--json", "plists2mlists", str(file), "--resume")
    assert again.code == 3, again
    assert len(inserts(ytemu, CREATE)) == calls

    advance_clocks(ytemu, DAY + 60, monkeypatch)
    done = run_cli("--json", "plists2mlists", str(file), "--resume")
    assert done.code == 0, done
    assert done.json()["counts"] == {"completed": 14}
    assert len(copies(ytemu, wanted, before)) == 13
    assert 429 not in inserts(ytemu, CREATE)


@pytest.mark.ytemu(playlist_creation_cap=6, playlist_creation_status=400)
def test_youtube_refuses_before_the_limit_at_most_one_refused_creation(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # YouTube's real cap is lower than ytrix's setting (creations made elsewhere, or a
    # stricter day): the refusal -- here the 400 variant -- closes the budget.
    env = setup_env(ytemu, isolated_home, QUOTAS)
    before = {p["id"] for p in own(ytemu)}
    wanted = sources(ytemu, 14)
    file = write_list(tmp_path / "fourteen.txt", list(wanted))

    first = run_cli("--json", "plists2mlists", str(file))
    assert first.code == 3, first
    data = first.json()
    assert data["error"]["code"] == "playlist_creation_limit"
    assert "YouTube refused a new playlist" in data["message"]
    assert data["playlist_creation_limit"]["refused_by_youtube"] is True
    statuses = inserts(ytemu, CREATE)
    assert statuses.count(400) == 1 and statuses.count(200) == 6, statuses
    assert len(copies(ytemu, wanted, before)) == 6
    for name in QUOTAS:  # the refused call is charged like any other error
        assert env.ledger_used(name) == env.emu_used(name)

    # plist2mlist on the same channel: refused by ytrix, not by YouTube.
    other = sources(ytemu, 1)
    single = run_cli("plist2mlist", next(iter(other)))
    assert single.code == 3, single
    assert "new-playlist limit" in single.stderr and "cost users their channel" in single.stderr
    assert inserts(ytemu, CREATE) == statuses

    codes = []
    for _day in range(2):  # 6 a day: the 8 left take two more windows
        advance_clocks(ytemu, DAY + 60, monkeypatch)
        codes.append(run_cli("plists2mlists", str(file), "--resume").code)
    assert codes == [3, 0]
    assert len(copies(ytemu, wanted, before)) == 14
    assert inserts(ytemu, CREATE).count(400) == 2  # one refusal in each full window


def test_dry_run_counts_days_from_both_limits(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    wanted = sources(ytemu, 25, size=1)
    file = write_list(tmp_path / "many.txt", list(wanted))
    plan = run_cli("--json", "plists2mlists", str(file), "--dry-run")
    assert plan.code == 0, plan
    data = plan.json()
    assert data["quota_plan"]["days_needed"] == 1  # units fit today
    creations = data["creation_plan"]
    assert creations["creations_needed"] == 25 and creations["limit"] == 10
    assert creations["channel"] == MINE_CHANNEL_ID
    assert creations["days_needed"] == 3 and data["days_needed"] == 3
    human = run_cli("plists2mlists", str(file), "--dry-run")
    assert "channel limit 10 per 24 h" in human.stdout and "Days needed: 3" in human.stdout


def test_wait_sleeps_until_a_slot_frees_then_carries_on(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    from datetime import timedelta

    from ytrix.channel.creations import CreationBudget
    from ytrix.core.clock import Clock
    from ytrix.storage.sqlite import SqliteStore

    setup_env(ytemu, isolated_home, QUOTAS)
    before = {p["id"] for p in own(ytemu)}
    wanted = sources(ytemu, 2)
    # Ten playlists made (elsewhere, by an earlier run) almost 24 h ago: the first
    # slot frees in a few seconds.
    oldest = ytemu.admin.now() - timedelta(hours=24) + timedelta(seconds=4)
    then = Clock((oldest - Clock().now()).total_seconds())  # the earlier run's clock
    budget = CreationBudget(
        SqliteStore(isolated_home / "state.db", then), 10, lambda: MINE_CHANNEL_ID
    )
    for _ in range(10):
        budget.confirm(budget.reserve(), "PLearlier")
    budget.close()
    file = write_list(tmp_path / "two.txt", list(wanted))
    result = run_cli("--json", "plists2mlists", str(file), "--wait")
    assert result.code == 0, result
    assert "new-playlist limit" in result.stderr and "Waiting for that (--wait)" in result.stderr
    assert len(copies(ytemu, wanted, before)) == 2
