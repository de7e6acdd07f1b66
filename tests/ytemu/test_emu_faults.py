"""Fault injection: every action, matching and counting."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from typing import Any

import httplib2
import pytest
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from ytemu.seed import playlist_id
from ytemu.testing import RawClient, RunningEmulator

PROJECT = "ytrix-demo-main"
OWN = playlist_id("mine-favourites")


def public_videos(emu: RunningEmulator, n: int) -> list[str]:
    with emu.world.lock:
        return [
            v.id
            for v in emu.world.videos.values()
            if v.privacy == "public" and not v.deleted and not v.unavailable
        ][:n]


def insert_body(pid: str, vid: str) -> dict[str, Any]:
    return {"snippet": {"playlistId": pid, "resourceId": {"kind": "youtube#video", "videoId": vid}}}


def test_409_aborted_with_write_applied(ytemu: RunningEmulator, yt: Any) -> None:
    vid = public_videos(ytemu, 1)[0]
    before = ytemu.admin.playlist_video_ids(OWN)
    ytemu.admin.add_fault("youtube.playlistItems.insert", status=409, apply_write=True, times=1)
    request = yt.playlistItems().insert(part="snippet", body=insert_body(OWN, vid))
    with pytest.raises(HttpError) as info:
        request.execute(num_retries=3)  # 409 is not retried by the client
    assert info.value.resp.status == 409
    body = json.loads(info.value.content)
    assert body["error"]["status"] == "ABORTED"
    assert body["error"]["errors"][0]["reason"] == "SERVICE_UNAVAILABLE"
    assert ytemu.admin.playlist_video_ids(OWN) == [*before, vid]  # the write happened anyway
    assert ytemu.admin.quota_used(PROJECT) == 50  # an error past the door: the full cost
    # apply_write false: nothing written
    ytemu.admin.add_fault("youtube.playlistItems.insert", status=409, times=1)
    with pytest.raises(HttpError):
        yt.playlistItems().insert(part="snippet", body=insert_body(OWN, vid)).execute()
    assert ytemu.admin.playlist_video_ids(OWN) == [*before, vid]
    assert ytemu.admin.quota_used(PROJECT) == 100


@pytest.mark.parametrize(
    ("status", "reason", "wire_reason", "cost"),
    [
        (429, None, "rateLimitExceeded", 1),
        (403, "rateLimitExceeded", "rateLimitExceeded", 1),
        (500, None, "backendError", 1),
        (503, None, "backendError", 1),
    ],
)
def test_retryable_errors_are_retried_by_the_client(
    ytemu: RunningEmulator, yt: Any, status: int, reason: str | None, wire_reason: str, cost: int
) -> None:
    ytemu.admin.add_fault("youtube.channels.list", status=status, reason=reason, first=2)
    request = yt.channels().list(part="id", mine=True)
    request._sleep = lambda seconds: None
    assert request.execute(num_retries=3)["items"]
    log = [
        (r["status"], r["reason"], r["cost"], r["injected"])
        for r in ytemu.admin.requests()
        if r["method"] == "youtube.channels.list"
    ]
    assert log == [(status, wire_reason, cost, True)] * 2 + [(200, None, 1, False)]
    assert ytemu.admin.quota_used(PROJECT) == 2 * cost + 1


def test_latency_rule_and_global_latency(ytemu: RunningEmulator, raw: RawClient) -> None:
    ytemu.admin.add_fault("youtube.videos.list", action="latency", latency_ms=250)
    query = {"part": "id", "id": public_videos(ytemu, 1)[0]}
    start = time.monotonic()
    assert raw.reason("GET", "videos", query) == (200, None)
    assert time.monotonic() - start >= 0.25
    start = time.monotonic()
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"}) == (200, None)
    assert time.monotonic() - start < 0.2
    ytemu.admin.clear_faults()
    ytemu.admin.set_latency(150)
    start = time.monotonic()
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"}) == (200, None)
    assert time.monotonic() - start >= 0.15


def test_drop_connection_reset_with_and_without_write(ytemu: RunningEmulator, yt: Any) -> None:
    v1, v2 = public_videos(ytemu, 2)
    before = ytemu.admin.playlist_video_ids(OWN)
    ytemu.admin.add_fault("youtube.playlistItems.insert", action="drop", apply_write=True, times=1)
    with pytest.raises((ConnectionError, OSError)):
        yt.playlistItems().insert(part="snippet", body=insert_body(OWN, v1)).execute()
    assert ytemu.admin.playlist_video_ids(OWN) == [*before, v1]
    ytemu.admin.add_fault("youtube.playlistItems.insert", action="drop", times=1)
    with pytest.raises((ConnectionError, OSError)):
        yt.playlistItems().insert(part="snippet", body=insert_body(OWN, v2)).execute()
    assert ytemu.admin.playlist_video_ids(OWN) == [*before, v1]
    drops = [
        (r["status"], r["reason"], r["cost"])
        for r in ytemu.admin.requests()
        if r["method"] == "youtube.playlistItems.insert"
    ]
    assert drops == [(0, "connectionDropped", 50)] * 2
    assert ytemu.admin.quota_used(PROJECT) == 100


def test_graceful_drop_is_silently_resent_by_httplib2(ytemu: RunningEmulator, yt: Any) -> None:
    vid = public_videos(ytemu, 1)[0]
    before = ytemu.admin.playlist_video_ids(OWN)
    ytemu.admin.add_fault(
        "youtube.playlistItems.insert", action="drop", graceful=True, apply_write=True, times=1
    )
    yt.playlistItems().insert(part="snippet", body=insert_body(OWN, vid)).execute()
    # the dropped attempt was applied and httplib2 resent it: a duplicate, as in real life
    assert ytemu.admin.playlist_video_ids(OWN) == [*before, vid, vid]
    assert ytemu.admin.quota_used(PROJECT) == 50 + 50


def test_hang_then_close(ytemu: RunningEmulator) -> None:
    creds = ytemu.credentials("demo-main")
    http = AuthorizedHttp(creds, http=httplib2.Http(timeout=0.3))
    yt = build(
        "youtube",
        "v3",
        http=http,
        static_discovery=True,
        client_options={"api_endpoint": ytemu.base_url},
    )
    ytemu.admin.add_fault("youtube.channels.list", action="hang", hang_seconds=1.0, times=1)
    start = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, OSError)):
        yt.channels().list(part="id", mine=True).execute()
    assert 0.25 < time.monotonic() - start < 0.9
    assert yt.channels().list(part="id", mine=True).execute()["items"]
    hung = [
        (r["status"], r["reason"], r["cost"])
        for r in ytemu.admin.requests()
        if r["method"] == "youtube.channels.list"
    ]
    assert hung == [(0, "connectionHung", 1), (200, None, 1)]


def test_matching_and_counting(ytemu: RunningEmulator, raw: RawClient) -> None:
    admin = ytemu.admin
    other = playlist_id("mix-3")

    def items(pid: str) -> int:
        return raw.reason("GET", "playlistItems", {"part": "id", "playlistId": pid})[0]

    rule = admin.add_fault("youtube.playlistItems.*", status=500, playlist_id=other, nth=2)
    assert [items(other), items(OWN), items(other), items(other)] == [200, 200, 500, 200]
    assert admin.faults()[0]["seen"] == 3 and admin.faults()[0]["fired"] == 1
    assert admin.remove_fault(rule["id"]) is True
    admin.add_fault("youtube.playlistItems.list", status=503, every=3, times=2)
    assert [items(OWN) for _ in range(10)] == [200, 200, 503, 200, 200, 503, 200, 200, 200, 200]
    admin.clear_faults()
    assert admin.faults() == []
    admin.add_fault("*", status=500, project="ytrix-demo-b*")
    assert items(OWN) == 200
    backup = RawClient(ytemu, client_id="demo-backup")
    assert backup.reason("GET", "channels", {"part": "id", "mine": "true"}) == (500, "backendError")
    admin.clear_faults()

    def pattern(seed: int) -> list[int]:
        admin.clear_faults()
        admin.add_fault("youtube.videos.list", status=500, probability=0.5, seed=seed)
        return [raw.reason("GET", "videos", {"part": "id", "id": "x"})[0] for _ in range(16)]

    first = pattern(7)
    assert first == pattern(7)
    assert set(first) == {200, 500}
    with pytest.raises(Exception, match="unknown fault"):
        admin.add_fault("*", action="explode")


def test_faults_apply_to_oauth_token_endpoint(ytemu: RunningEmulator) -> None:
    ytemu.admin.add_fault("oauth2.token", status=503, times=1)
    creds = ytemu.credentials("demo-main")
    import google.auth.transport.requests

    creds.refresh(google.auth.transport.requests.Request())  # google-auth retries 503
    log = [(r["method"], r["status"], r["project"]) for r in ytemu.admin.requests()]
    assert log == [("oauth2.token", 503, PROJECT), ("oauth2.token", 200, PROJECT)]
    # admin endpoints are never faulted
    ytemu.admin.add_fault("*", status=500)
    assert ytemu.admin.health()["ok"] is True
    req = urllib.request.Request(ytemu.base_url + "/youtube/v3/channels?part=id&mine=true")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=5)
    assert info.value.code == 401  # auth is checked before faults
