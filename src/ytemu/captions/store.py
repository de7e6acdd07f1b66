"""Caption tracks per video, and per-video failure hooks, kept in ``world.ext("captions")``.

A video with no explicit record gets a deterministic default derived from its id
(most have English speech recognition, some also manual English or English + German
subtitles, a few none), so seeded worlds have realistic captions with no setup.

Explicit records (Python API below, or ``PUT /_emu/captions/{video_id}``)::

    {"tracks": [{"lang": "en", "kind": "manual"}, {"lang": "en", "kind": "asr"}],
     "text": "Optional speech. Shared by every track!"}

Failure hooks (``POST /_emu/captions/{id}/failures``) make the next requests for one
video (``where="video"``: the watch-page info; ``"timedtext"``: a caption download) or
one playlist (``where="playlist"``) fail: ``{"where": "timedtext", "status": 429,
"times": 1}``; ``"status": "bot"`` answers YouTube's "Sign in to confirm you're not a
bot" instead. Hooks are consumed in order, one per request.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from ytemu.captions.text import Sentence, generated_speech, speech_from_text
from ytemu.model import Video
from ytemu.world import World

EXT = "captions"
Kind = Literal["manual", "asr"]
WHERE = ("video", "timedtext", "playlist")


@dataclass(frozen=True)
class TrackSpec:
    lang: str
    kind: Kind = "manual"

    def to_dict(self) -> dict[str, str]:
        return {"lang": self.lang, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrackSpec:
        kind = str(data.get("kind", "manual"))
        if kind in ("auto", "automatic"):
            kind = "asr"
        if kind not in ("manual", "asr"):
            raise ValueError(f"track kind must be manual or asr, not {kind!r}")
        lang = str(data.get("lang") or "")
        if not lang:
            raise ValueError("a track needs a lang")
        return cls(lang, "asr" if kind == "asr" else "manual")


def manual(lang: str) -> TrackSpec:
    return TrackSpec(lang, "manual")


def asr(lang: str = "en") -> TrackSpec:
    return TrackSpec(lang, "asr")


def _data(world: World) -> dict[str, Any]:
    data = world.ext(EXT)
    data.setdefault("videos", {})
    data.setdefault("failures", {})
    return data


def default_tracks(video_id: str) -> list[TrackSpec]:
    roll = hashlib.sha256(f"captions:{video_id}".encode()).digest()[0] % 20
    if roll < 2:
        return []
    if roll < 12:
        return [asr("en")]
    if roll < 17:
        return [manual("en"), asr("en")]
    return [manual("en"), manual("de"), asr("en")]


def set_tracks(
    world: World, video_id: str, tracks: list[TrackSpec], text: str | None = None
) -> None:
    """Give a video exactly these tracks (an empty list: no captions at all)."""
    with world.lock:
        record: dict[str, Any] = {"tracks": [t.to_dict() for t in tracks]}
        if text is not None:
            record["text"] = text
        _data(world)["videos"][video_id] = record
        world.dirty = True


def tracks_for(world: World, video_id: str) -> list[TrackSpec]:
    record = _data(world)["videos"].get(video_id)
    if record is None:
        return default_tracks(video_id)
    return [TrackSpec.from_dict(t) for t in record.get("tracks", [])]


def set_po_token_required(world: World, video_id: str, required: bool) -> None:
    """YouTube's ``exp=xpe`` experiment on this video's caption tracks: their downloads
    need a PO token (yt-dlp/yt-dlp#13075)."""
    with world.lock:
        table = _data(world).setdefault("po_token", {})
        if required:
            table[video_id] = True
        else:
            table.pop(video_id, None)
        world.dirty = True


def po_token_required(world: World, video_id: str) -> bool:
    return bool(_data(world).get("po_token", {}).get(video_id))


def speech_for(world: World, video: Video) -> list[Sentence]:
    record = _data(world)["videos"].get(video.id) or {}
    text = record.get("text")
    if isinstance(text, str) and text.strip():
        return speech_from_text(text)
    return generated_speech(video.id, video.duration)


def add_failure(
    world: World, target_id: str, where: str, status: int | str = 429, times: int = 1
) -> None:
    """Make the next `times` requests of kind `where` for this video/playlist fail."""
    if where not in WHERE:
        raise ValueError(f"where must be one of {WHERE}, not {where!r}")
    if status != "bot" and not (isinstance(status, int) and 400 <= status <= 599):
        raise ValueError(f"status must be an HTTP error status or 'bot', not {status!r}")
    with world.lock:
        queue = _data(world)["failures"].setdefault(target_id, {}).setdefault(where, [])
        queue.extend([status] * times)
        world.dirty = True


def take_failure(world: World, target_id: str, where: str) -> int | str | None:
    """The next pending failure for this target (consumed), or None."""
    queue = _data(world)["failures"].get(target_id, {}).get(where)
    if not queue:
        return None
    world.dirty = True
    value = queue.pop(0)
    return value if isinstance(value, str) else int(value)


def describe(world: World, video_id: str) -> dict[str, Any]:
    data = _data(world)
    return {
        "video_id": video_id,
        "explicit": video_id in data["videos"],
        "tracks": [t.to_dict() for t in tracks_for(world, video_id)],
        "po_token": po_token_required(world, video_id),
        "failures": data["failures"].get(video_id, {}),
    }
