"""Subtitle files -> clean transcripts: markup, rolling auto-caption repeats, paragraphs."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import yaml
from ytemu.captions.render import FORMATS, render
from ytemu.captions.text import Sentence, asr_lines, manual_cues
from ytrix.info.subformats import Cue, SubtitleFormatError, parse_clock, parse_subtitles
from ytrix.info.transcript import (
    caption_lines,
    clean_text,
    paragraphs,
    render_markdown,
    transcript_meta,
    transcript_text,
)

# The shape of a real YouTube automatic-caption WebVTT file (rolling, word timings).
YOUTUBE_AUTO_VTT = (
    "WEBVTT\nKind: captions\nLanguage: en\n\n"
    "00:00:00.160 --> 00:00:02.350 align:start position:0%\n \n"
    "hello<00:00:00.480><c> everyone</c><00:00:00.880><c> and</c>"
    "<00:00:01.120><c> welcome</c>\n\n"
    "00:00:02.350 --> 00:00:02.360 align:start position:0%\nhello everyone and welcome\n \n\n"
    "00:00:02.360 --> 00:00:04.870 align:start position:0%\nhello everyone and welcome\n"
    "to<00:00:02.520><c> the</c><00:00:02.800><c> show</c><00:00:03.040><c> &amp;</c>"
    "<00:00:03.400><c> more</c>\n\n"
    "00:00:04.870 --> 00:00:04.880 align:start position:0%\nto the show &amp; more\n \n\n"
    "00:00:04.880 --> 00:00:07.000 align:start position:0%\nto the show &amp; more\n[Music]\n\n"
)

MANUAL_SRT = """1
00:00:01,000 --> 00:00:03,000
<i>Hello</i> and welcome,
{\\an8}everyone.

2
00:00:03,000 --> 00:00:05,500
This is a <b>test</b>.

