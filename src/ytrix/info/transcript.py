"""Cues -> a clean, readable transcript (Markdown with YAML front matter).

* markup goes: `<c>`, `<i>`, karaoke timestamps `<00:00:01.000>`, `{\\an8}`, entities;
* automatic captions scroll: each cue repeats the line before it and the line being
  typed grows cue by cue. Only the new text of every cue is kept;
* lines are joined into paragraphs, broken at pauses and after long runs (at a
  sentence end when there is one); with `timestamps` N, one paragraph per N-second
  window instead, each under a `[H:MM:SS]` mark.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ytrix.info.naming import format_duration
from ytrix.info.subformats import Cue

_TAG_RE = re.compile(r"<[^<>]*>")
_ASS_RE = re.compile(r"\{\\[^{}]*\}")
_SPACE_RE = re.compile(r"\s+")
_SENTENCE_END = (".", "!", "?", "…", '."', '?"', '!"', ".”", "?”", "!”")
PAUSE_SECONDS = 2.0
SOFT_PARAGRAPH_CHARS = 600
HARD_PARAGRAPH_CHARS = 1200
AUTO_PARAGRAPH_CHARS = 500  # speech recognition has no sentence ends to wait for
ROLLING_WINDOW = 3


@dataclass(frozen=True)
class Line:
    start: float
    end: float
    text: str


def clean_text(text: str) -> str:
    """One caption line without markup, entities decoded, whitespace collapsed."""
    text = _ASS_RE.sub("", _TAG_RE.sub("", text))
    text = html.unescape(text).replace("\xa0", " ").replace("\u200b", "")
    return _SPACE_RE.sub(" ", text).strip()


def _overlap(tail: list[str], lines: list[str]) -> int:
    """How many leading `lines` repeat the end of the text so far."""
    for size in range(min(len(tail), len(lines)), 0, -1):
        if tail[-size:] == lines[:size]:
            return size
    return 0


def _grows(previous: str, line: str) -> bool:
    return len(line) > len(previous) and line.startswith(previous) and line[len(previous)] == " "


def caption_lines(cues: Iterable[Cue], automatic: bool, rolling: bool | None = None) -> list[Line]:
    """The transcript's lines in order, each once.

    Rolling automatic captions (YouTube's vtt/srt; `rolling` defaults to `automatic`)
    show the previous line again above the new one, then hold the finished line alone
    for 10 ms: the repeated lines are dropped (the last line of a multi-line cue is
    always new), and a line that grows from cue to cue is kept once. Manual tracks only
    lose a cue that repeats the one just before it with no gap (one cue split in two).
    """
    rolling = automatic if rolling is None else rolling
    out: list[Line] = []
    previous_cue: tuple[str, ...] = ()
    previous_end = -1.0
    for cue in sorted(cues, key=lambda c: c.start):
        lines = [t for t in (clean_text(raw) for raw in cue.lines) if t]
        if not lines:
            continue
        if not rolling:
            split = tuple(lines) == previous_cue and cue.start - previous_end < 0.05
            if split and not automatic:
                out[-1] = Line(out[-1].start, cue.end, out[-1].text)
            else:
                out.extend(Line(cue.start, cue.end, text) for text in lines)
            previous_cue, previous_end = tuple(lines), cue.end
            continue
        tail = [line.text for line in out[-ROLLING_WINDOW:]]
        for text in lines[_overlap(tail, lines[: max(len(lines) - 1, 1)]) :]:
            if out and _grows(out[-1].text, text):
                out[-1] = Line(out[-1].start, cue.end, text)
                continue
            out.append(Line(cue.start, cue.end, text))
    return out


def _ends_sentence(text: str) -> bool:
    return text.endswith(_SENTENCE_END)


def paragraphs(
    lines: list[Line], timestamps: int | None = None, automatic: bool = False
) -> list[tuple[float, str]]:
    """Join lines into paragraphs: `(start seconds, text)` pairs."""
    hard = AUTO_PARAGRAPH_CHARS if automatic else HARD_PARAGRAPH_CHARS
    result: list[tuple[float, str]] = []
    current: list[str] = []
    start = 0.0
    length = 0
    next_mark = 0.0
    last_end: float | None = None
    for line in lines:
        if not current:
            new = True
        elif timestamps:
            new = line.start >= next_mark  # one paragraph per N-second window
        else:
            new = (
                (last_end is not None and line.start - last_end >= PAUSE_SECONDS)
                or length >= hard
                or (length >= SOFT_PARAGRAPH_CHARS and _ends_sentence(current[-1]))
            )
        if new:
            if current:
                result.append((start, " ".join(current)))
            current, start, length = [], line.start, 0
            if timestamps:
                next_mark = (line.start // timestamps + 1) * timestamps
        current.append(line.text)
        length += len(line.text) + 1
        last_end = line.end
    if current:
        result.append((start, " ".join(current)))
    return result


def transcript_text(
    cues: Iterable[Cue],
    automatic: bool,
    timestamps: int | None = None,
    rolling: bool | None = None,
) -> str:
    parts: list[str] = []
    lines = caption_lines(cues, automatic, rolling)
    for start, text in paragraphs(lines, timestamps, automatic):
        stamp = f"[{format_duration(start)}] " if timestamps else ""
        parts.append(stamp + text)
    return "\n\n".join(parts)


def front_matter(fields: Mapping[str, Any]) -> str:
    import yaml

    body = yaml.safe_dump(dict(fields), sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{body}---\n"


def render_markdown(
    meta: Mapping[str, Any],
    cues: Iterable[Cue],
    automatic: bool,
    timestamps: int | None = None,
    rolling: bool | None = None,
) -> str:
    """The `.md` file: YAML front matter, a blank line, then the paragraphs."""
    text = transcript_text(cues, automatic, timestamps, rolling)
    return front_matter(meta) + "\n" + (text + "\n" if text else "")


def transcript_meta(
    *,
    video_id: str,
    title: str,
    channel: str,
    language: str,
    kind: str,
    duration: float | None,
    upload_date: str | None,
    url: str,
) -> dict[str, Any]:
    return {
        "id": video_id,
        "title": title,
        "channel": channel,
        "language": language,
        "kind": kind,
        "duration": format_duration(duration),
        "upload_date": upload_date,
        "url": url,
    }
