"""`read_playlist_flat` and the yt-dlp session against ytemu (real yt-dlp, loopback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ytemu.captions import store as captions_store
from ytemu.seed import playlist_id
from ytemu.testing import RunningEmulator
from ytrix.core.config import parse_config
from ytrix.core.errors import UsageError
from ytrix.sources.errors import RateLimited, Unavailable
from ytrix.sources.ytdlp import YtdlpSession, endpoint_for, read_playlist_flat


def test_flat_read_of_a_demo_playlist(ytemu: RunningEmulator) -> None:
    with ytemu.world.lock:
        expected = ytemu.world.playlists[playlist_id("mix-20")]
        ids = [item.video_id for item in expected.items]
        deleted = [v for v in ids if ytemu.world.videos[v].deleted]
    info = read_playlist_flat(
        f"https://www.youtube.com/playlist?list={expected.id}", endpoint=ytemu.base_url
    )
    assert (info.playlist_id, info.title) == (expected.id, "Mix 020")
    assert info.video_ids == ids
    assert [e.video_id for e in info.entries if e.availability == "deleted"] == deleted
    assert info.channel and info.channel_id == expected.channel_id
    first = info.entries[0]
    assert first.title and first.duration and first.channel == info.channel


def test_flat_read_errors(ytemu: RunningEmulator) -> None:
    with pytest.raises(UsageError):
        read_playlist_flat("https://example.org/x", endpoint=ytemu.base_url)
    with pytest.raises(Unavailable, match="does not exist"):
        read_playlist_flat("PLnothingnothingnothing0", endpoint=ytemu.base_url)
    with ytemu.world.lock:
        private = next(p.id for p in ytemu.world.playlists.values() if p.privacy == "private")
    with pytest.raises(Unavailable, match="private"):
        read_playlist_flat(private, endpoint=ytemu.base_url)
    captions_store.add_failure(ytemu.world, playlist_id("mix-3"), "playlist", 429)
    with pytest.raises(RateLimited, match="429"):
        read_playlist_flat(playlist_id("mix-3"), endpoint=ytemu.base_url)
    assert len(read_playlist_flat(playlist_id("mix-3"), endpoint=ytemu.base_url).entries) == 3


def test_session_downloads_a_track_with_yt_dlp(ytemu: RunningEmulator) -> None:
    video = read_playlist_flat(playlist_id("mix-5"), endpoint=ytemu.base_url).entries[0]
    captions_store.set_tracks(ytemu.world, video.video_id, [captions_store.asr("de")])
    with YtdlpSession(ytemu.base_url) as session:
        info = session.extract_video(video.video_id)
        assert "de-orig" in info["automatic_captions"] and info["subtitles"] == {}
        subtitle = session.download_subtitle(info, "de-orig")
    assert subtitle.ext == "srt" and subtitle.data.startswith(b"1\n00:00:00,500 --> ")


def test_endpoint_for_config() -> None:
    source = Path("config.toml")
    assert endpoint_for(None) is None
    assert endpoint_for(parse_config("", source)) is None
    emulated = parse_config('[api]\nyoutube_endpoint = "http://127.0.0.1:9/"\n', source)
    assert endpoint_for(emulated) == "http://127.0.0.1:9"


def test_po_token_warnings_as_yt_dlp_words_them() -> None:
    """yt_dlp/extractor/youtube/_video.py `_report_pot_subtitles_skipped`, both forms."""
    from ytrix.sources.errors import is_po_token_warning

    assert is_po_token_warning(
        "[youtube] abcdefghijk: There are missing subtitles languages because a PO token "
        "was not provided. Subtitles for these languages are missing: en."
    )
    assert is_po_token_warning(
        "[youtube] abcdefghijk: Some web client subtitles require a PO Token which was not "
        "provided. They will be discarded since they are not downloadable as-is."
    )
    assert not is_po_token_warning(
        "[youtube] abcdefghijk: Some web client https formats "
        "require a GVS PO Token which was not provided"
    )
