"""Deterministic seed worlds (``--seed demo``).

``demo`` contains (ids are derived from SHA-256 of fixed names, identical on every run):

* Channels: the user's own channel "Demo User" (``@demouser``, email
  ``demo.user@example.com``; the signed-in "mine" channel, id :data:`MINE_CHANNEL_ID`)
  and four others: "Synthwave Studio" ``@synthwavestudio``, "Kitchen Lab"
  ``@kitchenlab``, "Orbit Weekly" ``@orbitweekly``, "Chess Corner" ``@chesscorner``.
* Videos: 85 per other channel plus 12 own (352 in total), published 2019-01 .. 2026-06,
  durations from 15 s shorts to 3 h; every 23rd video is private, every 31st deleted,
  two more are "unavailable" (blocked); own video 5 is private.
* 15 public playlists spread over the four other channels with 1, 2, 3, 5, 8, 12, 20, 30,
  45, 50, 51, 100, 150, 220 and 300 items (titles "Mix 001" style:
  :data:`DEMO_PLAYLIST_SIZES`).  The 8-item one lists one video twice, the 12-item one
  contains a private video, the 20-item one a deleted video.  Each other channel also has
  one *private* playlist (invisible to the user) and Orbit Weekly an *unlisted* one.
* The user's own playlists: "Favourites" (public, 10 items) and "Private stash"
  (private, 5 items including the user's private video).
* OAuth clients ``demo-main``, ``demo-backup``, ``demo-spare`` (secret ``<id>-secret``) in
  projects ``ytrix-demo-main``, ``ytrix-demo-backup``, ``ytrix-demo-spare``; 10,000
  units/day each; all "In production" (not Testing).

``empty`` (or no seed) is an empty world.
"""

from __future__ import annotations

import base64
import hashlib
import random
from datetime import UTC, datetime

from ytemu.model import Channel, Playlist, Video
from ytemu.world import World


def _hash_id(label: str, length: int) -> str:
    digest = hashlib.sha512(label.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:length]


def channel_id(name: str) -> str:
    return "UC" + _hash_id(f"ytemu-demo-channel-{name}", 22)


def video_id(label: str) -> str:
    return _hash_id(f"ytemu-demo-video-{label}", 11)


def playlist_id(label: str) -> str:
    return "PL" + _hash_id(f"ytemu-demo-playlist-{label}", 32)


MINE_CHANNEL_ID = channel_id("mine")
OTHER_CHANNELS = [
    ("synth", "Synthwave Studio", "@synthwavestudio", "Synth"),
    ("kitchen", "Kitchen Lab", "@kitchenlab", "Recipe"),
    ("orbit", "Orbit Weekly", "@orbitweekly", "Orbit"),
    ("chess", "Chess Corner", "@chesscorner", "Opening"),
]
DEMO_CLIENTS = [
    ("demo-main", "demo-main-secret", "ytrix-demo-main"),
    ("demo-backup", "demo-backup-secret", "ytrix-demo-backup"),
    ("demo-spare", "demo-spare-secret", "ytrix-demo-spare"),
]
DEMO_PLAYLIST_SIZES = [1, 2, 3, 5, 8, 12, 20, 30, 45, 50, 51, 100, 150, 220, 300]
VIDEOS_PER_CHANNEL = 85
OWN_VIDEOS = 12
_ADJ = ["Midnight", "Golden", "Quiet", "Rapid", "Hidden", "Electric", "Simple", "Grand"]
_NOUN = ["Drive", "Garden", "Signal", "Harbor", "Engine", "Canvas", "Frontier", "Echo"]
_START = datetime(2019, 1, 1, tzinfo=UTC).timestamp()
_END = datetime(2026, 6, 30, tzinfo=UTC).timestamp()


