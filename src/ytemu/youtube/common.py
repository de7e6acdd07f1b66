"""Shared helpers for the YouTube Data API handlers: parts, paging, filters, shapes."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ytemu import errors
from ytemu.discovery import resource_parts
from ytemu.model import Playlist, Video, stable_etag
from ytemu.router import RequestContext
from ytemu.world import World

DOC = "youtube.v3"
PAGE_PREFIX = "EAAa"


def parse_parts(ctx: RequestContext, schema: str) -> list[str]:
    """The ``part`` values, each checked against the resource schema (400 unknownPart)."""
    allowed = resource_parts(DOC, schema)
    parts = ctx.params("part")
    for part in parts:
        if part not in allowed:
            raise errors.unknown_part(part)
    if not parts:
        raise errors.required_parameter("part")
    return parts


def one_filter(ctx: RequestContext, names: list[str]) -> str:
    """Exactly one of ``names`` must be present (400 missing/incompatible otherwise)."""
    present = [n for n in names if ctx.has(n)]
    if not present:
        raise errors.missing_filter(names)
    if len(present) > 1:
        raise errors.incompatible_parameters(present)
    return present[0]


def flag(ctx: RequestContext, name: str) -> bool:
    return (ctx.param(name) or "").lower() == "true"


def max_results(ctx: RequestContext, default: int = 5) -> int:
    value = ctx.param("maxResults")
    return default if value is None or value == "" else int(value)


def encode_page_token(offset: int, key: str) -> str:
    raw = f"{offset}|{key}".encode()
    return PAGE_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_page_token(token: str, key: str) -> int:
    if not token.startswith(PAGE_PREFIX):
        raise errors.invalid_page_token()
    data = token[len(PAGE_PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)).decode()
        offset_text, token_key = raw.split("|", 1)
        offset = int(offset_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise errors.invalid_page_token() from None
    if token_key != key or offset < 0:
        raise errors.invalid_page_token()
    return offset


def paginate(
    ctx: RequestContext, total: int, key: str, default: int = 5
) -> tuple[int, int, dict[str, Any]]:
    """Offsets for this page and the token/pageInfo fields of the list response."""
    per_page = max_results(ctx, default)
    token = ctx.param("pageToken")
    start = decode_page_token(token, key) if token else 0
    end = min(start + per_page, total)
    extra: dict[str, Any] = {}
    if per_page > 0 and end < total:
        extra["nextPageToken"] = encode_page_token(end, key)
    if start > 0:
        extra["prevPageToken"] = encode_page_token(max(start - per_page, 0), key)
    extra["pageInfo"] = {"totalResults": total, "resultsPerPage": per_page}
    return start, max(end, start), extra


def list_response(kind: str, items: list[dict[str, Any]], extra: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "etag": stable_etag(kind, [i["etag"] for i in items])}
    for key in ("nextPageToken", "prevPageToken"):
        if key in extra:
            out[key] = extra[key]
    out["pageInfo"] = extra.get(
        "pageInfo", {"totalResults": len(items), "resultsPerPage": len(items)}
    )
    out["items"] = items
    return out


def resource(kind: str, rid: str, parts: list[str], bodies: dict[str, Any]) -> dict[str, Any]:
    """``{kind, etag, id, <requested parts>}``; the etag covers all parts."""
    out: dict[str, Any] = {"kind": kind, "etag": stable_etag(kind, rid, bodies), "id": rid}
    for part in parts:
        if part in bodies and part != "id":
            out[part] = bodies[part]
    return out


def iso_duration(seconds: int) -> str:
    """ISO-8601 duration as YouTube writes it (``PT1H2M3S``, ``P1DT2H``, ``P0D``)."""
    if seconds <= 0:
        return "P0D"
    days, rem = divmod(seconds, 86400)
    hours, rem = divmod(rem, 3600)
    minutes, secs = divmod(rem, 60)
    out = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    clock += f"{secs}S" if secs else ""
    return out + ("T" + clock if clock else "")


def thumbnails(video_id: str) -> dict[str, Any]:
    base = f"https://i.ytimg.com/vi/{video_id}"
    return {
        "default": {"url": f"{base}/default.jpg", "width": 120, "height": 90},
        "medium": {"url": f"{base}/mqdefault.jpg", "width": 320, "height": 180},
        "high": {"url": f"{base}/hqdefault.jpg", "width": 480, "height": 360},
    }


def viewer(ctx: RequestContext) -> str | None:
    return ctx.ident.channel_id if ctx.ident else None


def video_visible(video: Video | None, viewer_id: str | None) -> bool:
    """Whether videos.list returns it: not deleted/unavailable, private only to its owner."""
    if video is None or video.deleted or video.unavailable:
        return False
    return video.privacy != "private" or video.channel_id == viewer_id


def playlist_visible(playlist: Playlist, viewer_id: str | None) -> bool:
    return playlist.privacy != "private" or playlist.channel_id == viewer_id


def uploads_id(channel_id: str) -> str:
    return "UU" + channel_id[2:]


def uploads_playlist(world: World, playlist_id: str, viewer_id: str | None) -> Playlist | None:
    """The virtual read-only uploads playlist ``UU…`` of a channel, if it exists."""
    if not playlist_id.startswith("UU"):
        return None
    channel = world.channels.get("UC" + playlist_id[2:])
    if channel is None:
        return None
    from ytemu.model import PlaylistItem

    videos = [
        v
        for v in world.videos.values()
        if v.channel_id == channel.id and video_visible(v, viewer_id)
    ]
    videos.sort(key=lambda v: (-v.published_at, v.id))
    items = [
        PlaylistItem(id="VVU" + v.id + playlist_id[2:8], video_id=v.id, added_at=v.published_at)
        for v in videos
    ]
    return Playlist(
        id=playlist_id,
        channel_id=channel.id,
        title=f"Uploads from {channel.title}",
        privacy="public",
        published_at=channel.published_at,
        items=items,
    )
