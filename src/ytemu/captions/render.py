"""Caption bodies in YouTube's timedtext formats: vtt, srt, json3, srv1, srv2, srv3, ttml.

Automatic (ASR) tracks look like the real thing: in vtt and srt every cue shows the
previous line again above the line being spoken (word timings as `<c>` tags in vtt),
followed by a 10 ms cue that holds the finished line alone -- the "rolling" captions
that make naive transcripts repeat every line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from ytemu.captions.text import AsrLine, ManualCue

FORMATS = ("json3", "srv1", "srv2", "srv3", "ttml", "srt", "vtt")
CONTENT_TYPES = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json3": "application/json",
}
TRANSITION = 0.01

Cue = tuple[float, float, tuple[str, ...]]  # start, end, lines
# The timedtext XML formats: the document around the cues, and one cue.
_TIMEDTEXT_XML: dict[str, tuple[str, Callable[[float, float, tuple[str, ...]], str]]] = {
    "srv1": (
        "<transcript>{}</transcript>",
        lambda s, e, lines: (
            f'<text start="{s:.3f}" dur="{e - s:.3f}">{escape(" ".join(lines))}</text>'
        ),
    ),
    "srv2": (
        "<timedtext>{}</timedtext>",
        lambda s, e, lines: f'<text t="{_ms(s)}" d="{_ms(e - s)}">{escape(" ".join(lines))}</text>',
    ),
    "srv3": (
        '<timedtext format="3"><body>{}</body></timedtext>',
        lambda s, e, lines: f'<p t="{_ms(s)}" d="{_ms(e - s)}">{escape(chr(10).join(lines))}</p>',
    ),
}


def _clock(seconds: float, sep: str = ".") -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{millis:03d}"


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _rolling(lines: list[AsrLine]) -> list[tuple[float, float, str, AsrLine | None, str]]:
    """(start, end, line above, line being spoken or None, finished line) per cue."""
    cues: list[tuple[float, float, str, AsrLine | None, str]] = []
    previous = ""
    for line in lines:
        hold = round(line.end - TRANSITION, 3)
        cues.append((line.start, hold, previous, line, ""))
        cues.append((hold, line.end, "", None, line.text))
        previous = line.text
    return cues


def _vtt_header(lang: str) -> str:
    return f"WEBVTT\nKind: captions\nLanguage: {lang}\n\n"


def _vtt_words(line: AsrLine) -> str:
    first, *rest = line.words
    out = escape(first.word)
    for word in rest:
        out += f"<{_clock(word.time)}><c> {escape(word.word)}</c>"
    return out


def asr_vtt(lines: list[AsrLine], lang: str) -> str:
    blocks = []
    for start, end, above, spoken, finished in _rolling(lines):
        timing = f"{_clock(start)} --> {_clock(end)} align:start position:0%"
        if spoken is not None:
            blocks.append(f"{timing}\n{escape(above) or ' '}\n{_vtt_words(spoken)}\n")
        else:
            blocks.append(f"{timing}\n{escape(finished)}\n \n")
    return _vtt_header(lang) + "\n".join(blocks)


def asr_srt(lines: list[AsrLine]) -> str:
    blocks = []
    for number, (start, end, above, spoken, finished) in enumerate(_rolling(lines), 1):
        text = "\n".join(t for t in (above, spoken.text if spoken else finished) if t)
        blocks.append(f"{number}\n{_clock(start, ',')} --> {_clock(end, ',')}\n{text}\n")
    return "\n".join(blocks)


def asr_json3(lines: list[AsrLine]) -> str:
    events: list[dict[str, object]] = [
        {
            "tStartMs": 0,
            "dDurationMs": _ms(lines[-1].end) if lines else 0,
            "id": 1,
            "wpWinPosId": 1,
            "wsWinStyleId": 1,
        }
    ]
    for line in lines:
        segs: list[dict[str, object]] = []
        for word in line.words:
            seg: dict[str, object] = {"utf8": (" " if segs else "") + word.word, "acAsrConf": 0}
            if segs:
                seg["tOffsetMs"] = _ms(word.time - line.start)
            segs.append(seg)
        duration = _ms(line.end - line.start)
        events.append(
            {"tStartMs": _ms(line.start), "dDurationMs": duration, "wWinId": 1, "segs": segs}
        )
        events.append(
            {
                "tStartMs": _ms(line.end - TRANSITION),
                "dDurationMs": 10,
                "wWinId": 1,
                "aAppend": 1,
                "segs": [{"utf8": "\n"}],
            }
        )
    return _json3(events)


def _json3(events: list[dict[str, object]]) -> str:
    doc = {
        "wireMagic": "pb3",
        "pens": [{}],
        "wsWinStyles": [{}],
        "wpWinPositions": [{}],
        "events": events,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _xml(root: str, inner: list[str]) -> str:
    return '<?xml version="1.0" encoding="utf-8" ?>' + root.format("".join(inner)) + "\n"


def _cue_list(manual: list[ManualCue] | None, asr: list[AsrLine] | None) -> list[Cue]:
    if manual is not None:
        return [(c.start, c.end, c.lines) for c in manual]
    return [(line.start, line.end, (line.text,)) for line in asr or []]


def render(
    fmt: str, lang: str, manual: list[ManualCue] | None = None, asr: list[AsrLine] | None = None
) -> tuple[str, str]:
    """(body, content type) for one track in format `fmt`."""
    if asr is not None and fmt in ("vtt", "srt", "json3"):
        body = {"vtt": asr_vtt(asr, lang), "srt": asr_srt(asr), "json3": asr_json3(asr)}[fmt]
        return body, CONTENT_TYPES[fmt]
    cues = _cue_list(manual, asr)
    if fmt == "vtt":
        blocks = [
            f"{_clock(s)} --> {_clock(e)}\n" + "\n".join(escape(t) for t in lines) + "\n"
            for s, e, lines in cues
        ]
        return _vtt_header(lang) + "\n".join(blocks), CONTENT_TYPES["vtt"]
    if fmt == "srt":
        blocks = [
            f"{n}\n{_clock(s, ',')} --> {_clock(e, ',')}\n" + "\n".join(lines) + "\n"
            for n, (s, e, lines) in enumerate(cues, 1)
        ]
        return "\n".join(blocks), CONTENT_TYPES["srt"]
    if fmt == "json3":
        events: list[dict[str, object]] = [
            {"tStartMs": _ms(s), "dDurationMs": _ms(e - s), "segs": [{"utf8": "\n".join(lines)}]}
            for s, e, lines in cues
        ]
        return _json3(events), CONTENT_TYPES["json3"]
    if fmt in _TIMEDTEXT_XML:
        root, cue = _TIMEDTEXT_XML[fmt]
        return _xml(root, [cue(s, e, lines) for s, e, lines in cues]), "text/xml"
    if fmt == "ttml":
        inner = [
            f'<p begin="{_clock(s)}" end="{_clock(e)}">'
            + "<br />".join(escape(t) for t in lines)
            + "</p>"
            for s, e, lines in cues
        ]
        root = (
            f'<tt xml:lang={quoteattr(lang)} xmlns="http://www.w3.org/ns/ttml">'
            "<body><div>{}</div></body></tt>"
        )
        return _xml(root, inner), "application/ttml+xml"
    raise ValueError(f"unknown caption format {fmt!r}")