def _duration(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.15:
        return rng.randint(15, 59)
    if roll < 0.9:
        return rng.randint(120, 1800)
    return rng.randint(3600, 10800)


def _videos_for(
    world: World, rng: random.Random, key: str, cid: str, topic: str, count: int, counter: list[int]
) -> list[Video]:
    made = []
    for n in range(1, count + 1):
        counter[0] += 1
        index = counter[0]
        when = _START + (_END - _START) * (n - 1) / max(count - 1, 1) + rng.randint(0, 86400)
        video = Video(
            id=video_id(f"{key}-{n}"),
            title=f"{topic} #{n}: {rng.choice(_ADJ)} {rng.choice(_NOUN)}",
            channel_id=cid,
            duration=_duration(rng),
            published_at=float(int(when)),
            privacy="private" if index % 23 == 0 else "public",
            deleted=index % 31 == 0,
            description=f"Episode {n} of {topic}.",
            view_count=rng.randint(100, 2_000_000),
        )
        world.videos[video.id] = video
        made.append(video)
    return made


def seed_demo(world: World) -> None:
    """Populate ``world`` with the demo data described in the module docstring."""
    rng = random.Random(20260101)
    with world.lock:
        me = Channel(
            MINE_CHANNEL_ID,
            "Demo User",
            "@demouser",
            "The user's own channel.",
            "demo.user@example.com",
            datetime(2018, 5, 1, tzinfo=UTC).timestamp(),
        )
        world.add_channel(me)
        world.mine_channel = me.id
        counter = [0]
        by_channel: dict[str, list[Video]] = {}
        for key, title, handle, topic in OTHER_CHANNELS:
            cid = channel_id(key)
            world.add_channel(
                Channel(
                    cid,
                    title,
                    handle,
                    f"{title} on YouTube.",
                    published_at=datetime(2017, 3, 1, tzinfo=UTC).timestamp(),
                )
            )
            by_channel[cid] = _videos_for(world, rng, key, cid, topic, VIDEOS_PER_CHANNEL, counter)
        own = _videos_for(world, rng, "mine", me.id, "Vlog", OWN_VIDEOS, [1000])
        own[4].privacy = "private"
        blocked = by_channel[channel_id("orbit")][10], by_channel[channel_id("chess")][20]
        for video in blocked:
            video.unavailable = True
            video.privacy = "public"
            video.deleted = False
        every = [v for vs in by_channel.values() for v in vs]
        good = [v for v in every if v.privacy == "public" and not v.deleted and not v.unavailable]
        private = [v for v in every if v.privacy == "private" and not v.deleted]
        deleted = [v for v in every if v.deleted]
        channel_ids = list(by_channel)
        for n, size in enumerate(DEMO_PLAYLIST_SIZES):
            cid = channel_ids[n % len(channel_ids)]
            pool = [v for v in good if v.channel_id == cid]
            if size > len(pool):
                pool = good
            chosen = [v.id for v in rng.sample(pool, size)]
            if size == 8:
                chosen[5] = chosen[2]
            elif size == 12:
                chosen[6] = private[0].id
            elif size == 20:
                chosen[9] = deleted[0].id
            _playlist(world, f"mix-{size}", cid, f"Mix {size:03d}", "public", chosen, n)
        for n, cid in enumerate(channel_ids):
            picks = [v.id for v in rng.sample(by_channel[cid], 6)]
            _playlist(world, f"secret-{n}", cid, "Drafts", "private", picks, 20 + n)
        orbit = channel_id("orbit")
        _playlist(
            world,
            "unlisted-orbit",
            orbit,
            "Behind the scenes",
            "unlisted",
            [v.id for v in by_channel[orbit][:4]],
            30,
        )
        favourites = [v.id for v in rng.sample(good, 10)]
        _playlist(world, "mine-favourites", me.id, "Favourites", "public", favourites, 40)
        stash = [own[4].id] + [v.id for v in rng.sample(good, 4)]
        _playlist(world, "mine-stash", me.id, "Private stash", "private", stash, 41)
        for client_id, secret, project in DEMO_CLIENTS:
            world.add_client(client_id, secret, project, 10_000, testing=False)


def _playlist(
    world: World, key: str, cid: str, title: str, privacy: str, video_ids: list[str], n: int
) -> Playlist:
    published = datetime(2020, 1, 1, tzinfo=UTC).timestamp() + n * 86400 * 37
    playlist = Playlist(playlist_id(key), cid, title, f"{title} ({privacy}).", privacy, published)
    world.add_playlist(playlist)
    for i, vid in enumerate(video_ids):
        world.new_item(
            playlist, vid, item_id="UEx" + _hash_id(f"{key}-{i}", 45), added_at=published + i * 60
        )
    return playlist


def seed_empty(world: World) -> None:
    """No data at all."""


SEEDS = {"demo": seed_demo, "empty": seed_empty}


def apply_seed(world: World, name: str) -> None:
    try:
        SEEDS[name](world)
    except KeyError:
        raise ValueError(f"unknown seed {name!r}; known: {sorted(SEEDS)}") from None
