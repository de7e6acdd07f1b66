"""Playlist sort orders (platform-limits §2): positions work only in manually sorted
playlists (400 manualSortRequired); an append lands where the order puts it and the
insert response's snippet.position says where."""

from __future__ import annotations

import json
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from ytemu.admin import EmuAdminError
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RawClient, RunningEmulator

MANUAL_SORT_MESSAGE = (
    "The request attempts to set the playlist item's position, but the playlist does not "
    "use manual sorting."
)


def public_videos(ytemu: RunningEmulator, n: int) -> list[str]:
    with ytemu.world.lock:
        found = [
            v
            for v in ytemu.world.videos.values()
            if v.privacy == "public" and not v.deleted and not v.unavailable
        ]
    return [v.id for v in sorted(found, key=lambda v: v.id)[:n]]


def insert(yt: Any, pid: str, vid: str, position: int | None = None) -> dict[str, Any]:
    snippet: dict[str, Any] = {
        "playlistId": pid,
        "resourceId": {"kind": "youtube#video", "videoId": vid},
    }
    if position is not None:
        snippet["position"] = position
    return dict(yt.playlistItems().insert(part="snippet", body={"snippet": snippet}).execute())


def listed(yt: Any, pid: str) -> list[str]:
    data = yt.playlistItems().list(part="snippet", playlistId=pid, maxResults=50).execute()
    return [i["snippet"]["resourceId"]["videoId"] for i in data["items"]]


def test_date_added_newest_puts_an_append_on_top_and_refuses_positions(
    ytemu: RunningEmulator, yt: Any
) -> None:
    a, b, c, d = public_videos(ytemu, 4)
    pid = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Newest first", video_ids=[a, b])
    ytemu.admin.advance_clock(10)
    info = ytemu.admin.set_playlist_sort(pid, "dateAddedNewest")
    assert info["sort"] == "dateAddedNewest"
    assert info["video_ids"] == [b, a]  # b was added after a
    ytemu.admin.advance_clock(10)
    got = insert(yt, pid, c)
    assert got["snippet"]["position"] == 0  # landed on top, and the response says so
    assert listed(yt, pid) == [c, b, a]
    with pytest.raises(HttpError) as refused:
        insert(yt, pid, d, position=3)
    assert refused.value.resp.status == 400
    error = json.loads(refused.value.content)["error"]
    assert error["errors"][0]["reason"] == "manualSortRequired"
    assert error["message"] == MANUAL_SORT_MESSAGE
    # positional update: refused the same way; the order is untouched
    item = yt.playlistItems().list(part="snippet", playlistId=pid).execute()["items"][2]
    item["snippet"]["position"] = 0
    body = {"id": item["id"], "snippet": item["snippet"]}
    with pytest.raises(HttpError) as moved:
        yt.playlistItems().update(part="snippet", body=body).execute()
    assert json.loads(moved.value.content)["error"]["errors"][0]["reason"] == "manualSortRequired"
    assert listed(yt, pid) == [c, b, a]
    # the refused calls reached YouTube: each costs the full 50
    refusals = [r["cost"] for r in ytemu.admin.requests() if r["reason"] == "manualSortRequired"]
    assert refusals == [50, 50]


def test_date_added_oldest_and_date_published_orders(ytemu: RunningEmulator, yt: Any) -> None:
    a, b, c = public_videos(ytemu, 3)
    oldest = ytemu.admin.create_playlist(
        MINE_CHANNEL_ID, "Oldest first", video_ids=[a, b], sort="dateAddedOldest"
    )
    ytemu.admin.advance_clock(5)
    assert insert(yt, oldest, c)["snippet"]["position"] == 2
    assert listed(yt, oldest) == [a, b, c]
    with ytemu.world.lock:
        by_date = sorted([a, b, c], key=lambda v: ytemu.world.videos[v].published_at)
    newest = ytemu.admin.create_playlist(
        MINE_CHANNEL_ID,
        "Newest videos first",
        video_ids=by_date[:1] + by_date[2:],
        sort="datePublishedNewest",
    )
    assert listed(yt, newest) == [by_date[2], by_date[0]]
    # the video published in between lands in between
    assert insert(yt, newest, by_date[1])["snippet"]["position"] == 1
    assert listed(yt, newest) == [by_date[2], by_date[1], by_date[0]]


def test_manual_is_the_default_and_positions_work(ytemu: RunningEmulator, yt: Any) -> None:
    a, b, c = public_videos(ytemu, 3)
    pid = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Manual", video_ids=[a, b])
    assert ytemu.admin.playlist(pid)["sort"] == "manual"
    assert insert(yt, pid, c, position=0)["snippet"]["position"] == 0
    assert listed(yt, pid) == [c, a, b]
    # an API-created playlist is manual too
    made = yt.playlists().insert(part="snippet", body={"snippet": {"title": "New"}}).execute()
    assert ytemu.admin.playlist(made["id"])["sort"] == "manual"
    # back to manual: the current order stays and positions work again
    ytemu.admin.set_playlist_sort(pid, "popular")
    order = listed(yt, pid)
    ytemu.admin.set_playlist_sort(pid, "manual")
    assert listed(yt, pid) == order
    assert insert(yt, pid, a, position=1)["snippet"]["position"] == 1


def test_popular_order_and_bad_sort_names(ytemu: RunningEmulator, raw: RawClient) -> None:
    vids = public_videos(ytemu, 4)
    pid = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Popular", video_ids=vids, sort="popular")
    with ytemu.world.lock:
        expected = sorted(vids, key=lambda v: -ytemu.world.videos[v].view_count)
    assert ytemu.admin.playlist_video_ids(pid) == expected
    with pytest.raises(EmuAdminError) as info:
        ytemu.admin.set_playlist_sort(pid, "alphabetical")
    assert info.value.status == 400
    with pytest.raises(EmuAdminError):
        ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Shuffled", sort="shuffle")
    assert "Shuffled" not in [p["title"] for p in ytemu.admin.channel_playlists(MINE_CHANNEL_ID)]
