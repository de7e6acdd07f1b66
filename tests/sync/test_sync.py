"""`ytrix sync` end to end: the real CLI against ytemu, writes counted from ytemu's
request log."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.playlists import copyable, items, make_source, own_titled, writes
from tests.helpers.sync import minimum_writes, new_videos, rewrite_playlist
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator

TWO = {"main": 10000, "backup": 10000}


def _copy(emu: RunningEmulator, count: int, title: str) -> tuple[str, list[str], str]:
    source, videos = make_source(emu, count, title)
    result = run_cli("plist2mlist", source)
    assert result.code == 0, result
    [target] = own_titled(emu, title)
    return source, videos, target["id"]


def _change(emu: RunningEmulator, source: str, videos: list[str]) -> list[str]:
    """Gain 5, lose 3, reorder 4."""
    order = [v for n, v in enumerate(videos) if n not in (5, 17, 30)]
    for video, to in ((videos[2], len(order) - 1), (videos[10], 0), (videos[20], 30)):
        order.remove(video)
        order.insert(to, video)
    order.remove(videos[25])
    order.insert(order.index(videos[3]) + 1, videos[25])
    added = new_videos(emu, 5)
    for n, video in enumerate(added):
        order.insert(4 + 7 * n, video)
    rewrite_playlist(emu, source, order)
    return order


def _changed_mirror(
    emu: RunningEmulator, home: Path, title: str
) -> tuple[str, str, list[str], list[str]]:
    """A 40-video mirror whose source then gained 5, lost 3 and reordered 4:
    (source, target, the target's videos, the source's new order)."""
    setup_env(emu, home, TWO)
    source, videos, target = _copy(emu, 40, title)
    before = items(emu, target)
    return source, target, before, _change(emu, source, videos)


def test_sync_prune_equals_source_with_minimum_writes_then_zero(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    source, target, before, wanted = _changed_mirror(ytemu, isolated_home, "Changing list")
    minimum = minimum_writes(before, wanted)
    assert minimum == 5 + 3 + 4
    mark = len(ytemu.admin.requests())
    result = run_cli("--json", "sync", "--all", "--prune")
    assert result.code == 0, result
    assert items(ytemu, target) == copyable(ytemu, source) == wanted
    spent = writes(ytemu.admin.requests()[mark:])
    assert len(spent) == minimum, [r["method"] for r in spent]
    data = result.json()
    [mirror] = data["mirrors"]
    assert mirror["applied"]["writes"] == minimum and data["writes"] == minimum
    assert mirror["plan"]["changes"] == {"add": 5, "remove": 3, "move": 4}
    mark = len(ytemu.admin.requests())
    again = run_cli("--json", "sync", target)
    assert again.code == 0, again
    assert writes(ytemu.admin.requests()[mark:]) == []
    assert again.json()["mirrors"][0]["state"] == "unchanged"


def test_dry_run_plans_exactly_what_sync_writes(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    source, videos, target = _copy(ytemu, 40, "Planned")
    _change(ytemu, source, videos)
    mark = len(ytemu.admin.requests())
    dry = run_cli("--json", "sync", target, "--prune", "--dry-run")
    assert dry.code == 0, dry
    assert writes(ytemu.admin.requests()[mark:]) == []
    plan = dry.json()
    assert plan["planned_writes"] == 12 and plan["planned_units"] == 600
    text = run_cli("sync", target, "--prune", "--dry-run")
    assert "+5 added, -3 removed, 4 moved (12 writes, 600 units)" in text.stdout, text
    assert "Plan: 12 writes, 600 units" in text.stdout
    real = run_cli("--json", "sync", target, "--prune")
    assert real.json()["writes"] == 12


def test_without_prune_extra_videos_stay_and_no_reorder_moves_nothing(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    source, videos, target = _copy(ytemu, 12, "Keeper")
    order = [videos[1], videos[0], *videos[2:10], *new_videos(ytemu, 2)]  # lost 10, 11
    rewrite_playlist(ytemu, source, order)
    mark = len(ytemu.admin.requests())
    result = run_cli("--json", "sync", target, "--no-reorder")
    assert result.code == 0, result
    assert [r["method"] for r in writes(ytemu.admin.requests()[mark:])] == [
        "youtube.playlistItems.insert"
    ] * 2
    assert items(ytemu, target) == videos[:10] + order[-2:] + videos[10:]
    result = run_cli("--json", "sync", target)
    assert result.json()["writes"] == 1  # one move restores the source's order
    assert items(ytemu, target) == [videos[1], videos[0], *videos[2:10], *order[-2:], *videos[10:]]


def test_mirrors_lists_sources_last_sync_and_changes(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    source, videos, target = _copy(ytemu, 10, "Listed")
    rewrite_playlist(ytemu, source, videos[1:] + new_videos(ytemu, 1))
    result = run_cli("--json", "mirrors")
    assert result.code == 0, result
    [row] = result.json()["mirrors"]
    assert row["target"] == target and row["sources"] == [source] and row["kind"] == "copy"
    assert row["synced_at"] is None
    assert row["since_last_sync"] == {"add": 1, "remove": 1, "move": 0}
    mark = len(ytemu.admin.requests())
    offline = run_cli("mirrors", "--no-check")
    assert "last sync: never" in offline.stdout and ytemu.admin.requests()[mark:] == []
    run_cli("sync", "--all", "--prune")
    [row] = run_cli("--json", "mirrors").json()["mirrors"]
    assert row["synced_at"] is not None and row["since_last_sync"] == {
        "add": 0,
        "remove": 0,
        "move": 0,
    }


def test_unknown_target_is_usage_error(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, TWO)
    result = run_cli("sync", "PL" + "x" * 32)
    assert result.code == 2 and "Not a mirror" in result.stderr, result
    assert run_cli("sync").code == 2
    assert ytemu.admin.requests() == []


def test_target_youtube_sorts_itself_gets_the_videos_one_refusal_and_a_note(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    source, videos, target = _copy(ytemu, 40, "Sorted by YouTube")
    ytemu.admin.set_playlist_sort(target, "dateAddedNewest")
    wanted = _change(ytemu, source, videos)
    mark = len(ytemu.admin.requests())
    result = run_cli("sync", target, "--prune")
    assert result.code == 0, result
    assert sorted(items(ytemu, target)) == sorted(wanted)
    spent = writes(ytemu.admin.requests()[mark:])
    refused = [r for r in spent if r["status"] >= 400]
    assert len(refused) == 1 and refused[0]["reason"] == "manualSortRequired"
    assert len(spent) == 1 + 5 + 3  # the refusal, 5 inserts (appended), 3 deletes
    assert "is not sorted manually" in result.stdout and "YouTube Studio" in result.stdout


def test_global_selection_user_project_and_quota_group(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(
        ytemu,
        isolated_home,
        TWO,
        groups={"main": "daily", "backup": "spare"},
        extra=(
            '[[users]]\nname = "alice"\n[[users.projects]]\nname = "main"\n'
            'client_id = "ytrix-main.apps.googleusercontent.com"\nclient_secret = "secret-main"\n'
        ),
    )
    source, videos, target = _copy(ytemu, 40, "Selected")
    _change(ytemu, source, videos)
    before = {name: env.emu_used(name) for name in TWO}
    pinned = run_cli("--json", "--project", "backup", "sync", target, "--prune")
    assert pinned.code == 0, pinned
    assert pinned.json()["projects_used"] == ["backup"]
    assert env.emu_used("main") == before["main"] and env.emu_used("backup") > before["backup"]
    _change(ytemu, source, copyable(ytemu, source))
    grouped = run_cli("--json", "sync", "--all", "--prune", "--quota-group", "daily")
    assert grouped.code == 0 and grouped.json()["projects_used"] == ["main"], grouped
    assert items(ytemu, target) == copyable(ytemu, source)
    # another profile has its own state: no mirrors there
    alice = isolated_home / "users" / "alice" / "tokens"
    alice.mkdir(parents=True)
    (alice / "main.json").write_bytes((isolated_home / "tokens" / "main.json").read_bytes())
    theirs = run_cli("--json", "--user", "alice", "mirrors")
    assert theirs.code == 0 and theirs.json()["mirrors"] == [], theirs
    unknown = run_cli("--user", "alice", "sync", target)
    assert unknown.code == 2 and "Not a mirror" in unknown.stderr


def test_unavailable_videos_are_reported_not_a_failure(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    source, videos, target = _copy(ytemu, 10, "Fading")
    ytemu.admin.update_video(videos[3], deleted=True)  # gone from YouTube, still listed
    fresh = new_videos(ytemu, 1)
    rewrite_playlist(ytemu, source, [*videos, *fresh])
    result = run_cli("--json", "sync", target, "--prune")
    assert result.code == 0, result
    [mirror] = result.json()["mirrors"]
    assert mirror["plan"]["unavailable"] == [{"video_id": videos[3], "reason": "deleted"}]
    assert items(ytemu, target) == copyable(ytemu, source)
    text = run_cli("sync", target, "--prune")
    assert text.code == 0 and f"unavailable {videos[3]} (deleted in the source)" in text.stdout


def test_ambiguous_answers_are_reconciled_not_repeated(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    _, target, before, wanted = _changed_mirror(ytemu, isolated_home, "Ambiguous")
    # each kind of write takes effect once but answers 409 ABORTED / 500 / a dropped line
    admin = ytemu.admin
    admin.add_fault("youtube.playlistItems.insert", status=409, apply_write=True, nth=2)
    admin.add_fault("youtube.playlistItems.update", status=500, apply_write=True, nth=1)
    admin.add_fault("youtube.playlistItems.delete", action="drop", apply_write=True, nth=1)
    result = run_cli("--json", "sync", target, "--prune")
    assert result.code == 0, result
    assert items(ytemu, target) == wanted
    assert result.json()["writes"] == minimum_writes(before, wanted)
    mark = len(ytemu.admin.requests())
    assert run_cli("--json", "sync", target, "--prune").json()["writes"] == 0
    assert writes(ytemu.admin.requests()[mark:]) == []


def test_forget_a_mirror(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, TWO)
    _, _, target = _copy(ytemu, 3, "Forget me")
    with ytemu.world.lock:
        del ytemu.world.playlists[target]
    failed = run_cli("sync", "--all")
    assert failed.code == 5 and f"ytrix mirrors --forget {target}" in failed.stdout, failed
    forgotten = run_cli("--json", "mirrors", "--forget", target)
    assert forgotten.code == 0 and forgotten.json()["mirrors"] == [], forgotten
    assert run_cli("mirrors", "--forget", target).code == 2
    assert run_cli("sync", "--all").code == 0


def test_a_merge_mirrors_all_its_sources_in_file_order(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    first, one = make_source(ytemu, 6, "First")
    second, two = make_source(ytemu, 5, "Second")
    file = tmp_path / "merge.txt"
    file.write_text(f"{first}\n{second}\n")
    merged = run_cli("--json", "plists2mlist", str(file), "--title", "Both")
    assert merged.code == 0, merged
    [row] = run_cli("--json", "mirrors", "--no-check").json()["mirrors"]
    assert row["kind"] == "merge" and row["sources"] == [first, second]
    rewrite_playlist(ytemu, second, [two[4], one[0], *two[:3], *new_videos(ytemu, 1)])
    result = run_cli("--json", "sync", row["target"], "--prune")
    assert result.code == 0, result
    wanted = list(dict.fromkeys([*copyable(ytemu, first), *copyable(ytemu, second)]))
    assert items(ytemu, row["target"]) == wanted


@pytest.mark.parametrize("how", ["target deleted", "target refuses writes"])
def test_a_mirror_that_cannot_be_synced_fails_alone(
    ytemu: RunningEmulator, isolated_home: Path, how: str
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    bad_source, bad_videos, bad = _copy(ytemu, 4, "Bad")
    source, videos, target = _copy(ytemu, 4, "Good")
    for src, vids in ((bad_source, bad_videos), (source, videos)):
        rewrite_playlist(ytemu, src, [*vids[1:], *new_videos(ytemu, 1)])
    if how == "target deleted":
        with ytemu.world.lock:
            del ytemu.world.playlists[bad]  # the user deleted the copy
        why = "no longer exists"
    else:
        ytemu.admin.add_fault(
            "youtube.playlistItems.*",
            status=403,
            reason="playlistItemsNotAccessible",
            playlist_id=bad,
        )
        why = "403"
    result = run_cli("--json", "sync", "--all", "--prune")
    assert result.code == 5, result
    assert result.json()["error"]["code"] == "partial_failure"
    states = {m["target"]: m for m in result.json()["mirrors"]}
    assert states[bad]["state"] == "failed" and why in states[bad]["error"]
    assert states[bad]["sources"] == [bad_source]
    assert states[target]["state"] == "done"
    assert items(ytemu, target) == copyable(ytemu, source)
