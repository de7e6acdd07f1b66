"""Quota: exact 403 body, charging policy, Pacific-midnight reset across DST days."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from googleapiclient.errors import HttpError

from ytemu.seed import MINE_CHANNEL_ID, playlist_id
from ytemu.testing import RawClient, RunningEmulator

# quota days, resets and token lifetimes: run again at the awkward instants
pytestmark = pytest.mark.clock

PROJECT = "ytrix-demo-main"
QUOTA_WIRE = (
    b'"message": "The request cannot be completed because you have exceeded your '
    b'\\u003ca href=\\"/youtube/v3/getting-started#quota\\"\\u003equota\\u003c/a\\u003e."'
)


def test_exhaustion_exact_body_and_reason(ytemu: RunningEmulator, yt: object) -> None:
    ytemu.admin.set_daily_quota(PROJECT, 120)
    body = {"snippet": {"title": "t"}}
    yt.playlists().insert(part="snippet", body=body).execute()  # type: ignore[attr-defined]
    yt.playlists().insert(part="snippet", body=body).execute()  # type: ignore[attr-defined]
    assert ytemu.admin.quota_used(PROJECT) == 100
    with pytest.raises(HttpError) as info:
        yt.playlists().insert(part="snippet", body=body).execute()  # type: ignore[attr-defined]
    err = info.value
    assert err.resp.status == 403
    assert json.loads(err.content)["error"]["errors"][0]["reason"] == "quotaExceeded"
    assert json.loads(err.content) == {
        "error": {
            "code": 403,
            "message": "The request cannot be completed because you have exceeded your "
            '<a href="/youtube/v3/getting-started#quota">quota</a>.',
            "errors": [
                {
                    "message": "The request cannot be completed because you have exceeded "
                    'your <a href="/youtube/v3/getting-started#quota">quota</a>.',
                    "domain": "youtube.quota",
                    "reason": "quotaExceeded",
                }
            ],
        }
    }
    assert QUOTA_WIRE in err.content
    assert b"<" not in err.content
    # the rejected call cost nothing; cheap calls still fit
    assert ytemu.admin.quota_used(PROJECT) == 100
    yt.channels().list(part="id", mine=True).execute()  # type: ignore[attr-defined]
    assert ytemu.admin.quota_used(PROJECT) == 101


@pytest.mark.parametrize(
    ("start", "hours_to_midnight"),
    [
        # 2026-11-01 is 25 hours long in Los Angeles (PDT -> PST)
        ("2026-11-01T07:30:00Z", 24.5),  # 00:30 PDT; midnight Nov 2 PST = 08:00Z Nov 2
        # 2026-03-08 is 23 hours long (PST -> PDT)
        ("2026-03-08T08:30:00Z", 22.5),  # 00:30 PST; midnight Mar 9 PDT = 07:00Z Mar 9
    ],
)
def test_reset_at_pacific_midnight_on_dst_days(
    ytemu: RunningEmulator, raw: RawClient, start: str, hours_to_midnight: float
) -> None:
    ytemu.admin.set_clock(start)
    grant = ytemu.admin.issue_tokens("demo-main")
    raw.token = grant["access_token"]
    ytemu.admin.set_daily_quota(PROJECT, 3)
    for _ in range(3):
        assert raw.reason("GET", "channels", {"part": "id", "mine": "true"})[0] == 200
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"}) == (403, "quotaExceeded")
    # one minute before local midnight: still exhausted (the naive 24 h guess is wrong)
    ytemu.admin.advance_clock(hours_to_midnight * 3600 - 60)
    raw.token = ytemu.admin.issue_tokens("demo-main")["access_token"]
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"}) == (403, "quotaExceeded")
    clock = ytemu.admin.clock()
    expected_reset = datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(
        hours=hours_to_midnight
    )
    assert datetime.fromisoformat(clock["next_reset"].replace("Z", "+00:00")) == expected_reset
    ytemu.admin.advance_clock(61)
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"})[0] == 200
    assert ytemu.admin.quota_used(PROJECT) == 1


def test_charging_policy_by_outcome(ytemu: RunningEmulator, raw: RawClient) -> None:
    pid = playlist_id("mine-favourites")
    other = playlist_id("mix-5")
    ok_list = raw.reason("GET", "playlistItems", {"part": "id", "playlistId": pid})
    assert ok_list == (200, None)  # 1
    bad = raw.reason("GET", "playlistItems", {"part": "id", "playlistId": pid, "maxResults": 99})
    assert bad == (400, "invalidParameter")  # 1
    assert raw.reason("GET", "playlistItems", {"part": "id", "playlistId": "PLnope"}) == (
        404,
        "playlistNotFound",
    )  # 1
    body = {
        "snippet": {
            "playlistId": other,
            "resourceId": {"kind": "youtube#video", "videoId": "x" * 11},
        }
    }
    assert raw.reason("POST", "playlistItems", {"part": "snippet"}, body=body) == (
        403,
        "playlistItemsNotAccessible",
    )  # 50: an error after the request reached YouTube costs the method's full cost
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"}, token="bogus") == (
        401,
        "authError",
    )  # 0: a token never issued names no project to charge
    ytemu.admin.add_fault("youtube.channels.list", status=429, times=1)
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"}) == (
        429,
        "rateLimitExceeded",
    )  # 1
    ytemu.admin.add_fault(
        "youtube.channels.list", status=403, reason="userRateLimitExceeded", times=1
    )
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"}) == (
        403,
        "userRateLimitExceeded",
    )  # 1
    ytemu.admin.add_fault("youtube.channels.list", status=503, times=1)
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"})[0] == 503  # 1
    insert = {"snippet": {"title": "x"}}
    assert raw.reason("POST", "playlists", {"part": "snippet"}, body=insert) == (200, None)  # 50
    ytemu.admin.revoke_refresh_token(raw.refresh_token)
    assert raw.reason("POST", "playlists", {"part": "snippet"}, body=insert) == (
        401,
        "authError",
    )  # 1: a revoked token still names its client's project
    assert ytemu.admin.quota_used(PROJECT) == 1 + 1 + 1 + 50 + 0 + 1 + 1 + 1 + 50 + 1
    costs = [(r["method"], r["status"], r["cost"]) for r in ytemu.admin.requests()]
    assert costs[-2:] == [
        ("youtube.playlists.insert", 200, 50),
        ("youtube.playlists.insert", 401, 1),
    ]
    assert ("youtube.channels.list", 429, 1) in costs
    assert ("youtube.playlistItems.list", 400, 1) in costs


def test_scope_errors_and_per_minute_write_limit(ytemu: RunningEmulator) -> None:
    reader = RawClient(ytemu, scopes=["https://www.googleapis.com/auth/youtube.readonly"])
    assert reader.reason("GET", "channels", {"part": "id", "mine": "true"}) == (200, None)
    status, data, _ = reader.call(
        "POST", "playlists", {"part": "snippet"}, body={"snippet": {"title": "x"}}
    )
    assert status == 403
    assert data["error"]["errors"][0]["reason"] == "insufficientPermissions"
    assert data["error"]["status"] == "PERMISSION_DENIED"
    assert data["error"]["details"][0]["metadata"]["method"] == (
        "youtube.api.v3.V3DataPlaylistService.Insert"
    )
    assert ytemu.admin.quota_used(PROJECT) == 1 + 50  # the refused insert costs its 50
    ytemu.admin.set_project(PROJECT, writes_per_minute=2)
    ytemu.admin.set_clock(datetime(2026, 5, 5, 10, 0, 5, tzinfo=UTC))
    writer = RawClient(ytemu)
    for _ in range(2):
        assert (
            writer.reason(
                "POST", "playlists", {"part": "snippet"}, body={"snippet": {"title": "x"}}
            )[0]
            == 200
        )
    status, data, _ = writer.call(
        "POST", "playlists", {"part": "snippet"}, body={"snippet": {"title": "x"}}
    )
    assert status == 429
    assert data["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert "per minute" in data["error"]["message"]
    ytemu.admin.advance_clock(60)
    assert (
        writer.reason("POST", "playlists", {"part": "snippet"}, body={"snippet": {"title": "x"}})[0]
        == 200
    )
    assert (
        ytemu.admin.quota("ytrix-demo-main")[PROJECT]["by_method"]["youtube.playlists.insert"]
        == 50 + 50 + 1 + 50  # the per-minute refusal is a rate limit: 1 unit
    )
    assert MINE_CHANNEL_ID


def test_a_long_expired_token_is_still_billed_to_its_project(ytemu: RunningEmulator) -> None:
    ytemu.admin.set_clock("2026-06-15T17:00:00Z")
    raw = RawClient(ytemu)
    ytemu.admin.advance_clock(3 * 3600)  # the token expired 2 h ago
    ytemu.admin.issue_tokens("demo-backup")  # minting purges long-expired records
    assert raw.token not in {t["token"] for t in ytemu.admin.dump()["access_tokens"]}
    assert raw.reason("GET", "channels", {"part": "id", "mine": "true"}) == (401, "authError")
    assert ytemu.admin.requests()[-1]["project"] == PROJECT
    assert ytemu.admin.quota_used(PROJECT) == 1
