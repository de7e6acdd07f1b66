"""`projects` (+ --history, --errors), `projects_select` and `quota_status` after real
rotations against ytemu: what the tables and JSON say matches ytemu's own counters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.tables import table_row
from tests.test_pool import make_pool, own_public_video_ids
from tests.ytrix_env import Env, setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator
from ytrix.youtube.gateway import Gateway

# quota days, resets and token lifetimes: run again at the awkward instants
pytestmark = pytest.mark.clock

PROJECTS = ("main", "backup", "spare")


def has_command(name: str) -> bool:
    import typer

    from ytrix.cli.app import app

    return name in getattr(typer.main.get_command(app), "commands", {})


def rotate_twice(ytemu: RunningEmulator, home: Path) -> Env:
    """Copy a 45-video playlist with 1,000 units per project: main runs out after
    about 19 inserts, backup after 20, spare finishes (two rotations). Through the
    real `plist2mlist` when it is there, else through the pool in-process."""
    env = setup_env(ytemu, home, dict.fromkeys(PROJECTS, 1000))
    if has_command("plist2mlist"):
        source = next(
            p["id"]
            for c in ytemu.admin.channels()
            for p in ytemu.admin.channel_playlists(c["id"])
            if len(p["video_ids"]) == 45
        )
        result = run_cli("plist2mlist", source, "--source", "api")
        assert result.code == 0, result
        return env
    gateway = Gateway(make_pool(home, []))
    playlist = gateway.create_playlist("Rotation report", "", "private")
    for video in own_public_video_ids(ytemu, 45):
        gateway.insert_item(playlist.playlist_id, video)
    return env


def test_projects_after_two_rotations(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = rotate_twice(ytemu, isolated_home)

    data = run_cli("--json-output", "projects").json()["projects"]
    assert [p["name"] for p in data] == list(PROJECTS)
    by_name = {p["name"]: p for p in data}
    for name in PROJECTS:
        assert by_name[name]["quota_used"] == env.emu_used(name), name
        assert by_name[name]["quota_remaining"] == 1000 - env.emu_used(name)
        assert set(by_name[name]) == {
            "name",
            "active",
            "quota_group",
            "priority",
            "quota_used",
            "quota_remaining",
            "daily_quota",
            "state",
            "reset_at",
            "resets_in_seconds",
            "channel",
            "channel_title",
            "expected_channel",
        }
        assert by_name[name]["channel"] == by_name[name]["expected_channel"] == MINE_CHANNEL_ID
    assert [p["active"] for p in data] == [False, False, True]
    assert by_name["backup"]["state"] == "exhausted"
    assert by_name["spare"]["state"] == "available"

    result = run_cli("projects")
    assert result.code == 0, result
    text = result.stdout  # piped: tab-separated rows; the legend and notes on stderr
    spare = table_row(text, "spare")
    assert spare.split("\t")[0] == "*"
    assert f"{1000 - env.emu_used('spare'):,} / 1,000" in spare
    assert "available" in spare
    assert "EXHAUSTED until reset (in " in table_row(text, "backup")
    assert table_row(text, "main").split("\t")[0] == ""
    assert f"{env.emu_used('main'):,}" in table_row(text, "main")
    assert "resets in " in result.stderr
    notes = [line for line in result.stderr.splitlines() if "switched to" in line]
    assert len(notes) == 2, result
    assert notes[0].startswith("main ") and notes[0].endswith(", switched to backup")
    assert notes[1].startswith("backup quota exhausted at ")
    assert notes[1].endswith(", switched to spare")

    history = run_cli("projects", "--history", "--json-output")
    assert history.code == 0, history
    events = history.json()["rotations"]
    assert [(e["from_project"], e["to_project"]) for e in events] == [
        ("main", "backup"),
        ("backup", "spare"),
    ]
    assert all(e["reason"] and e["timestamp"].endswith("Z") for e in events)
    human = run_cli("projects", "--history", "--days", "3").stdout
    assert human.index("main") < human.index("spare")
    assert [line.split("\t")[1:3] for line in human.splitlines()] == [
        ["main", "backup"],
        ["backup", "spare"],
    ]


def test_history_days_window_and_empty(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 1000})
    assert run_cli("--json", "projects", "--history").json()["rotations"] == []
    assert "No rotations since" in run_cli("projects", "--history").stderr
    bad = run_cli("projects", "--days", "2")
    assert bad.code == 2 and "--days only applies" in bad.stderr
    both = run_cli("projects", "--history", "--errors")
    assert both.code == 2 and "Hint:" in both.stderr


def test_errors_grouped_by_project(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000})
    # main's daily quota runs out at Google (the ledger did not know): rotate to backup,
    # where a playlist update is forbidden.
    ytemu.admin.add_fault(
        "youtube.playlists.insert",
        project=env.emu_project("main"),
        status=403,
        reason="quotaExceeded",
    )
    ytemu.admin.add_fault("youtube.playlists.update", status=403, reason="forbidden")
    gateway = Gateway(make_pool(isolated_home, []))
    playlist = gateway.create_playlist("Errors report", "", "private")
    with pytest.raises(Exception, match="forbidden"):
        gateway.update_playlist(playlist.playlist_id, "Renamed", "", "private")

    result = run_cli("--json", "projects", "--errors")
    assert result.code == 0, result
    failures = {f["project"]: f for f in result.json()["failures"]}
    assert failures["main"]["operations_failed"] == 1
    assert failures["main"]["last_error"] == "quotaExceeded"
    assert failures["backup"]["last_error"] == "forbidden"
    assert failures["backup"]["by_operation"][0]["operation"] == "playlists.update"

    text = run_cli("projects", "--errors").stderr
    assert "Project main: 1 playlist creation failed (quota exceeded)" in text
    assert "Project backup: 1 playlist update failed (403 forbidden)" in text
    assert "main" in run_cli("projects").stdout  # the overview still works
    history = run_cli("--json", "projects", "--history").json()["rotations"]
    assert history[0]["reason"] == "quota exhausted"


def test_no_errors(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 1000})
    assert run_cli("--json", "projects", "--errors").json()["failures"] == []
    assert "No failed operations since" in run_cli("projects", "--errors").stderr


def test_quota_status_dashboard(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = rotate_twice(ytemu, isolated_home)
    result = run_cli("--json", "quota_status")
    assert result.code == 0, result
    data = result.json()
    used = sum(env.emu_used(n) for n in PROJECTS)
    assert data["totals"]["quota_used"] == used >= 50 + 45 * 50
    usable = sum(1000 - env.emu_used(n) for n in ("main", "spare"))  # backup: exhausted
    assert data["totals"]["usable_remaining"] == usable
    assert data["totals"]["usable_projects"] == 2 - (env.emu_used("main") == 1000)
    ops = {o["method"]: o for o in data["by_operation"]}
    assert ops["playlistItems.insert"]["calls"] == 45
    assert ops["playlistItems.insert"]["units"] == 45 * 50
    assert ops["playlists.insert"]["units"] == 50
    for name in PROJECTS:
        emu_methods = ytemu.admin.quota_by_method(env.emu_project(name))
        ours = {m: v["units"] for m, v in data["by_project"].get(name, {}).items()}
        assert ours == {m.removeprefix("youtube."): u for m, u in emu_methods.items() if u}, name
    inserts = sum((1000 - env.emu_used(n)) // 50 for n in ("main", "spare"))
    assert data["capacity"]["video_inserts"] == inserts
    assert data["more_quota_url"] == "https://support.google.com/youtube/contact/yt_api_form"

    shown = run_cli("quota_status")
    text = shown.stdout + shown.stderr  # rows on stdout, the sentences on stderr
    assert f"{used:,} of 3,000 units used" in shown.stderr
    assert f"~{inserts} video inserts today" in text
    assert "video inserts" in table_row(text, "playlistItems.insert")
    assert "resets in " in text
    assert "https://support.google.com/youtube/contact/yt_api_form" in text
    assert "distinct purpose" in text


def test_quota_status_warns_about_lost_capacity(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000}, groups={"backup": "b"})
    (isolated_home / "tokens" / "backup.json").unlink()
    result = run_cli("quota_status")
    assert result.code == 0, result
    assert "project backup cannot be used (not authenticated): 10,000 units unused" in (
        result.stderr
    )
    assert "ytrix projects_auth backup" in result.stderr
    assert "group b:" in result.stderr
    data = run_cli("--json", "quota_status").json()
    assert data["needs_auth"][0]["project"] == "backup"
    assert data["capacity"]["video_inserts"] == 200


def test_select_persists_active_project(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 1000, "backup": 1000})
    assert run_cli("--json", "projects_select", "backup").json() == {"selected": "backup"}
    data = run_cli("--json", "projects").json()["projects"]
    assert [p["active"] for p in data] == [False, True]
    unknown = run_cli("projects_select", "nope")
    assert unknown.code == 2
    assert "Unknown project 'nope'" in unknown.stderr and "Hint:" in unknown.stderr
