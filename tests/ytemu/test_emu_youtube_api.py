"""YouTube Data API behaviour: validation, paging, shapes, visibility, limits, writes."""

from __future__ import annotations

from typing import Any

import pytest

from ytemu.seed import MINE_CHANNEL_ID, channel_id, playlist_id
from ytemu.testing import RawClient, RunningEmulator

OWN = playlist_id("mine-favourites")
STASH = playlist_id("mine-stash")


def body(pid: str, vid: str, position: int | None = None) -> dict[str, Any]:
    snippet: dict[str, Any] = {
        "playlistId": pid,
        "resourceId": {"kind": "youtube#video", "videoId": vid},
    }
    if position is not None:
        snippet["position"] = position
    return {"snippet": snippet}


def video_ids(emu: RunningEmulator, **flags: Any) -> list[str]:
    with emu.world.lock:
        out = []
        for v in emu.world.videos.values():
            if v.channel_id == MINE_CHANNEL_ID:
                continue
            state = {"privacy": v.privacy, "deleted": v.deleted, "unavailable": v.unavailable}
            if all(state[k] == val for k, val in flags.items()):
                out.append(v.id)
        return out


def public(emu: RunningEmulator) -> list[str]:
    return video_ids(emu, privacy="public", deleted=False, unavailable=False)


@pytest.mark.parametrize(
    ("query", "status", "reason", "message"),
    [
        ({"playlistId": OWN}, 400, "required", "Required parameter: part"),
        ({"part": "snippets", "playlistId": OWN}, 400, "unknownPart", "'snippets'"),
        (
            {"part": "id", "playlistId": OWN, "maxResults": "51"},
            400,
            "invalidParameter",
            "Invalid value '51'. Values must be within the range: [0, 50]",
        ),
        ({"part": "id", "playlistId": OWN, "maxResults": "-1"}, 400, "invalidParameter", None),
        ({"part": "id", "playlistId": OWN, "maxResults": "ten"}, 400, "invalidParameter", None),
        (
            {"part": "id"},
            400,
            "missingRequiredParameter",
            "No filter selected. Expected one of: id, playlistId",
        ),
        ({"part": "id", "playlistId": OWN, "id": "x"}, 400, "incompatibleParameters", None),
        ({"part": "id", "playlistId": OWN, "pageToken": "garbage"}, 400, "invalidPageToken", None),
    ],
)
def test_playlist_items_list_validation(
    raw: RawClient, query: dict[str, str], status: int, reason: str, message: str | None
) -> None:
    got_status, data, _ = raw.call("GET", "playlistItems", query)
    assert got_status == status
    err = data["error"]
    assert err["code"] == status and err["errors"][0]["reason"] == reason
    if message is not None:
        assert err["message"] == message


def test_other_validation(raw: RawClient) -> None:
    assert raw.reason("GET", "videos", {"part": "id", "id": "x", "maxResults": "0"}) == (
        400,
        "invalidParameter",
    )  # videos.list maxResults minimum is 1
    assert raw.reason("GET", "channels", {"part": "id", "mine": "maybe"}) == (
        400,
        "invalidParameter",
    )
    assert raw.reason("GET", "channels", {"part": "id"}) == (400, "missingRequiredParameter")
    assert raw.reason("GET", "playlists", {"part": "id", "mine": "true", "channelId": "x"}) == (
        400,
        "incompatibleParameters",
    )
    assert raw.reason("POST", "playlists", {"part": "snippet"}, raw_body=b"{nope") == (
        400,
        "parseError",
    )
    assert raw.reason("POST", "playlists", {"part": "snippet"}, body={"snippet": {}}) == (
        400,
        "playlistTitleRequired",
    )
    assert raw.reason("GET", "nothing", {"part": "id"}) == (404, "notFound")


