"""Channel identity (platform-limits §5): a token belongs to the channel picked on the
consent screen; a project authorized for another channel is never written through,
and says how to fix it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.clirunner import run_cli
from tests.helpers.copies import sources
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator, click_consent

QUOTAS = {"main": 400, "brand": 100_000}  # main runs dry: rotation would reach brand


def brand_channel(emu: RunningEmulator) -> str:
    """A Brand Account channel of the same Google account as the demo's own."""
    return emu.admin.create_channel("Side Project", "@sideproject", account=MINE_CHANNEL_ID)


def project_requests(emu: RunningEmulator, project: str) -> list[str]:
    """The Data API calls made through `project` (token refreshes left out)."""
    return [
        r["method"]
        for r in emu.admin.requests()
        if r["project"] == project and r["method"].startswith("youtube.")
    ]


def test_wrong_channel_project_is_never_written_through(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    brand = brand_channel(ytemu)
    env = setup_env(ytemu, isolated_home, QUOTAS, channels={"brand": brand})
    source = next(iter(sources(ytemu, 1, size=12)))
    result = run_cli("--json", "plist2mlist", source)
    assert result.code == 3, result  # main's quota spent; brand is not this channel
    assert project_requests(ytemu, env.projects["brand"]) == []
    assert ytemu.admin.channel_playlists(brand) == []

    rows = {r["name"]: r for r in run_cli("--json", "projects").json()["projects"]}
    assert rows["brand"]["state"] == "wrong_channel"
    assert (
        rows["brand"]["channel"] == brand and rows["brand"]["expected_channel"] == MINE_CHANNEL_ID
    )
    human = run_cli("projects")
    assert "WRONG CHANNEL" in human.stdout  # the table; its notes go to stderr when piped
    shown = human.stdout + human.stderr
    assert f"Side Project ({brand})" in shown and MINE_CHANNEL_ID in shown
    assert "ytrix projects_auth brand` and pick the right channel" in shown

    check = run_cli("--json", "projects", "--check")
    assert check.code == 4, check
    [health] = [h for h in check.json()["projects"] if h["name"] == "brand"]
    assert health["state"] == "wrong_channel" and brand in health["problem"]
    assert MINE_CHANNEL_ID in health["problem"]

    pinned = run_cli("--project", "brand", "plist2mlist", source)
    assert pinned.code == 4, pinned
    assert "ytrix projects_auth brand` and pick the right channel" in pinned.stderr
    assert project_requests(ytemu, env.projects["brand"]) == []


def test_old_tokens_are_checked_once_on_first_use(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    brand = brand_channel(ytemu)
    extra = f'channel_id = "{MINE_CHANNEL_ID}"\n'
    env = setup_env(
        ytemu,
        isolated_home,
        {"brand": 100_000},
        channels={"brand": brand},
        record_channel=False,
        extra="",
    )
    config = isolated_home / "config.toml"
    config.write_text(extra + config.read_text())
    source = next(iter(sources(ytemu, 1)))
    result = run_cli("plist2mlist", source)
    assert result.code == 4, result  # nothing usable left
    assert "No project can be used: brand (wrong channel)" in result.stderr
    assert "ytrix projects_auth brand` and pick the right channel" in result.stderr
    assert project_requests(ytemu, env.projects["brand"]) == ["youtube.channels.list"]
    again = run_cli("plist2mlist", source)
    assert again.code == 4
    assert project_requests(ytemu, env.projects["brand"]) == ["youtube.channels.list"]
    assert env.ledger_used("brand") == env.emu_used("brand") == 1


def test_old_token_of_the_right_channel_is_checked_once_then_used(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 100_000}, record_channel=False)
    for source in sources(ytemu, 2):
        assert run_cli("plist2mlist", source).code == 0
    methods = project_requests(ytemu, env.projects["main"])
    assert methods.count("youtube.channels.list") == 1
    token = json.loads((isolated_home / "tokens" / "main.json").read_text())
    assert token["ytrix_channel_id"] == MINE_CHANNEL_ID
    assert env.ledger_used("main") == env.emu_used("main")


def authorize(home: Path, name: str, pick: str) -> tuple[int, dict[str, object]]:
    """`ytrix projects_auth NAME --no-browser` as a user runs it, choosing `pick` on
    the account chooser."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "ytrix", "--json", "projects_auth", name, "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert proc.stderr is not None
    url = None
    deadline = time.monotonic() + 30
    while url is None and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if line.startswith("http"):
            url = line.strip()
    assert url is not None and "prompt=select_account+consent" in url, url
    threading.Thread(target=click_consent, args=(url, pick), daemon=True).start()
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    return proc.returncode, json.loads(out)


def test_projects_auth_shows_the_chooser_and_records_the_channel(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    brand = brand_channel(ytemu)
    env = setup_env(ytemu, isolated_home, {"main": 10_000, "second": 10_000})
    (isolated_home / "tokens" / "second.json").unlink()
    _, data = authorize(isolated_home, "second", brand)
    [done] = data["authorized"]  # type: ignore[misc]
    assert done["channel"] == brand and done["wrong_channel"] is True
    assert done["expected_channel"] == MINE_CHANNEL_ID
    rows = {r["name"]: r for r in run_cli("--json", "projects").json()["projects"]}
    assert rows["second"]["state"] == "wrong_channel"

    _, data = authorize(isolated_home, "second", MINE_CHANNEL_ID)
    [done] = data["authorized"]  # type: ignore[misc]
    assert done["channel"] == MINE_CHANNEL_ID and done["wrong_channel"] is False
    rows = {r["name"]: r for r in run_cli("--json", "projects").json()["projects"]}
    assert rows["second"]["state"] == "available"
    assert env.ledger_used("second") == env.emu_used("second") == 2
