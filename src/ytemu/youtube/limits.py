"""The channel's cap on new playlists (a channel limit, not quota: no Cloud project
changes it).

YouTube refuses ``playlists.insert`` after about 10 creations a day per channel, with
429 and "You are creating too many playlists. Please wait a while before creating
further playlists." (suzuki3jp/PlaylistWizard#2, Google issue tracker 255216949). The
one body seen in full (sigma67/ytmusicapi#19) is ``{"error": {"code": 429, "message":
MESSAGE, "errors": [{"message": MESSAGE, "domain": "gdata.CoreErrorDomain", "reason":
"RATE_LIMIT_EXCEEDED"}], "status": "RESOURCE_EXHAUSTED"}}``. A 400 variant with the same
message exists (linsomniac/spotify_to_ytmusic#75, cleared after ~3 hours;
sigma67/spotify_to_ytmusic#82); its body is not quoted anywhere, so it takes Google's
generic 400 shape. See platform-limits.md §1.

The cap counts successful creations per channel over a rolling window
(``settings.playlist_creation_cap`` per ``settings.playlist_creation_window`` seconds;
cap 0 turns it off); deleting a playlist frees nothing and a refused attempt is not a
creation. ``settings.playlist_creation_status`` picks 429 or the 400 variant.
"""

from __future__ import annotations

from ytemu import errors
from ytemu.world import World

MESSAGE = (
    "You are creating too many playlists. Please wait a while before creating further playlists."
)


def creation_refused(status: int) -> errors.ApiError:
    if status == 400:
        body = errors.envelope(400, MESSAGE, "badRequest", status="INVALID_ARGUMENT")
        return errors.make(400, body)
    body = errors.envelope(
        429, MESSAGE, "RATE_LIMIT_EXCEEDED", "gdata.CoreErrorDomain", status="RESOURCE_EXHAUSTED"
    )
    return errors.make(429, body)


def recent_creations(world: World, channel_id: str) -> list[float]:
    """Creation times of ``channel_id`` inside the window (older ones are forgotten)."""
    since = world.now() - world.settings.playlist_creation_window
    kept = [t for t in world.creations.get(channel_id, []) if t > since]
    if kept:
        world.creations[channel_id] = kept
    else:
        world.creations.pop(channel_id, None)
    return kept


def check_creation(world: World, channel_id: str) -> None:
    """Raise the refusal when ``channel_id`` has used up its creations in the window."""
    cap = world.settings.playlist_creation_cap
    if cap > 0 and len(recent_creations(world, channel_id)) >= cap:
        raise creation_refused(world.settings.playlist_creation_status)


def record_creation(world: World, channel_id: str) -> None:
    world.creations.setdefault(channel_id, []).append(world.now())
