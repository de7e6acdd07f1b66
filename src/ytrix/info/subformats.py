"""Subtitle files -> timed cues: SRT, WebVTT, YouTube's json3 and its XML formats
(srv1/srv2/srv3, ttml). Text is returned raw (markup is removed by the cleaner)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

TIMING_RE = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)"
)
_CLOCK_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")
_HEADER_RE = re.compile(r"^[A-Za-z-]+:\s")  # `Kind: captions`, `Language: en`
TEXT_FORMATS = ("srt", "vtt", "json3", "srv1", "srv2", "srv3", "ttml")


class SubtitleFormatError(ValueError):
    """The file is not in the format its extension claims."""


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    lines: tuple[str, ...]


def parse_clock(text: str) -> float:
    """`01:02:03,450`, `02:03.450` or `1:02:03` -> seconds."""
    match = _CLOCK_RE.match(text.strip())
    if not match:
        raise SubtitleFormatError(f"bad timestamp {text!r}")
    hours, minutes, seconds, frac = match.groups()
    value = float(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds))
    if frac:
        value += int(frac.ljust(3, "0")) / 1000
    return value


def parse_timed_text(text: str) -> list[Cue]:
    """SRT and WebVTT: a line with `-->` opens a cue; its text runs to the next empty
    line. Index numbers, headers and NOTE/STYLE blocks are ignored."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    cues: list[Cue] = []
    current: tuple[float, float, list[str]] | None = None
    for index, line in enumerate(lines):
        timing = TIMING_RE.match(line)
        if timing:
            if current is not None:
                cues.append(Cue(current[0], current[1], tuple(current[2])))
            current = (parse_clock(timing["start"]), parse_clock(timing["end"]), [])
            continue
        if line == "":
            if current is not None:
                cues.append(Cue(current[0], current[1], tuple(current[2])))
                current = None
            continue
        if current is None:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip().isdigit() and TIMING_RE.match(following):
            continue  # the index of the next SRT cue, with the blank line missing
        current[2].append(line)
    if current is not None:
        cues.append(Cue(current[0], current[1], tuple(current[2])))
    if not cues and _has_content(lines):
        raise SubtitleFormatError("no subtitle cues found (not an SRT/WebVTT file?)")
    return cues


def _has_content(lines: list[str]) -> bool:
    """Anything beyond a WebVTT header and NOTE blocks (an empty track is fine)."""
    in_note = False
    for line in lines:
        text = line.strip()
        if not text:
            in_note = False
        elif text.startswith(("NOTE", "STYLE", "REGION")):
            in_note = True
        elif not in_note and not text.startswith("WEBVTT") and not _HEADER_RE.match(text):
            return True
    return False


def parse_json3(text: str) -> list[Cue]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SubtitleFormatError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise SubtitleFormatError("not a json3 document")
    cues: list[Cue] = []
    for event in data.get("events") or []:
        if not isinstance(event, dict) or not event.get("segs"):
            continue
        body = "".join(str(seg.get("utf8", "")) for seg in event["segs"] if isinstance(seg, dict))
        if not body.strip():
            continue
        start = float(event.get("tStartMs", 0)) / 1000
        end = start + float(event.get("dDurationMs", 0)) / 1000
        cues.append(Cue(start, end, tuple(body.split("\n"))))
    return cues


def _xml_text(element: ElementTree.Element) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag.rsplit("}", 1)[-1] == "br" else _xml_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _xml_times(attrs: dict[str, str]) -> tuple[float, float] | None:
    if "t" in attrs:  # srv3 (milliseconds)
        start = float(attrs["t"]) / 1000
        return start, start + float(attrs.get("d", 0)) / 1000
    if "start" in attrs:  # srv1/srv2 (seconds)
        start = float(attrs["start"])
        return start, start + float(attrs.get("dur", 0))
    if "begin" in attrs:  # ttml (clock time)
        begin = attrs["begin"].rstrip("s")
        start = float(begin) if _is_number(begin) else parse_clock(begin)
        end_text = attrs.get("end", attrs["begin"]).rstrip("s")
        return start, float(end_text) if _is_number(end_text) else parse_clock(end_text)
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def parse_xml(text: str) -> list[Cue]:
    try:
        root = ElementTree.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except ElementTree.ParseError as exc:
        raise SubtitleFormatError(f"not XML: {exc}") from None
    cues: list[Cue] = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] not in ("p", "text"):
            continue
        times = _xml_times(dict(element.attrib))
        body = _xml_text(element)
        if times is None or not body.strip():
            continue
        cues.append(Cue(times[0], times[1], tuple(body.split("\n"))))
    return cues


def parse_subtitles(text: str, ext: str) -> list[Cue]:
    """Cues from a subtitle file's text, by its extension."""
    kind = ext.lower().lstrip(".")
    if kind in ("srt", "vtt"):
        return parse_timed_text(text)
    if kind == "json3":
        return parse_json3(text)
    if kind in ("srv1", "srv2", "srv3", "ttml", "xml"):
        return parse_xml(text)
    raise SubtitleFormatError(f"unsupported subtitle format {ext!r}")


def as_json(cues: list[Cue]) -> list[dict[str, Any]]:
    return [{"start": c.start, "end": c.end, "lines": list(c.lines)} for c in cues]
