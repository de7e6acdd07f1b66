"""The sandbox behind `ytrix demo`: ytemu in-process with its demo seed, a ytrix home
with three small projects, the consent click, the clock move past midnight Pacific,
and the final check that ytemu holds every copied playlist exactly."""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ytrix.core.clock import CLOCK_OFFSET_ENV, Clock

if TYPE_CHECKING:
    from ytemu.testing import RunningEmulator

DEMO_PROJECTS = [  # ytrix name, ytemu client id, ytemu project
    ("main", "demo-main", "ytrix-demo-main"),
    ("backup", "demo-backup", "ytrix-demo-backup"),
    ("spare", "demo-spare", "ytrix-demo-spare"),
]
# Seeded playlists copied by the demo batch: 120 entries (a deleted video, a private
# one and a duplicate among them), about 6,200 units: more than one day of three
# 1,500-unit projects, less than two.
DEMO_SOURCES = ["mix-45", "mix-30", "mix-20", "mix-12", "mix-8", "mix-5"]
BROWSER_NAME = "ytrix-demo-consent"
# The first line of a sandbox's config.toml: how a later `demo --home` knows the folder
# holds an earlier demo (replaced) and not someone's real ytrix home (refused).
SANDBOX_MARKER = "# ytrix demo sandbox: every endpoint is ytemu, the offline emulator."


@dataclass
class Sandbox:
    emu: RunningEmulator
    home: Path
    batch_file: Path
    sources: list[str]
    daily_quota: int
    clock: Clock  # ytrix's clock in the commands the demo runs (moved past midnight)
    projects: dict[str, str] = field(default_factory=dict)  # ytrix name -> ytemu project

    def environ(self, base: Mapping[str, str]) -> dict[str, str]:
        """The environment a command run in the sandbox reads at its edge: `base` with
        the sandbox's home and clock (the demo's own process keeps its environment)."""
        return {**base, "YTRIX_HOME": str(self.home), CLOCK_OFFSET_ENV: str(self.clock.offset)}

    def emu_usage(self) -> dict[str, int]:
        return {name: self.emu.admin.quota_used(project) for name, project in self.projects.items()}


class _ConsentClicker(webbrowser.BaseBrowser):
    """The demo's "browser": opening the consent URL is the click on "Allow" -- and, on
    the account chooser, on the account's own channel (ytemu then redirects to ytrix's
    loopback server, exactly as Google does)."""

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        def click() -> None:
            from ytemu.testing import click_consent

            click_consent(url)

        threading.Thread(target=click, daemon=True).start()
        return True


def start_sandbox(home: Path, daily_quota: int, clock: Clock) -> Sandbox:
    from ytemu.seed import playlist_id
    from ytemu.testing import start_emulator

    emu = start_emulator(seed="demo")
    sources = [playlist_id(key) for key in DEMO_SOURCES]
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    lines = [
        SANDBOX_MARKER,
        "[api]",
        f'youtube_endpoint = "{emu.base_url}"',
        f'token_uri = "{emu.token_uri}"',
        f'auth_uri = "{emu.auth_uri}"',
        "",
    ]
    sandbox = Sandbox(emu, home, home / "demo.txt", sources, daily_quota, clock)
    for priority, (name, client_id, project) in enumerate(DEMO_PROJECTS):
        emu.admin.set_daily_quota(project, daily_quota)
        secret = f"{client_id}-secret"
        lines += [
            "[[projects]]",
            f'name = "{name}"',
            f'client_id = "{client_id}"',
            f'client_secret = "{secret}"',
            f"priority = {priority}",
            f"daily_quota = {daily_quota}",
            "",
        ]
        sandbox.projects[name] = project
    (home / "config.toml").write_text("\n".join(lines))
    (home / "config.toml").chmod(0o600)
    sandbox.batch_file.write_text(
        "# Playlists of other channels to copy into the demo user's channel\n"
        + "".join(f"https://www.youtube.com/playlist?list={pid}\n" for pid in sources)
    )
    webbrowser.register(BROWSER_NAME, None, _ConsentClicker(BROWSER_NAME), preferred=True)
    return sandbox


def is_sandbox(home: Path) -> bool:
    """Whether `home` is a ytrix home an earlier `ytrix demo` made."""
    try:
        with (home / "config.toml").open(encoding="utf-8") as config:
            return config.readline().rstrip("\n") == SANDBOX_MARKER
    except (OSError, UnicodeDecodeError):
        return False


def move_clocks_past_midnight(sandbox: Sandbox) -> datetime:
    """Both clocks jump to one minute after the next midnight Pacific."""
    target = sandbox.clock.next_reset() + timedelta(minutes=1)
    sandbox.emu.admin.set_clock(target)
    sandbox.clock = Clock((target - datetime.now(UTC)).total_seconds())  # its next runs'
    return target


@dataclass(frozen=True)
class PlaylistCheck:
    source_id: str
    source_title: str
    target_id: str | None
    expected: int
    actual: int
    exact: bool


def expected_copy(sandbox: Sandbox, source_id: str) -> list[str]:
    """What a faithful copy holds: the source's available videos, each once, in order."""
    seen: set[str] = set()
    wanted = []
    for video_id in sandbox.emu.admin.playlist_video_ids(source_id):
        video: dict[str, Any] = sandbox.emu.admin.video(video_id)
        unavailable = video.get("deleted") or video.get("unavailable")
        if video_id in seen or unavailable or video.get("privacy") == "private":
            continue
        seen.add(video_id)
        wanted.append(video_id)
    return wanted


def verify_copies(sandbox: Sandbox) -> list[PlaylistCheck]:
    """Compare every source with the demo user's playlist of the same title."""
    from ytemu.seed import MINE_CHANNEL_ID

    own = sandbox.emu.admin.channel_playlists(MINE_CHANNEL_ID)
    checks = []
    for source_id in sandbox.sources:
        source = sandbox.emu.admin.playlist(source_id)
        title = str(source["title"])
        matches = [p for p in own if p["title"] == title]
        wanted = expected_copy(sandbox, source_id)
        if len(matches) != 1:
            checks.append(PlaylistCheck(source_id, title, None, len(wanted), 0, False))
            continue
        target = str(matches[0]["id"])
        actual = sandbox.emu.admin.playlist_video_ids(target)
        checks.append(
            PlaylistCheck(source_id, title, target, len(wanted), len(actual), actual == wanted)
        )
    return checks