3
00:00:09,000 --> 00:00:11,000
After a pause.
"""


def test_youtube_auto_vtt_loses_rolling_repeats_and_markup() -> None:
    cues = parse_subtitles(YOUTUBE_AUTO_VTT, "vtt")
    lines = [line.text for line in caption_lines(cues, automatic=True)]
    assert lines == ["hello everyone and welcome", "to the show & more", "[Music]"]
    assert transcript_text(cues, automatic=True) == (
        "hello everyone and welcome to the show & more [Music]"
    )


def test_manual_srt_markup_and_pause_paragraphs() -> None:
    cues = parse_subtitles(MANUAL_SRT, "srt")
    assert transcript_text(cues, automatic=False) == (
        "Hello and welcome, everyone. This is a test.\n\nAfter a pause."
    )


def test_manual_repeated_line_is_kept_unless_it_is_a_split_cue() -> None:
    cues = [
        Cue(0, 1, ("No.",)),
        Cue(1.5, 2, ("No.",)),  # said twice
        Cue(2.0, 3, ("Stop.",)),
        Cue(3.0, 4, ("Stop.",)),  # the same cue split in two: once
    ]
    assert transcript_text(cues, automatic=False) == "No. No. Stop."


def test_auto_legit_repeated_line_survives() -> None:
    lines = ["we said yeah", "yeah", "yeah", "ok then"]
    cues, previous, t = [], "", 0.0
    for line in lines:
        cues.append(Cue(t, t + 1, tuple(x for x in (previous, line) if x)))
        cues.append(Cue(t + 1, t + 1.01, (line,)))
        previous, t = line, t + 1.01
    assert [x.text for x in caption_lines(cues, automatic=True)] == lines


def test_auto_growing_line_is_kept_once() -> None:
    cues = [Cue(0, 1, ("so today",)), Cue(1, 2, ("so today we cook",)), Cue(2, 3, ("pasta",))]
    assert transcript_text(cues, automatic=True) == "so today we cook pasta"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<c.colorE5E5E5>word</c>", "word"),
        ("a<00:00:01.000><c> b</c>", "a b"),
        ("{\\an8}top &lt;tag&gt; &#39;q&#39;", "top <tag> 'q'"),
        ("  spaced\u00a0 out\u200b  ", "spaced out"),
        ("<v Roger>Hi</v>", "Hi"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_parse_clock() -> None:
    assert parse_clock("01:02:03,450") == 3723.45
    assert parse_clock("02:03.5") == 123.5
    assert parse_clock("1:02:03") == 3723
    with pytest.raises(SubtitleFormatError):
        parse_clock("soon")


def test_srt_without_blank_lines_between_cues() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nOne.\n2\n00:00:02,000 --> 00:00:03,000\nTwo.\n"
    assert [c.lines for c in parse_subtitles(text, "srt")] == [("One.",), ("Two.",)]


def test_bad_inputs() -> None:
    with pytest.raises(SubtitleFormatError):
        parse_subtitles("{not json", "json3")
    with pytest.raises(SubtitleFormatError):
        parse_subtitles("<unclosed", "srv3")
    with pytest.raises(SubtitleFormatError):
        parse_subtitles("x", "ass")
    assert parse_subtitles("WEBVTT\nKind: captions\n\nNOTE nothing\nhere\n", "vtt") == []
    assert parse_subtitles("", "srt") == []
    with pytest.raises(SubtitleFormatError):
        parse_subtitles("<html><body>Sorry</body></html>", "srt")


def test_timestamps_every_n_seconds() -> None:
    cues = [Cue(float(t), t + 1.0, (f"line {t}.",)) for t in range(0, 130, 5)]
    paras = paragraphs(caption_lines(cues, automatic=False), timestamps=30)
    assert [start for start, _ in paras] == [0, 30, 60, 90, 120]
    text = transcript_text(cues, automatic=False, timestamps=30)
    assert text.startswith("[0:00:00] line 0. line 5.")
    assert "\n\n[0:00:30] line 30." in text
    assert text.count("[") == 5


def test_markdown_front_matter() -> None:
    meta = transcript_meta(
        video_id="abcdefghijk",
        title="A: title",
        channel="Chan",
        language="en",
        kind="automatic",
        duration=3725,
        upload_date="2024-01-31",
        url="https://www.youtube.com/watch?v=abcdefghijk",
    )
    md = render_markdown(meta, parse_subtitles(YOUTUBE_AUTO_VTT, "vtt"), automatic=True)
    head, body = md.split("---\n", 2)[1:]
    assert yaml.safe_load(head) == {**meta, "duration": "1:02:05"}
    assert list(yaml.safe_load(head)) == [
        "id",
        "title",
        "channel",
        "language",
        "kind",
        "duration",
        "upload_date",
        "url",
    ]
    assert body == "\nhello everyone and welcome to the show & more [Music]\n"


# --- against the emulator's renderer: every format, rolling captions included ----------


def _speech(words: list[str], cuts: list[int], questions: list[bool]) -> list[Sentence]:
    bounds = sorted({c % len(words) for c in cuts} | {0, len(words)})
    return [
        Sentence(tuple(words[a:b]), questions[i % len(questions)])
        for i, (a, b) in enumerate(itertools.pairwise(bounds))
    ]


# Distinct words: every line of the speech differs from its neighbours.
SPEECH = st.builds(
    _speech,
    st.lists(st.integers(0, 10**6).map(lambda n: f"w{n}"), min_size=1, max_size=90, unique=True),
    st.lists(st.integers(0, 1000), max_size=12),
    st.lists(st.booleans(), min_size=1, max_size=3),
)


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"w\d+", text, re.IGNORECASE)]


@settings(max_examples=60, deadline=None)
@given(speech=SPEECH, fmt=st.sampled_from(FORMATS))
def test_auto_captions_read_back_every_word_once_in_order(speech: list[Sentence], fmt: str) -> None:
    body, _ = render(fmt, "en", asr=asr_lines(speech, "en"))
    rolling = fmt in ("vtt", "srt")
    text = transcript_text(parse_subtitles(body, fmt), automatic=True, rolling=rolling)
    assert _words(text) == [w for s in speech for w in s.words]


@pytest.mark.parametrize("fmt", FORMATS)
def test_auto_captions_keep_a_line_said_three_times(fmt: str) -> None:
    speech = [Sentence(("so", "far", "so", "good"), False)]
    speech += [Sentence(("yes", "yes", "yes", "yes", "yes", "yes", "yes"), False)] * 3
    speech += [Sentence(("the", "end"), False)]
    body, _ = render(fmt, "en", asr=asr_lines(speech, "en"))
    lines = caption_lines(parse_subtitles(body, fmt), True, rolling=fmt in ("vtt", "srt"))
    said = [w for s in speech for w in s.words]
    assert " ".join(line.text for line in lines) == " ".join(said)


@settings(max_examples=60, deadline=None)
@given(speech=SPEECH, fmt=st.sampled_from(FORMATS), every=st.sampled_from([None, 5, 20]))
def test_manual_captions_read_back_as_sentences(
    speech: list[Sentence], fmt: str, every: int | None
) -> None:
    body, _ = render(fmt, "en", manual=manual_cues(speech, "en"))
    text = transcript_text(parse_subtitles(body, fmt), automatic=False, timestamps=every)
    assert _words(text) == [w for s in speech for w in s.words]
    if every is None:
        sentences = [" ".join(s.words).capitalize() + ("?" if s.question else ".") for s in speech]
        assert text.replace("\n\n", " ") == " ".join(sentences)
