"""``playlistItems.list/insert/update/delete``."""

from __future__ import annotations

from typing import Any

from ytemu import errors
from ytemu.library import api_list
from ytemu.model import Playlist, PlaylistItem
from ytemu.router import RequestContext, Response
from ytemu.youtube import render, sorting
from ytemu.youtube.common import (
    list_response,
    one_filter,
    paginate,
    parse_parts,
    playlist_visible,
    uploads_playlist,
    viewer,
)
from ytemu.youtube.text import is_clean

DOMAIN = "youtube.playlistItem"
SPECIAL_IDS = ("WL", "LL", "HL")


def _lookup(ctx: RequestContext, playlist_id: str) -> Playlist:
    """A playlist readable by the caller (404 playlistNotFound / 403 not accessible)."""
    me = viewer(ctx)
    world = ctx.world
    playlist = (
        world.playlists.get(playlist_id)
        or uploads_playlist(world, playlist_id, me)
        or api_list(world, playlist_id, me)
    )
    if playlist is None:
        raise errors.playlist_not_found()
    if not playlist_visible(playlist, me):
        raise errors.playlist_items_not_accessible()
    return playlist


def playlist_items_list(ctx: RequestContext) -> Response:
    parts = parse_parts(ctx, "PlaylistItem")
    which = one_filter(ctx, ["id", "playlistId"])
    world = ctx.world
    me = viewer(ctx)
    if which == "id":
        rows: list[dict[str, Any]] = []
        for item_id in dict.fromkeys(ctx.params("id")):
            pid = world.item_index.get(item_id)
            pl = world.playlists.get(pid or "")
            if pl is None or not playlist_visible(pl, me):
                continue
            pos = next(i for i, it in enumerate(pl.items) if it.id == item_id)
            rows.append(render.playlist_item(world, pl, pl.items[pos], pos, parts, me))
        extra = {"pageInfo": {"totalResults": len(rows), "resultsPerPage": len(rows) or 5}}
        return Response.json(list_response("youtube#playlistItemListResponse", rows, extra))
    playlist_id = ctx.param("playlistId") or ""
    playlist = _lookup(ctx, playlist_id)
    video_id = ctx.param("videoId")
    entries = [
        (pos, item)
        for pos, item in enumerate(playlist.items)
        if video_id is None or item.video_id == video_id
    ]
    start, end, extra = paginate(ctx, len(entries), f"pi:{playlist_id}:{video_id or ''}")
    rows = [
        render.playlist_item(world, playlist, item, pos, parts, me)
        for pos, item in entries[start:end]
    ]
    return Response.json(list_response("youtube#playlistItemListResponse", rows, extra))


def _writable(ctx: RequestContext, playlist_id: Any) -> Playlist:
    if not isinstance(playlist_id, str) or not playlist_id:
        raise errors.bad_request("playlistIdRequired", "Playlist id not specified.", DOMAIN)
    world = ctx.world
    me = ctx.identity.channel_id
    if playlist_id not in world.playlists and (
        playlist_id in SPECIAL_IDS or uploads_playlist(world, playlist_id, me) is not None
    ):
        raise errors.playlist_operation_unsupported()
    playlist = _lookup(ctx, playlist_id)
    if playlist.channel_id != me:
        raise errors.playlist_items_not_accessible()
    return playlist


def _video_id(snippet: dict[str, Any]) -> str:
    rid = snippet.get("resourceId")
    if not isinstance(rid, dict) or not rid:
        raise errors.bad_request("resourceIdRequired", "Resource id not specified.", DOMAIN)
    if rid.get("kind") != "youtube#video":
        raise errors.bad_request(
            "invalidResourceType", "The resource type is not supported.", DOMAIN
        )
    video_id = rid.get("videoId")
    if not isinstance(video_id, str) or not video_id:
        raise errors.bad_request("resourceIdRequired", "Resource id not specified.", DOMAIN)
    return video_id


