"""The real google client stack against ytemu: consent flow, refresh, create, insert, page."""

from __future__ import annotations

from typing import Any

import pytest
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from tests.helpers.consent import YOUTUBE, installed_app_consent

from ytemu.testing import RunningEmulator


def consent_via_installed_app_flow(emu: RunningEmulator, capsys: pytest.CaptureFixture[str]) -> Any:
    """The consent flow; its printed URL is the emulator's own consent page."""
    result = installed_app_consent(emu, capsys)
    assert result["url"].startswith(emu.base_url + "/o/oauth2/auth?")
    return result["creds"]


def test_full_flow_refresh_insert_120_and_page(
    ytemu: RunningEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    flow_creds = consent_via_installed_app_flow(ytemu, capsys)
    assert flow_creds.refresh_token
    creds = Credentials(
        token=None,
        refresh_token=flow_creds.refresh_token,
        token_uri=ytemu.token_uri,
        client_id="demo-main",
        client_secret="demo-main-secret",
        scopes=[YOUTUBE],
    )
    yt = build(
        "youtube",
        "v3",
        credentials=creds,
        static_discovery=True,
        client_options={"api_endpoint": ytemu.base_url},
    )
    playlist = (
        yt.playlists()
        .insert(
            part="snippet,status",
            body={"snippet": {"title": "Copy"}, "status": {"privacyStatus": "private"}},
        )
        .execute()
    )
    assert creds.token and creds.token != flow_creds.token  # refreshed through /token
    pid = playlist["id"]
    videos = [
        v for v in ytemu.admin.channel_playlists("UC" + ytemu.world.mine_channel[2:])
    ]  # own playlists exist in the demo seed
    assert videos
    with ytemu.world.lock:
        pool = [
            v.id
            for v in ytemu.world.videos.values()
            if v.privacy == "public" and not v.deleted and not v.unavailable
        ][:120]
    for vid in pool:
        yt.playlistItems().insert(
            part="snippet",
            body={
                "snippet": {
                    "playlistId": pid,
                    "resourceId": {"kind": "youtube#video", "videoId": vid},
                }
            },
        ).execute()
    seen: list[str] = []
    pages = 0
    request = yt.playlistItems().list(part="snippet,contentDetails", playlistId=pid, maxResults=50)
    while request is not None:
        response = request.execute()
        pages += 1
        assert response["pageInfo"] == {"totalResults": 120, "resultsPerPage": 50}
        seen += [i["contentDetails"]["videoId"] for i in response["items"]]
        request = yt.playlistItems().list_next(request, response)
    assert pages == 3
    assert seen == pool == ytemu.admin.playlist_video_ids(pid)
    assert ytemu.admin.quota_used("ytrix-demo-main") == 50 + 120 * 50 + 3 == 6053
    assert ytemu.admin.quota_by_method("ytrix-demo-main") == {
        "youtube.playlists.insert": 50,
        "youtube.playlistItems.insert": 6000,
        "youtube.playlistItems.list": 3,
    }
    methods = [r["method"] for r in ytemu.admin.requests()]
    assert methods.count("oauth2.token") == 2  # code exchange + refresh
