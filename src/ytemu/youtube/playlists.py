"""``playlists.list/insert/update/delete``."""

from __future__ import annotations

from typing import Any

from ytemu import errors
from ytemu.library import own_list
from ytemu.model import PRIVACY, Playlist
from ytemu.router import RequestContext, Response
from ytemu.youtube import limits, render
from ytemu.youtube.common import (
    flag,
    list_response,
    one_filter,
    paginate,
    parse_parts,
    playlist_visible,
    viewer,
)
from ytemu.youtube.text import is_clean

DOMAIN = "youtube.playlist"
MAX_TITLE = 150
MAX_DESCRIPTION = 5000


def playlists_list(ctx: RequestContext) -> Response:
    parts = parse_parts(ctx, "Playlist")
    which = one_filter(ctx, ["channelId", "id", "mine"])
    world = ctx.world
    me = viewer(ctx)
    if which == "id":
        ids = list(dict.fromkeys(ctx.params("id")))
        found = [p for i in ids if (p := world.playlists.get(i) or own_list(world, i, me))]
        found = [p for p in found if playlist_visible(p, me)]
        items = [render.playlist(world, p, parts) for p in found]
        extra = {"pageInfo": {"totalResults": len(items), "resultsPerPage": len(items) or 5}}
        return Response.json(list_response("youtube#playlistListResponse", items, extra))
    if which == "mine":
        owner = me if flag(ctx, "mine") else None
        key = f"pl:mine:{owner}"
    else:
        owner = ctx.param("channelId") or ""
        key = f"pl:ch:{owner}"
    candidates = [
        p
        for p in world.playlists.values()
        if p.channel_id == owner and (owner == me or p.privacy == "public")
    ]
    candidates.sort(key=lambda p: (-p.published_at, p.id))
    start, end, extra = paginate(ctx, len(candidates), key)
    items = [render.playlist(world, p, parts) for p in candidates[start:end]]
    return Response.json(list_response("youtube#playlistListResponse", items, extra))


def _privacy(body: dict[str, Any], default: str) -> str:
    status = body.get("status")
    if not isinstance(status, dict) or status.get("privacyStatus") in (None, ""):
        return default
    value = status["privacyStatus"]
    if value not in PRIVACY:
        raise errors.bad_request("invalidValue", f"Invalid privacy status: {value}", DOMAIN)
    return str(value)


def _snippet(body: dict[str, Any]) -> tuple[str, str, str | None]:
    snippet = body.get("snippet")
    if not isinstance(snippet, dict):
        raise errors.bad_request("playlistTitleRequired", "Must specify playlist title.", DOMAIN)
    title = snippet.get("title")
    if not isinstance(title, str) or not title.strip():
        raise errors.bad_request("playlistTitleRequired", "Must specify playlist title.", DOMAIN)
    description = snippet.get("description") or ""
    if not isinstance(description, str):
        raise errors.bad_request(
            "invalidPlaylistSnippet", "The request provides an invalid playlist snippet.", DOMAIN
        )
    lang = snippet.get("defaultLanguage")
    lang = lang if isinstance(lang, str) and lang else None
    too_long = len(title) > MAX_TITLE or len(description) > MAX_DESCRIPTION
    if too_long or "<" in title or not is_clean(title, description, lang or ""):
        raise errors.bad_request(
            "invalidPlaylistSnippet", "The request provides an invalid playlist snippet.", DOMAIN
        )
    return title, description, lang


def playlists_insert(ctx: RequestContext) -> Response:
    parts = parse_parts(ctx, "Playlist")
    me = ctx.identity.channel_id
    world = ctx.world
    body = ctx.json_object()
    title, description, lang = _snippet(body)
    # like Google, body parts not named in ``part`` are ignored
    privacy = _privacy(body, "public") if "status" in parts else "public"
    owned = sum(1 for p in world.playlists.values() if p.channel_id == me)
    if owned >= world.settings.max_playlists_per_channel:
        raise errors.bad_request(
            "maxPlaylistExceeded",
            "The playlist cannot be created because the channel already has the maximum "
            "number of playlists allowed.",
            DOMAIN,
        )
    limits.check_creation(world, me)
    playlist = Playlist(
        id=world.new_playlist_id(),
        channel_id=me,
        title=title,
        description=description,
        privacy=privacy,
        published_at=world.now(),
        default_language=lang,
    )
    world.add_playlist(playlist)
    limits.record_creation(world, me)
    return Response.json(render.playlist(world, playlist, parts))


def _owned_playlist(ctx: RequestContext, playlist_id: str | None) -> Playlist:
    world = ctx.world
    me = ctx.identity.channel_id
    playlist = world.playlists.get(playlist_id or "")
    if playlist is None or not playlist_visible(playlist, me):
        raise errors.playlist_not_found(location="id", domain=DOMAIN)
    if playlist.channel_id != me:
        raise errors.playlist_forbidden()
    return playlist


def playlists_update(ctx: RequestContext) -> Response:
    parts = parse_parts(ctx, "Playlist")
    body = ctx.json_object()
    pid = body.get("id")
    if not isinstance(pid, str) or not pid:
        raise errors.bad_request("playlistIdRequired", "Playlist id not specified.", DOMAIN)
    playlist = _owned_playlist(ctx, pid)
    if "snippet" in parts:
        title, description, lang = _snippet(body)
        playlist.title = title
        playlist.description = description
        playlist.default_language = lang
    if "status" in parts:
        playlist.privacy = _privacy(body, playlist.privacy)
    return Response.json(render.playlist(ctx.world, playlist, parts))


def playlists_delete(ctx: RequestContext) -> Response:
    playlist = _owned_playlist(ctx, ctx.param("id"))
    world = ctx.world
    for item in playlist.items:
        world.item_index.pop(item.id, None)
    del world.playlists[playlist.id]
    return Response.empty(204)
