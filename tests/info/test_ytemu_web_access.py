"""Who may read what on ytemu's yt-dlp side, read by real yt-dlp with and without
browser cookies: the bot check, members-only videos, Liked videos and Watch later
(and the same lists through the Data API)."""

from __future__ import annotations

from pathlib import Path

import pytest
from googleapiclient.errors import HttpError

from tests.helpers.captions import make_lectures
from tests.helpers.ytdlp import YtDlp, cookie_file
from ytemu.seed import MINE_CHANNEL_ID, playlist_id
from ytemu.testing import RunningEmulator
from ytrix.sources.ytemu_extractor import playlist_url, video_url

BOT = (
    "Sign in to confirm you’re not a bot. Use --cookies-from-browser or --cookies for "
    "the authentication."
)
MEMBERS = (
    "This video is available to this channel's members on level: Patron (or any higher "
    "level). Join this channel to get access to members-only content and other exclusive perks."
)


@pytest.mark.ytemu(seed=None)
def test_bot_check_goes_away_with_cookies_not_with_waiting(
    emu: RunningEmulator, tmp_path: Path
) -> None:
    lectures = make_lectures(emu)
    video, playlist = video_url(emu.base_url, lectures.auto), lectures.playlist_id
    emu.admin.set_bot_check(True, pages=["video", "playlist"])
    message = YtDlp(emu).error(video)
    assert BOT in message and "Learn more" not in message
    assert "exporting-youtube-cookies" in message  # yt-dlp's cookie hint, as on YouTube
    assert BOT in YtDlp(emu).error(playlist_url(emu.base_url, playlist))
    emu.admin.advance_clock(6 * 3600)
    assert BOT in YtDlp(emu).error(video)  # waiting does not clear it
    viewer = emu.admin.create_channel("Viewer", "@viewer")
    cookies = cookie_file(emu, viewer, tmp_path / "cookies.txt")
    signed_in = YtDlp(emu, cookies)
    assert signed_in.extract(video, process=False)["id"] == lectures.auto
    assert len(signed_in.extract(playlist_url(emu.base_url, playlist))["entries"]) == 5
    # A cookie file of another site (no YouTube account cookies) does not help.
    other = tmp_path / "other.txt"
    other.write_text("# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tPREF\tx\n")
    assert BOT in YtDlp(emu, other).error(video)
    emu.admin.set_bot_check(False)
    assert YtDlp(emu).extract(video, process=False)["id"] == lectures.auto


@pytest.mark.ytemu(seed=None)
def test_members_only_video_plays_for_members(emu: RunningEmulator, tmp_path: Path) -> None:
    lectures = make_lectures(emu)
    emu.admin.set_members_only(lectures.auto, "Patron")
    rows = YtDlp(emu).extract(playlist_url(emu.base_url, lectures.playlist_id))["entries"]
    badge = {r["id"]: r.get("availability") for r in rows}
    assert badge[lectures.auto] == "subscriber_only" and badge[lectures.both] is None
    url = video_url(emu.base_url, lectures.auto)
    assert MEMBERS in YtDlp(emu).error(url)
    fan = emu.admin.create_channel("Fan", "@fan")
    stranger = emu.admin.create_channel("Stranger", "@stranger")
    emu.admin.set_members(lectures.channel_id, [fan])
    assert MEMBERS in YtDlp(emu, cookie_file(emu, stranger, tmp_path / "s.txt")).error(url)
    info = YtDlp(emu, cookie_file(emu, fan, tmp_path / "f.txt")).extract(url, process=False)
    assert info["availability"] == "subscriber_only" and info["automatic_captions"]
    emu.admin.set_members_only(lectures.auto, None)
    assert YtDlp(emu).extract(url, process=False)["availability"] == "public"


def test_liked_and_watch_later_on_the_web_need_cookies(
    emu: RunningEmulator, tmp_path: Path
) -> None:
    with emu.world.lock:
        videos = [i.video_id for i in emu.world.playlists[playlist_id("mix-8")].items][:5]
    emu.admin.set_liked(MINE_CHANNEL_ID, videos[:3])
    emu.admin.set_watch_later(MINE_CHANNEL_ID, videos[3:])
    for which in ("WL", "LL"):
        message = YtDlp(emu).error(playlist_url(emu.base_url, which))
        assert message.endswith("The playlist does not exist.")
    mine = YtDlp(emu, cookie_file(emu, MINE_CHANNEL_ID, tmp_path / "mine.txt"))
    later = mine.extract(playlist_url(emu.base_url, "WL"))
    assert later["title"] == "Watch later" and [e["id"] for e in later["entries"]] == videos[3:]
    liked = mine.extract(playlist_url(emu.base_url, "LL"))
    assert liked["title"] == "Liked videos" and [e["id"] for e in liked["entries"]] == videos[:3]
    # Another account's cookies read that account's own (empty) lists.
    other = emu.admin.create_channel("Other", "@other")
    theirs = YtDlp(emu, cookie_file(emu, other, tmp_path / "other.txt"))
    assert theirs.extract(playlist_url(emu.base_url, "WL"))["entries"] == []


def test_liked_videos_through_the_api_and_watch_later_not(emu: RunningEmulator) -> None:
    with emu.world.lock:
        videos = [i.video_id for i in emu.world.playlists[playlist_id("mix-8")].items][:4]
    emu.admin.set_liked(MINE_CHANNEL_ID, videos[:3])
    emu.admin.set_watch_later(MINE_CHANNEL_ID, videos[3:])
    yt = emu.youtube("demo-main")
    [me] = yt.channels().list(part="contentDetails", mine=True).execute()["items"]
    assert me["contentDetails"]["relatedPlaylists"]["likes"] == "LL"
    liked = yt.playlistItems().list(part="snippet", playlistId="LL", maxResults=50).execute()
    assert [i["snippet"]["resourceId"]["videoId"] for i in liked["items"]] == videos[:3]
    assert {i["snippet"]["playlistId"] for i in liked["items"]} == {"LL"}
    [ll] = yt.playlists().list(part="snippet,status", id="LL").execute()["items"]
    assert ll["snippet"]["title"] == "Liked videos" and ll["status"]["privacyStatus"] == "private"
    # Watch later has not been readable through the API since 2016: an empty list.
    later = yt.playlistItems().list(part="snippet", playlistId="WL", maxResults=50).execute()
    assert later["items"] == [] and later["pageInfo"]["totalResults"] == 0
    with pytest.raises(HttpError) as caught:
        yt.playlistItems().insert(
            part="snippet",
            body={
                "snippet": {
                    "playlistId": "WL",
                    "resourceId": {"kind": "youtube#video", "videoId": videos[0]},
                }
            },
        ).execute()
    assert caught.value.resp.status == 400
