"""ytemu's yt-dlp side, read by real yt-dlp: a channel's Playlists tab (rows without
counts) and caption tracks that need a PO token (dropped as yt-dlp drops them)."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from tests.helpers.captions import make_lectures
from tests.helpers.ytdlp import YtDlp
from ytemu.testing import RunningEmulator
from ytrix.sources.reader import channel_tab_summaries
from ytrix.sources.ytdlp import YtdlpSession
from ytrix.sources.ytemu_extractor import channel_tab_url, video_url

MISSING_SUBS = (
    "There are missing subtitles languages because a PO token was not provided. "
    "Subtitles for these languages are missing: de, en. "
    "Automatic captions for 1 languages are missing."
)


@pytest.mark.ytemu(seed=None)
def test_channel_playlists_tab_rows_carry_no_count(emu: RunningEmulator) -> None:
    lectures = make_lectures(emu)  # "Lectures: Spring/2024", 5 videos
    admin = emu.admin
    videos = [lectures.both, lectures.auto]
    older = admin.create_playlist(lectures.channel_id, "Older", video_ids=videos)
    hidden = admin.create_playlist(lectures.channel_id, "Drafts", privacy="private")
    with emu.world.lock:
        emu.world.playlists[older].published_at -= 86_400  # created a day earlier
    info = YtDlp(emu).extract(channel_tab_url(emu.base_url, "@infolab"))
    assert info["title"] == "Info Lab - Playlists" and info["channel_id"] == lectures.channel_id
    rows = info["entries"]
    assert [r["id"] for r in rows] == [lectures.playlist_id, older]  # newest first
    assert hidden not in [r["id"] for r in rows]
    assert all("playlist_count" not in r for r in rows)
    assert [r["title"] for r in rows] == ["Lectures: Spring/2024", "Older"]
    summaries = channel_tab_summaries(info)
    assert [(s.playlist_id, s.item_count) for s in summaries] == [
        (lectures.playlist_id, None),
        (older, None),
    ]
    # By channel id too; an unknown channel is YouTube's 404 page.
    by_id = YtDlp(emu).extract(channel_tab_url(emu.base_url, lectures.channel_id))
    assert [r["id"] for r in by_id["entries"]] == [r["id"] for r in rows]
    assert "HTTP Error 404" in YtDlp(emu).error(channel_tab_url(emu.base_url, "@nobody"))


@pytest.mark.ytemu(seed=None)
def test_po_token_tracks_are_dropped_with_yt_dlps_warning(
    emu: RunningEmulator, tmp_path: Path
) -> None:
    lectures = make_lectures(emu)
    emu.admin.require_caption_po_token(lectures.both)
    ytdlp = YtDlp(emu)
    info = ytdlp.extract(video_url(emu.base_url, lectures.both), process=False)
    assert info["subtitles"] == {} and info["automatic_captions"] == {}
    assert ytdlp.messages.warnings == [f"[ytemu] {lectures.both}: {MISSING_SUBS}"]
    # Other videos keep their tracks.
    plain = ytdlp.extract(video_url(emu.base_url, lectures.auto), process=False)
    assert "en-orig" in plain["automatic_captions"]
    # The track URL without a PO token downloads nothing, as on YouTube.
    raw = f"{emu.base_url}/api/timedtext?v={lectures.both}&lang=en&fmt=vtt&exp=xpe"
    with urllib.request.urlopen(raw, timeout=10) as response:
        assert response.status == 200 and response.read() == b""
    # With a subtitles PO token yt-dlp keeps them and downloads real text.
    token = {"extractor_args": {"youtube": {"po_token": ["web.subs+TOKEN123"]}}}
    with YtdlpSession(emu.base_url, token) as session:
        info = session.extract_video(lectures.both)
        assert set(info["subtitles"]) == {"en", "de"}
        assert "pot=TOKEN123" in info["subtitles"]["en"][0]["url"]
        subtitle = session.download_subtitle(info, "en")
    assert subtitle.ext == "srt" and b"Welcome to the lecture" in subtitle.data
    # Switched off again: the tracks are back without a token.
    emu.admin.require_caption_po_token(lectures.both, False)
    again = YtDlp(emu).extract(video_url(emu.base_url, lectures.both), process=False)
    assert set(again["subtitles"]) == {"en", "de"}