def test_paging_tokens_and_page_info(raw: RawClient) -> None:
    pid = playlist_id("mix-12")
    seen: list[str] = []
    token = None
    pages = []
    while True:
        query = {"part": "snippet,contentDetails", "playlistId": pid, "maxResults": 5}
        if token:
            query["pageToken"] = token
        status, data, _ = raw.call("GET", "playlistItems", query)
        assert status == 200
        pages.append(data)
        seen += [i["contentDetails"]["videoId"] for i in data["items"]]
        token = data.get("nextPageToken")
        if not token:
            break
    assert len(pages) == 3 and len(seen) == 12
    assert "prevPageToken" not in pages[0] and "prevPageToken" in pages[1]
    assert pages[0]["pageInfo"] == {"totalResults": 12, "resultsPerPage": 5}
    assert [i["snippet"]["position"] for i in pages[1]["items"]] == [5, 6, 7, 8, 9]
    # default page size 5; prevPageToken goes back
    status, back, _ = raw.call(
        "GET",
        "playlistItems",
        {"part": "id", "playlistId": pid, "pageToken": pages[2]["prevPageToken"]},
    )
    assert [i["id"] for i in back["items"]] == [i["id"] for i in pages[1]["items"]]
    # a token is bound to its query
    assert raw.reason(
        "GET",
        "playlistItems",
        {"part": "id", "playlistId": OWN, "pageToken": pages[0]["nextPageToken"]},
    ) == (400, "invalidPageToken")
    # maxResults=0: counts only
    status, zero, _ = raw.call(
        "GET", "playlistItems", {"part": "id", "playlistId": pid, "maxResults": 0}
    )
    assert zero["items"] == [] and zero["pageInfo"]["totalResults"] == 12
    assert "nextPageToken" not in zero


def test_shapes_and_visibility(ytemu: RunningEmulator, raw: RawClient) -> None:
    _, data, _ = raw.call(
        "GET",
        "playlistItems",
        {"part": "snippet,contentDetails,status", "playlistId": playlist_id("mix-12")},
    )
    assert data["kind"] == "youtube#playlistItemListResponse" and data["etag"]
    item = data["items"][0]
    assert set(item) == {"kind", "etag", "id", "snippet", "contentDetails", "status"}
    assert item["snippet"]["resourceId"]["kind"] == "youtube#video"
    all_items = []
    query = {"part": "snippet,status", "playlistId": playlist_id("mix-12"), "maxResults": 50}
    all_items = raw.call("GET", "playlistItems", query)[1]["items"]
    private_rows = [i for i in all_items if i["snippet"]["title"] == "Private video"]
    assert len(private_rows) == 1 and private_rows[0]["status"]["privacyStatus"] == "private"
    deleted = raw.call("GET", "playlistItems", query | {"playlistId": playlist_id("mix-20")})[1]
    assert [i["snippet"]["title"] for i in deleted["items"]].count("Deleted video") == 1
    dupes = raw.call("GET", "playlistItems", query | {"playlistId": playlist_id("mix-8")})[1]
    ids = [i["snippet"]["resourceId"]["videoId"] for i in dupes["items"]]
    assert len(ids) == 8 and len(set(ids)) == 7
    # videos.list: private of others and deleted are not returned; durations are ISO 8601
    pub, priv, gone = (
        public(ytemu)[0],
        video_ids(ytemu, privacy="private", deleted=False)[0],
        video_ids(ytemu, deleted=True)[0],
    )
    got = raw.call(
        "GET",
        "videos",
        {"part": "snippet,contentDetails,status", "id": f"{pub},{priv},{gone},nonexistent"},
    )[1]
    assert [v["id"] for v in got["items"]] == [pub]
    assert got["items"][0]["contentDetails"]["duration"].startswith("P")
    assert got["items"][0]["status"]["privacyStatus"] == "public"
    assert got["items"][0]["snippet"]["publishedAt"].endswith("Z")
    assert raw.reason(
        "GET",
        "videos",
        {"part": "id", "id": ",".join(["a" * 11] * 1 + [f"{n:011d}" for n in range(50)])},
    ) == (400, "invalidParameter")
    # another channel's private playlists are invisible; unlisted ones are not listed
    chess = channel_id("chess")
    listed = raw.call(
        "GET",
        "playlists",
        {"part": "snippet,status,contentDetails", "channelId": chess, "maxResults": 50},
    )[1]
    assert {p["status"]["privacyStatus"] for p in listed["items"]} == {"public"}
    secret = next(p for p in ytemu.admin.channel_playlists(chess) if p["privacy"] == "private")
    assert raw.call("GET", "playlists", {"part": "id", "id": secret["id"]})[1]["items"] == []
    assert raw.reason("GET", "playlistItems", {"part": "id", "playlistId": secret["id"]}) == (
        403,
        "playlistItemsNotAccessible",
    )
    unlisted = playlist_id("unlisted-orbit")
    assert raw.call("GET", "playlists", {"part": "id", "id": unlisted})[1]["items"][0]["id"] == (
        unlisted
    )
    mine = raw.call("GET", "playlists", {"part": "status,contentDetails", "mine": "true"})[1]
    assert sorted(p["status"]["privacyStatus"] for p in mine["items"]) == ["private", "public"]
    assert {p["contentDetails"]["itemCount"] for p in mine["items"]} == {10, 5}
    # channels by handle / id
    ch = raw.call("GET", "channels", {"part": "snippet,contentDetails", "forHandle": "ChessCorner"})
    assert ch[1]["items"][0]["id"] == chess
    assert ch[1]["items"][0]["snippet"]["customUrl"] == "@chesscorner"
    uploads = ch[1]["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"]
    up = raw.call("GET", "playlistItems", {"part": "contentDetails", "playlistId": uploads})[1]
    assert up["pageInfo"]["totalResults"] > 70
    assert raw.reason(
        "POST", "playlistItems", {"part": "snippet"}, body=body(uploads, public(ytemu)[0])
    ) == (400, "playlistOperationUnsupported")


