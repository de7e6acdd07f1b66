"""The door: real google-api-python-client through the pool against ytemu."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clock import state_store
from tests.helpers.notices import RecordedNotices
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.core.config import load_config, select_profile
from ytrix.core.errors import AuthNeeded
from ytrix.core.paths import Paths
from ytrix.quota.ledger import Ledger
from ytrix.quota.pool import Pool
from ytrix.youtube.errors import QuotaExhausted
from ytrix.youtube.gateway import Gateway

# Every test here runs on both state backends (SQLite and PostgreSQL); it is about
# quota days, resets and token lifetimes: run again at the awkward instants.
pytestmark = [pytest.mark.usefixtures("state_backend"), pytest.mark.clock]


def make_pool(home: Path, notices: list[str], **kwargs: object) -> Pool:
    paths = Paths.for_user(None)
    config = load_config(paths.config_file)
    assert config is not None
    return Pool(
        select_profile(config, None),
        paths,
        Ledger(state_store()),
        notices=RecordedNotices(notices),
        sleep=lambda s: None,
        **kwargs,  # type: ignore[arg-type]
    )


def own_public_video_ids(emu: RunningEmulator, count: int) -> list[str]:
    ids: list[str] = []
    for playlist in emu.admin.channel_playlists(
        next(c["id"] for c in emu.admin.channels() if c["handle"] == "@synthwavestudio")
    ):
        for vid in emu.admin.playlist_video_ids(playlist["id"]):
            video = emu.admin.video(vid)
            if video["privacy"] == "public" and not video.get("deleted") and vid not in ids:
                ids.append(vid)
    assert len(ids) >= count
    return ids[:count]


def test_rotation_spreads_writes_and_ledger_matches(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 1000, "backup": 1000, "spare": 1000})
    notices: list[str] = []
    gateway = Gateway(make_pool(isolated_home, notices))
    playlist = gateway.create_playlist("Rotation test", "", "private")
    videos = own_public_video_ids(ytemu, 45)
    for vid in videos:
        gateway.insert_item(playlist.playlist_id, vid)
    assert ytemu.admin.playlist_video_ids(playlist.playlist_id) == videos
    assert any("main" in n and "switching to backup" in n for n in notices), notices
    assert any("backup" in n and "switching to spare" in n for n in notices), notices
    for name in ("main", "backup", "spare"):
        assert env.ledger_used(name) == env.emu_used(name), name
    assert sum(env.emu_used(n) for n in ("main", "backup", "spare")) == 50 + 45 * 50


def test_all_exhausted_raises_with_reset(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 120, "backup": 60})
    notices: list[str] = []
    gateway = Gateway(make_pool(isolated_home, notices))
    playlist = gateway.create_playlist("Small", "", "private")
    videos = own_public_video_ids(ytemu, 5)
    with pytest.raises(QuotaExhausted) as info:
        for vid in videos:
            gateway.insert_item(playlist.playlist_id, vid)
    assert "All project quotas exhausted (reset in" in info.value.message
    assert len(ytemu.admin.playlist_video_ids(playlist.playlist_id)) == 2


def test_revoked_token_continues_on_other_project(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10000, "backup": 10000})
    ytemu.admin.revoke_refresh_token(env.refresh_tokens["main"])
    notices: list[str] = []
    gateway = Gateway(make_pool(isolated_home, notices))
    playlists = gateway.list_my_playlists()
    assert {p.title for p in playlists} >= {"Favourites", "Private stash"}
    assert any("projects_auth main" in n for n in notices), notices
    assert env.emu_used("backup") == env.ledger_used("backup") > 0


def test_pinned_dead_project_is_auth_needed(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10000, "backup": 10000})
    ytemu.admin.revoke_refresh_token(env.refresh_tokens["main"])
    gateway = Gateway(make_pool(isolated_home, [], pin="main"))
    with pytest.raises(AuthNeeded) as info:
        gateway.list_my_playlists()
    assert "projects_auth main" in (info.value.hint or "")
    assert env.emu_used("backup") == 0
