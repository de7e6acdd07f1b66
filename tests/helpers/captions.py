"""An emulator world for plist2info: lectures with manual and automatic captions, and
what a test reads back (API calls, files written)."""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path

from ytemu.captions import store as captions_store
from ytemu.captions.store import asr, manual
from ytemu.testing import RunningEmulator

BOTH_TEXT = "Welcome to the lecture. Today we talk about tools. Questions come at the end?"
AUTO_TEXT = (
    "so today we look at a new idea and how it works in practice. people often ask "
    "about the simple steps. you can try them first and then see what happens. "
    "next time make sure your setup is ready."
)


@dataclass
class Lectures:
    """The five-video playlist of the acceptance test."""

    playlist_id: str
    channel_id: str
    both: str  # manual en + de, and English speech recognition
    auto: str  # only automatic English (plus its machine translations)
    silent: str  # no captions at all
    private: str  # a private video
    flaky: str  # manual en; its first caption download answers HTTP 429


def add_video(emu: RunningEmulator, channel: str, video_id: str, title: str, **kw: object) -> str:
    return emu.admin.create_video(
        channel,
        id=video_id,
        title=title,
        duration=int(kw.pop("duration", 600)),  # type: ignore[call-overload]
        published_at="2024-03-05T10:00:00Z",
        **kw,  # type: ignore[arg-type]
    )


def make_lectures(emu: RunningEmulator, title: str = "Lectures: Spring/2024") -> Lectures:
    admin, world = emu.admin, emu.world
    existing = {c["title"]: c["id"] for c in admin.channels()}
    channel = existing.get("Info Lab") or admin.create_channel("Info Lab", "@infolab")
    suffix = str(len(world.playlists))[-1]
    ids = {
        name: f"{name[:5]:_<5}{suffix}video"
        for name in ("both", "auto", "silent", "private", "flaky")
    }
    if ids["both"] not in world.videos:
        add_video(emu, channel, ids["both"], "Intro: Tools & Tricks", duration=3725)
        add_video(emu, channel, ids["auto"], "Lab session 1", duration=125)
        add_video(emu, channel, ids["silent"], "B-roll (no talking)", duration=30)
        add_video(emu, channel, ids["private"], "Draft", privacy="private")
        add_video(emu, channel, ids["flaky"], "Q&A?", duration=61)
        captions_store.set_tracks(
            world, ids["both"], [manual("en"), manual("de"), asr("en")], BOTH_TEXT
        )
        captions_store.set_tracks(world, ids["auto"], [asr("en")], AUTO_TEXT)
        captions_store.set_tracks(world, ids["silent"], [])
        captions_store.set_tracks(world, ids["flaky"], [manual("en")], BOTH_TEXT)
    captions_store.add_failure(world, ids["flaky"], "timedtext", 429, times=1)
    order = ["both", "auto", "silent", "private", "flaky"]
    playlist = admin.create_playlist(channel, title, video_ids=[ids[n] for n in order])
    return Lectures(playlist, channel, **ids)


def api_calls(emu: RunningEmulator, since: int = 0) -> collections.Counter[str]:
    """How many requests of each api method ytemu served (admin calls excluded)."""
    return collections.Counter(r["method"] for r in emu.admin.requests(since))


def folder_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}