def test_insert_errors_and_positions(ytemu: RunningEmulator, raw: RawClient) -> None:
    pub = public(ytemu)
    private = video_ids(ytemu, privacy="private", deleted=False)[0]
    deleted = video_ids(ytemu, deleted=True)[0]
    blocked = video_ids(ytemu, unavailable=True)[0]
    part = {"part": "snippet"}
    assert raw.reason("POST", "playlistItems", part, body=body(OWN, private)) == (
        400,
        "failedPrecondition",
    )
    assert raw.reason("POST", "playlistItems", part, body=body(OWN, blocked)) == (
        400,
        "failedPrecondition",
    )
    assert raw.reason("POST", "playlistItems", part, body=body(OWN, deleted)) == (
        404,
        "videoNotFound",
    )
    assert raw.reason("POST", "playlistItems", part, body=body(OWN, "zzzzzzzzzzz")) == (
        404,
        "videoNotFound",
    )
    status, data, wire = raw.call("POST", "playlistItems", part, body=body("PLmissing", pub[0]))
    assert status == 404 and data == {
        "error": {
            "code": 404,
            "message": "The playlist identified with the request's <code>playlistId</code> "
            "parameter cannot be found.",
            "errors": [
                {
                    "message": "The playlist identified with the request's "
                    "<code>playlistId</code> parameter cannot be found.",
                    "domain": "youtube.playlistItem",
                    "reason": "playlistNotFound",
                    "location": "playlistId",
                    "locationType": "parameter",
                }
            ],
        }
    }
    assert b"\\u003ccode\\u003eplaylistId\\u003c/code\\u003e" in wire
    assert raw.reason("POST", "playlistItems", part, body=body(OWN, pub[0], position=99)) == (
        400,
        "invalidPlaylistItemPosition",
    )
    assert raw.reason("POST", "playlistItems", part, body={"snippet": {"playlistId": OWN}}) == (
        400,
        "resourceIdRequired",
    )
    assert raw.reason(
        "POST",
        "playlistItems",
        part,
        body={
            "snippet": {
                "playlistId": OWN,
                "resourceId": {"kind": "youtube#channel", "channelId": "x"},
            }
        },
    ) == (400, "invalidResourceType")
    before = ytemu.admin.playlist_video_ids(OWN)
    status, first, _ = raw.call("POST", "playlistItems", part, body=body(OWN, pub[0], 0))
    assert status == 200 and first["snippet"]["position"] == 0
    status, last, _ = raw.call("POST", "playlistItems", part, body=body(OWN, pub[1]))
    assert last["snippet"]["position"] == len(before) + 1
    raw.call("POST", "playlistItems", part, body=body(OWN, pub[0]))  # duplicates are allowed
    assert ytemu.admin.playlist_video_ids(OWN) == [pub[0], *before, pub[1], pub[0]]
    # own private video is fine in own playlist
    own_private = ytemu.admin.playlist_video_ids(STASH)[0]
    assert raw.reason("POST", "playlistItems", part, body=body(OWN, own_private)) == (200, None)


