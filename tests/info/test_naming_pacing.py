"""File names, durations, playlist.yaml records, and the rate-limit pacer."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ytrix.info.naming import (
    format_duration,
    format_upload_date,
    playlist_folder_name,
    position_width,
    sanitize,
    video_prefix,
)
from ytrix.info.pacing import GaveUp, Pacer
from ytrix.info.records import FileRecord, VideoRecord
from ytrix.sources.errors import BotCheck, RateLimited, YtdlpError, classify, clean_message


@given(st.text(max_size=300))
def test_sanitize_is_always_a_safe_file_name(title: str) -> None:
    name = sanitize(title)
    assert name and len(name) <= 100
    assert not any(c in name for c in '<>:"/\\|?*\n\r\t\x00')
    assert name == name.strip(" .")
    assert name not in (".", "..")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Intro: Tools & Tricks", "Intro_ Tools & Tricks"),
        ("  ..dots and   spaces..  ", "dots and spaces"),
        ("a/b\\c", "a_b_c"),
        ("Übung – Teil 1", "Übung – Teil 1"),
        ("", "untitled"),
        ("...", "untitled"),
        ("word " * 40, ("word " * 20).strip()),
    ],
)
def test_sanitize_examples(title: str, expected: str) -> None:
    assert sanitize(title) == expected


def test_folder_and_prefix() -> None:
    assert playlist_folder_name("Mix: 1", "PLabc") == "Mix_ 1 [PLabc]"
    assert video_prefix(7, "Title?") == "007_Title_"
    assert video_prefix(7, "T", position_width(1500)) == "0007_T"
    assert position_width(999) == 3


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, None), (0, "0:00:00"), (59.6, "0:01:00"), (3725, "1:02:05"), (90000, "25:00:00")],
)
def test_format_duration(seconds: float | None, text: str | None) -> None:
    assert format_duration(seconds) == text


def test_format_upload_date() -> None:
    assert format_upload_date("20240131") == "2024-01-31"
    assert format_upload_date(None) is None
    assert format_upload_date("2024-01-31") == "2024-01-31"


def test_video_record_round_trip() -> None:
    record = VideoRecord(
        position=3,
        video_id="abcdefghijk",
        title="T",
        prefix="003_T",
        channel="C",
        duration=61,
        upload_date="2024-01-31",
        status="failed",
        reason="boom",
        files=[FileRecord("en", "en-orig", "automatic", "srt", "003_T.en.srt", "003_T.en.md")],
        missing_languages=["de"],
    )
    data = record.to_dict()
    assert data["duration_formatted"] == "0:01:01"
    assert data["url"] == "https://www.youtube.com/watch?v=abcdefghijk"
    assert VideoRecord.from_dict(data) == record


# --- pacing --------------------------------------------------------------------------


def flaky(failures: int, exc: Exception) -> tuple[list[int], object]:
    calls: list[int] = []

    def action() -> str:
        calls.append(1)
        if len(calls) <= failures:
            raise exc
        return "done"

    return calls, action


def test_pacer_backs_off_with_notices_then_succeeds() -> None:
    notices: list[str] = []
    pacer = Pacer(delay=0.01, backoff=0.01, max_retries=3, notice=notices.append)
    calls, action = flaky(2, RateLimited("HTTP Error 429: Too Many Requests"))
    started = time.monotonic()
    assert pacer.call(action, "video X") == "done"  # type: ignore[arg-type]
    assert len(calls) == 3
    assert time.monotonic() - started >= 0.03  # 0.01 + 0.02
    assert len(notices) == 2 and "video X" in notices[0] and "(1/3)" in notices[0]
    assert "(2/3)" in notices[1] and "between videos" in notices[1]
    assert pacer.delay == pytest.approx(0.04)  # doubled after each rate limit


def test_pacer_gives_up_and_stops_everyone() -> None:
    pacer = Pacer(delay=0, backoff=0, max_retries=2)
    calls, action = flaky(10, RateLimited("HTTP Error 429: Too Many Requests"))
    with pytest.raises(GaveUp) as caught:
        pacer.call(action, "video X")  # type: ignore[arg-type]
    assert len(calls) == 3
    assert "429" in caught.value.message and caught.value.hint
    assert pacer.stopped and pacer.stop_reason
    with pytest.raises(GaveUp):
        pacer.call(lambda: "never", "the next video")


@pytest.mark.parametrize(
    "error",
    [YtdlpError("HTTP Error 403: Forbidden"), BotCheck("Sign in to confirm you're not a bot")],
)
def test_pacer_does_not_retry_other_errors(error: YtdlpError) -> None:
    notices: list[str] = []
    pacer = Pacer(delay=0, backoff=30, notice=notices.append)
    calls, action = flaky(1, error)
    started = time.monotonic()
    with pytest.raises(type(error)):
        pacer.call(action, "x")  # type: ignore[arg-type]
    assert len(calls) == 1 and notices == [] and not pacer.stopped
    assert time.monotonic() - started < 1  # no pause: waiting does not pass a bot check


def test_pacer_delay_between_videos() -> None:
    pacer = Pacer(delay=0.05, backoff=0)
    started = time.monotonic()
    for _ in range(3):
        pacer.before_video()
    elapsed = time.monotonic() - started
    assert 0.1 <= elapsed < 0.5  # the first video starts at once


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("ERROR: [youtube] abc: Sign in to confirm you’re not a bot. Use --cookies", "bot"),
        ("ERROR: [youtube] abc: Sign in to confirm you're not a bot", "bot"),
        (
            "ERROR: [youtube] abc: This video is available to this channel's members on "
            "level: Member (or any higher level). Join this channel to get access",
            "members",
        ),
        ("ERROR: Unable to download video subtitles for 'en': HTTP Error 429: Too Many", "rate"),
        ("ERROR: [youtube] abc: Private video. Sign in if you've been granted access", "gone"),
        ("ERROR: [youtube] abc: Video unavailable. This video has been removed", "gone"),
        ("ERROR: [youtube:tab] PLx: The playlist does not exist.", "gone"),
        ("ERROR: Unable to download webpage: <urlopen error timed out>", "error"),
        ("ERROR: separate generate moderate", "error"),  # no substring accidents
    ],
)
def test_classify_yt_dlp_messages(message: str, kind: str) -> None:
    error = classify(RuntimeError(message))
    expected = {
        "rate": "rate_limited",
        "bot": "bot_check",
        "members": "members_only",
        "gone": "unavailable",
        "error": "ytdlp",
    }[kind]
    assert error.code == expected
    assert (error.hint is not None) == (kind in ("bot", "members"))
    assert kind != "bot" or "cookies" in str(error.hint)
    assert not error.message.startswith("ERROR")
    assert clean_message(RuntimeError("ERROR: [youtube] abc: Private video")) == "Private video"