def _position(snippet: dict[str, Any], playlist: Playlist, upper: int) -> int | None:
    value = snippet.get("position")
    if value is None:
        return None
    if playlist.sort != sorting.MANUAL:
        raise errors.manual_sort_required()
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise errors.invalid_position()
    try:
        position = int(value)
    except ValueError:
        raise errors.invalid_position() from None
    if position < 0 or position > upper:
        raise errors.invalid_position()
    return position


def _snippet(body: dict[str, Any]) -> dict[str, Any]:
    snippet = body.get("snippet")
    if not isinstance(snippet, dict):
        raise errors.bad_request("playlistIdRequired", "Playlist id not specified.", DOMAIN)
    return snippet


def _note(body: dict[str, Any]) -> str | None:
    details = body.get("contentDetails")
    if isinstance(details, dict) and isinstance(details.get("note"), str):
        note = str(details["note"])
        if not is_clean(note):
            raise errors.bad_request("invalidValue", "Invalid value for note.", DOMAIN)
        return note
    return None


def playlist_items_insert(ctx: RequestContext) -> Response:
    parts = parse_parts(ctx, "PlaylistItem")
    body = ctx.json_object()
    snippet = _snippet(body)
    playlist = _writable(ctx, snippet.get("playlistId"))
    world = ctx.world
    me = ctx.identity.channel_id
    video_id = _video_id(snippet)
    video = world.videos.get(video_id)
    if video is None or video.deleted:
        raise errors.video_not_found()
    if video.unavailable or (video.privacy == "private" and video.channel_id != me):
        raise errors.failed_precondition()
    if len(playlist.items) >= world.settings.playlist_capacity:
        raise errors.playlist_full()
    position = _position(snippet, playlist, len(playlist.items))
    note = _note(body)
    item = world.new_item(playlist, video_id, position)
    if "contentDetails" in parts and note is not None:
        item.note = note
    sorting.arrange(world, playlist)  # an append lands where the playlist's order puts it
    index = playlist.items.index(item)
    return Response.json(render.playlist_item(world, playlist, item, index, parts, me))


def _find_item(ctx: RequestContext, item_id: Any) -> tuple[Playlist, int]:
    world = ctx.world
    pid = world.item_index.get(item_id) if isinstance(item_id, str) else None
    playlist = world.playlists.get(pid or "")
    if playlist is None:
        raise errors.playlist_item_not_found()
    me = ctx.identity.channel_id
    if playlist.channel_id != me:
        if not playlist_visible(playlist, me):
            raise errors.playlist_item_not_found()
        raise errors.playlist_items_not_accessible()
    index = next(i for i, it in enumerate(playlist.items) if it.id == item_id)
    return playlist, index


def playlist_items_update(ctx: RequestContext) -> Response:
    parts = parse_parts(ctx, "PlaylistItem")
    body = ctx.json_object()
    playlist, index = _find_item(ctx, body.get("id"))
    snippet = _snippet(body)
    if not snippet.get("playlistId"):
        raise errors.bad_request("playlistIdRequired", "Playlist id not specified.", DOMAIN)
    if snippet["playlistId"] != playlist.id:
        raise errors.playlist_item_not_found()
    item: PlaylistItem = playlist.items[index]
    if _video_id(snippet) != item.video_id:
        raise errors.bad_request(
            "invalidValue", "The resource id of a playlist item cannot be changed.", DOMAIN
        )
    position = _position(snippet, playlist, len(playlist.items) - 1)
    note = _note(body)
    if position is not None and position != index:
        playlist.items.pop(index)
        playlist.items.insert(position, item)
        index = position
    if "contentDetails" in parts and note is not None:
        item.note = note
    me = ctx.identity.channel_id
    return Response.json(render.playlist_item(ctx.world, playlist, item, index, parts, me))


def playlist_items_delete(ctx: RequestContext) -> Response:
    playlist, index = _find_item(ctx, ctx.param("id"))
    item = playlist.items.pop(index)
    ctx.world.item_index.pop(item.id, None)
    return Response.empty(204)