def test_update_moves_and_delete(ytemu: RunningEmulator, raw: RawClient) -> None:
    info = ytemu.admin.playlist(OWN)
    items, vids = info["item_ids"], info["video_ids"]
    part = {"part": "snippet"}
    move = {
        "id": items[0],
        "snippet": {
            "playlistId": OWN,
            "position": 3,
            "resourceId": {"kind": "youtube#video", "videoId": vids[0]},
        },
    }
    status, data, _ = raw.call("PUT", "playlistItems", part, body=move)
    assert status == 200 and data["snippet"]["position"] == 3
    assert ytemu.admin.playlist_video_ids(OWN) == [vids[1], vids[2], vids[3], vids[0], *vids[4:]]
    assert raw.reason(
        "PUT", "playlistItems", part, body={"id": items[0], "snippet": {"playlistId": OWN}}
    ) == (400, "resourceIdRequired")
    assert raw.reason(
        "PUT",
        "playlistItems",
        part,
        body={"id": items[0], "snippet": {"resourceId": move["snippet"]["resourceId"]}},
    ) == (400, "playlistIdRequired")
    assert raw.reason("PUT", "playlistItems", part, body=move | {"id": "UExnope"}) == (
        404,
        "playlistItemNotFound",
    )
    assert raw.reason("DELETE", "playlistItems", {"id": items[1]}) == (204, None)
    assert raw.reason("DELETE", "playlistItems", {"id": items[1]}) == (404, "playlistItemNotFound")
    assert len(ytemu.admin.playlist_video_ids(OWN)) == len(vids) - 1
    # other people's playlists
    other = ytemu.admin.playlist(playlist_id("mix-3"))
    assert raw.reason("DELETE", "playlistItems", {"id": other["item_ids"][0]}) == (
        403,
        "playlistItemsNotAccessible",
    )
    assert raw.reason("DELETE", "playlists", {"id": other["id"]}) == (403, "playlistForbidden")
    assert raw.reason(
        "PUT",
        "playlists",
        {"part": "snippet"},
        body={"id": other["id"], "snippet": {"title": "mine now"}},
    ) == (403, "playlistForbidden")
    assert raw.reason("DELETE", "playlists", {"id": "PLnope"}) == (404, "playlistNotFound")
    # update own playlist, then delete it
    status, updated, _ = raw.call(
        "PUT",
        "playlists",
        {"part": "snippet,status"},
        body={
            "id": OWN,
            "snippet": {"title": "Renamed", "description": "d"},
            "status": {"privacyStatus": "unlisted"},
        },
    )
    assert updated["snippet"]["title"] == "Renamed"
    assert updated["status"]["privacyStatus"] == "unlisted"
    assert raw.reason("DELETE", "playlists", {"id": OWN}) == (204, None)
    assert raw.reason("GET", "playlistItems", {"part": "id", "playlistId": OWN}) == (
        404,
        "playlistNotFound",
    )


