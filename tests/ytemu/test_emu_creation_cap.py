"""The channel's cap on new playlists (platform-limits §1): about 10 a day per channel,
refused with 429 "You are creating too many playlists...", whatever the Cloud project."""

from __future__ import annotations

import json
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from ytemu.admin import EmuAdminError
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RawClient, RunningEmulator

MESSAGE = (
    "You are creating too many playlists. Please wait a while before creating further playlists."
)


def create(yt: Any, title: str) -> str:
    body = {"snippet": {"title": title}}
    return str(yt.playlists().insert(part="snippet", body=body).execute()["id"])


def test_eleventh_playlist_of_a_day_is_refused_and_the_window_rolls(
    ytemu: RunningEmulator, yt: Any
) -> None:
    start = ytemu.admin.clock()["epoch"]
    made = []
    for n in range(10):
        made.append(create(yt, f"List {n}"))
        ytemu.admin.advance_clock(60)
    with pytest.raises(HttpError) as refused:
        create(yt, "One too many")
    assert refused.value.resp.status == 429
    assert json.loads(refused.value.content) == {
        "error": {
            "code": 429,
            "message": MESSAGE,
            "errors": [
                {
                    "message": MESSAGE,
                    "domain": "gdata.CoreErrorDomain",
                    "reason": "RATE_LIMIT_EXCEEDED",
                }
            ],
            "status": "RESOURCE_EXHAUSTED",
        }
    }
    mine = [p["title"] for p in ytemu.admin.channel_playlists(MINE_CHANNEL_ID)]
    assert "One too many" not in mine
    assert len(ytemu.admin.playlist_creations(MINE_CHANNEL_ID)) == 10
    # a refusal is rate-limited: 1 unit, like any 429
    assert ytemu.admin.requests()[-1]["cost"] == 1
    # deleting a playlist frees no slot: the cap counts creations
    yt.playlists().delete(id=made[0]).execute()
    with pytest.raises(HttpError):
        create(yt, "Still too many")
    # rolling 24 h: the first creation's slot frees 24 h after it, not at midnight
    first = ytemu.admin.playlist_creations(MINE_CHANNEL_ID)[0]
    ytemu.admin.set_clock(start + 24 * 3600 - 1)
    assert ytemu.admin.playlist_creations(MINE_CHANNEL_ID)[0] == first
    with pytest.raises(HttpError):
        create(yt, "A second early")
    ytemu.admin.set_clock(start + 24 * 3600 + 1)
    create(yt, "Slot freed")
    with pytest.raises(HttpError):
        create(yt, "Only one slot was free")


def test_the_cap_is_the_channels_not_the_projects(ytemu: RunningEmulator) -> None:
    ytemu.admin.set_playlist_creation_cap(2)
    main = RawClient(ytemu, "demo-main")
    body = {"snippet": {"title": "x"}}
    assert [
        main.reason("POST", "playlists", {"part": "snippet"}, body=body)[0] for _ in range(3)
    ] == [
        200,
        200,
        429,
    ]
    # another Cloud project, same channel: still refused (rotation cannot help)
    backup = RawClient(ytemu, "demo-backup")
    assert backup.reason("POST", "playlists", {"part": "snippet"}, body=body)[0] == 429
    # another channel of the same account keeps its own count
    brand = ytemu.admin.create_channel("Demo Brand", "@demobrand", account=MINE_CHANNEL_ID)
    other = RawClient(ytemu, "demo-main", channel_id=brand)
    assert other.reason("POST", "playlists", {"part": "snippet"}, body=body) == (200, None)


def test_the_400_variant_and_turning_the_cap_off(ytemu: RunningEmulator, raw: RawClient) -> None:
    ytemu.admin.set_playlist_creation_cap(1, status=400)
    body = {"snippet": {"title": "x"}}
    assert raw.reason("POST", "playlists", {"part": "snippet"}, body=body)[0] == 200
    status, data, _ = raw.call("POST", "playlists", {"part": "snippet"}, body=body)
    assert status == 400 and data["error"]["message"] == MESSAGE
    assert data["error"]["errors"][0]["message"] == MESSAGE
    # a 400 that reached YouTube costs the method's full units
    assert ytemu.admin.requests()[-1]["cost"] == 50
    ytemu.admin.set_playlist_creation_cap(0)
    for _ in range(12):
        assert raw.reason("POST", "playlists", {"part": "snippet"}, body=body) == (200, None)
    assert ytemu.admin.settings()["playlist_creation_cap"] == 0


@pytest.mark.ytemu(playlist_creation_cap=3, playlist_creation_window=600)
def test_cap_and_window_as_start_settings_and_a_short_window(
    ytemu: RunningEmulator, raw: RawClient
) -> None:
    body = {"snippet": {"title": "x"}}
    statuses = [
        raw.reason("POST", "playlists", {"part": "snippet"}, body=body)[0] for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    ytemu.admin.advance_clock(601)
    assert raw.reason("POST", "playlists", {"part": "snippet"}, body=body) == (200, None)


def test_creations_survive_a_save_and_reload(ytemu: RunningEmulator, raw: RawClient) -> None:
    ytemu.admin.set_playlist_creation_cap(2)
    body = {"snippet": {"title": "x"}}
    for _ in range(2):
        assert raw.reason("POST", "playlists", {"part": "snippet"}, body=body) == (200, None)
    with ytemu.world.lock:
        state = ytemu.world.to_dict()
        ytemu.world.load_dict(json.loads(json.dumps(state)))
    assert raw.reason("POST", "playlists", {"part": "snippet"}, body=body)[0] == 429


def test_bad_cap_settings_are_refused(ytemu: RunningEmulator) -> None:
    with pytest.raises(EmuAdminError) as info:
        ytemu.admin.set_playlist_creation_cap(5, status=503)
    assert info.value.status == 400
    with pytest.raises(EmuAdminError):
        ytemu.admin.set_playlist_creation_cap(-1)
