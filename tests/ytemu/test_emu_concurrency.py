"""Concurrent clients: counters and quota stay exact."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from ytemu.testing import RawClient, RunningEmulator


def public(emu: RunningEmulator) -> list[str]:
    with emu.world.lock:
        return [
            v.id
            for v in emu.world.videos.values()
            if v.privacy == "public" and not v.deleted and not v.unavailable
        ]


def insert(pid: str, vid: str) -> dict[str, Any]:
    return {"snippet": {"playlistId": pid, "resourceId": {"kind": "youtube#video", "videoId": vid}}}


def test_threads_inserting_into_shared_and_own_playlists(ytemu: RunningEmulator) -> None:
    ytemu.admin.set_daily_quota("ytrix-demo-main", 1_000_000)
    ytemu.admin.set_daily_quota("ytrix-demo-backup", 1_000_000)
    shared = ytemu.admin.create_playlist(ytemu.world.mine_channel or "", "shared")
    videos = public(ytemu)
    threads, per_thread = 8, 20
    barrier = threading.Barrier(threads)

    def worker(n: int) -> tuple[str, int]:
        client = "demo-main" if n % 2 == 0 else "demo-backup"
        yt = ytemu.youtube(client)
        own = yt.playlists().insert(part="snippet", body={"snippet": {"title": f"t{n}"}}).execute()
        barrier.wait()
        for i in range(per_thread):
            vid = videos[(n * per_thread + i) % len(videos)]
            yt.playlistItems().insert(part="snippet", body=insert(shared, vid)).execute()
            yt.playlistItems().insert(part="snippet", body=insert(own["id"], vid)).execute()
        return own["id"], n

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(worker, range(threads)))
    assert len(ytemu.admin.playlist_video_ids(shared)) == threads * per_thread
    for pid, n in results:
        expected = [videos[(n * per_thread + i) % len(videos)] for i in range(per_thread)]
        assert ytemu.admin.playlist_video_ids(pid) == expected
    per_project = (threads // 2) * (50 + per_thread * 2 * 50)
    assert ytemu.admin.quota_used("ytrix-demo-main") == per_project
    assert ytemu.admin.quota_used("ytrix-demo-backup") == per_project
    log = ytemu.admin.requests()
    inserts = [r for r in log if r["method"] == "youtube.playlistItems.insert"]
    assert len(inserts) == threads * per_thread * 2
    assert all(r["status"] == 200 and r["cost"] == 50 for r in inserts)


@pytest.mark.ytemu(playlist_creation_cap=0)  # the quota boundary, not the creation cap
def test_quota_boundary_is_exact_under_contention(ytemu: RunningEmulator) -> None:
    ytemu.admin.set_daily_quota("ytrix-demo-main", 1000)
    raws = [RawClient(ytemu) for _ in range(4)]
    results: list[int] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        status = raws[n % 4].call(
            "POST", "playlists", {"part": "snippet"}, body={"snippet": {"title": str(n)}}
        )[0]
        with lock:
            results.append(status)

    with ThreadPoolExecutor(12) as pool:
        list(pool.map(attempt, range(40)))
    assert results.count(200) == 20 and results.count(403) == 20
    assert ytemu.admin.quota_used("ytrix-demo-main") == 1000
    yt = ytemu.youtube("demo-main")
    try:
        yt.channels().list(part="id", mine=True).execute()
    except HttpError as exc:
        assert exc.resp.status == 403
    else:
        raise AssertionError("expected quotaExceeded")