@pytest.mark.ytemu(playlist_capacity=3)
def test_capacity_limit(ytemu: RunningEmulator, raw: RawClient) -> None:
    pid = raw.call("POST", "playlists", {"part": "snippet"}, body={"snippet": {"title": "small"}})[
        1
    ]["id"]
    vids = public(ytemu)
    for vid in vids[:3]:
        assert raw.reason("POST", "playlistItems", {"part": "snippet"}, body=body(pid, vid))[0] == (
            200
        )
    assert raw.reason("POST", "playlistItems", {"part": "snippet"}, body=body(pid, vids[3])) == (
        403,
        "playlistContainsMaximumNumberOfVideos",
    )
    assert ytemu.admin.settings()["playlist_capacity"] == 3
    ytemu.admin.set_playlist_capacity(5000)
    assert raw.reason("POST", "playlistItems", {"part": "snippet"}, body=body(pid, vids[3])) == (
        200,
        None,
    )


def test_video_state_changes_via_admin(ytemu: RunningEmulator, raw: RawClient) -> None:
    vid = public(ytemu)[0]
    ytemu.admin.update_video(vid, privacy="private")
    assert raw.reason("POST", "playlistItems", {"part": "snippet"}, body=body(OWN, vid)) == (
        400,
        "failedPrecondition",
    )
    ytemu.admin.update_video(vid, privacy="public", deleted=True)
    assert raw.reason("POST", "playlistItems", {"part": "snippet"}, body=body(OWN, vid)) == (
        404,
        "videoNotFound",
    )


def test_fields_partial_response(yt: Any, raw: RawClient) -> None:
    pid = playlist_id("mix-12")
    got = (
        yt.playlistItems()
        .list(
            part="snippet",
            playlistId=pid,
            maxResults=5,
            fields="items(id,snippet/title),nextPageToken",
        )
        .execute()
    )
    assert set(got) == {"items", "nextPageToken"}
    assert all(set(i) == {"id", "snippet"} and set(i["snippet"]) == {"title"} for i in got["items"])
    assert raw.reason(
        "GET", "playlistItems", {"part": "id", "playlistId": pid, "fields": "items(id"}
    ) == (400, "invalidParameter")


def test_body_parts_not_in_part_are_ignored(raw: RawClient) -> None:
    status, data, _ = raw.call(
        "POST",
        "playlists",
        {"part": "snippet"},
        body={"snippet": {"title": "t"}, "status": {"privacyStatus": "private"}},
    )
    assert status == 200 and "status" not in data
    got = raw.call("GET", "playlists", {"part": "status", "id": data["id"]})[1]
    assert got["items"][0]["status"]["privacyStatus"] == "public"


def test_private_and_deleted_rows_as_playlist_items_list_shows_them(
    raw: RawClient,
) -> None:
    """platform-limits §3: another channel's private video lists as "Private video" /
    "This video is private." / private, a deleted one as "Deleted video" /
    privacyStatusUnspecified; neither carries videoOwnerChannelId."""
    query = {"part": "snippet,contentDetails,status", "maxResults": 50}
    rows = raw.call("GET", "playlistItems", query | {"playlistId": playlist_id("mix-12")})[1]
    private = [i for i in rows["items"] if i["status"]["privacyStatus"] == "private"]
    assert len(private) == 1
    assert private[0]["snippet"]["title"] == "Private video"
    assert private[0]["snippet"]["description"] == "This video is private."
    assert "videoOwnerChannelId" not in private[0]["snippet"]
    assert "videoOwnerChannelTitle" not in private[0]["snippet"]
    rows = raw.call("GET", "playlistItems", query | {"playlistId": playlist_id("mix-20")})[1]
    gone = [i for i in rows["items"] if i["snippet"]["title"] == "Deleted video"]
    assert len(gone) == 1
    assert gone[0]["status"]["privacyStatus"] == "privacyStatusUnspecified"
    assert "videoOwnerChannelId" not in gone[0]["snippet"]
    assert "videoPublishedAt" not in gone[0]["contentDetails"]
    shown = [i for i in rows["items"] if i["snippet"]["title"] != "Deleted video"]
    assert all(i["snippet"]["videoOwnerChannelId"].startswith("UC") for i in shown)
