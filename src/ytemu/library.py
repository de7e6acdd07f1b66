"""A channel's own lists: Liked videos (``LL``) and Watch later (``WL``), kept in
``world.ext("library")`` (``{channel_id: {"LL": [{video_id, added_at}], "WL": [...]}}``,
newest first, as YouTube shows them).

Through the Data API (YouTube Data API revision history, 2016-09-15; trizen/youtube-viewer#289;
jdf76/plugin.video.youtube#199):

* ``LL`` is the caller's own Liked videos: ``playlistItems.list playlistId=LL`` lists
  them to their owner, ``playlists.list id=LL`` returns the list itself.
* ``WL`` (and the watch history ``HL``) can no longer be read: ``playlistItems.list``
  answers 200 with no items, whatever the list holds.

Through the web (what yt-dlp reads, :mod:`ytemu.captions.routes`): both lists are readable
only signed in (cookies, :mod:`ytemu.web.session`); signed out, YouTube says "The
playlist does not exist." (yt-dlp/yt-dlp#393, Jeeaaasus/youtube-dl#67).

Admin: ``GET/PUT /_emu/library/{channel}/{LL|WL}`` ``{"videos": [ids, newest first]}``.
"""

from __future__ import annotations

from typing import Any

from ytemu import errors
from ytemu.model import Playlist, PlaylistItem
from ytemu.router import RequestContext, Response, Router
from ytemu.world import World

EXT = "library"
TITLES = {"LL": "Liked videos", "WL": "Watch later"}
UNREADABLE_BY_API = frozenset({"WL", "HL"})


def _lists(world: World, channel_id: str) -> dict[str, list[dict[str, Any]]]:
    lists: dict[str, list[dict[str, Any]]] = world.ext(EXT).setdefault(channel_id, {})
    return lists


def set_list(world: World, channel_id: str, which: str, video_ids: list[str]) -> None:
    """Replace a channel's ``LL``/``WL`` with ``video_ids`` (newest first)."""
    if which not in TITLES:
        raise errors.bad_request("adminError", f"list must be LL or WL, not {which!r}")
    if channel_id not in world.channels:
        raise errors.bad_request("adminError", f"unknown channel {channel_id!r}")
    now = world.now()
    rows = [{"video_id": v, "added_at": now - i} for i, v in enumerate(video_ids)]
    _lists(world, channel_id)[which] = rows


def own_list(world: World, which: str, channel_id: str | None) -> Playlist | None:
    """``LL``/``WL`` of ``channel_id`` as a read-only playlist (None: not such a list,
    or nobody signed in)."""
    if which not in TITLES or channel_id is None or channel_id not in world.channels:
        return None
    rows = _lists(world, channel_id).get(which, [])
    items = [
        PlaylistItem(f"{which}{channel_id[2:]}{i:05d}", r["video_id"], added_at=r["added_at"])
        for i, r in enumerate(rows)
    ]
    return Playlist(
        id=which,
        channel_id=channel_id,
        title=TITLES[which],
        privacy="private",
        published_at=world.channels[channel_id].published_at,
        items=items,
    )


def api_list(world: World, playlist_id: str, viewer_id: str | None) -> Playlist | None:
    """What ``playlistItems.list`` reads for a special id: the caller's Liked videos,
    or an empty ``WL``/``HL`` (not readable through the API since 2016)."""
    if playlist_id == "LL":
        return own_list(world, "LL", viewer_id)
    if playlist_id in UNREADABLE_BY_API and viewer_id is not None:
        return Playlist(id=playlist_id, channel_id=viewer_id, title="", privacy="private")
    return None


def _admin(ctx: RequestContext) -> Response:
    world = ctx.world
    channel_id, which = ctx.path_params["channel"], ctx.path_params["which"]
    if ctx.method == "PUT":
        videos = ctx.json_object().get("videos")
        if not isinstance(videos, list) or not all(isinstance(v, str) for v in videos):
            raise errors.bad_request("adminError", "videos must be a list of video ids")
        set_list(world, channel_id, which, videos)
    playlist = own_list(world, which, channel_id)
    return Response.plain_json({"videos": [i.video_id for i in playlist.items] if playlist else []})


def register(router: Router) -> None:
    for method in ("GET", "PUT"):
        router.add(
            method,
            r"/_emu/library/(?P<channel>[^/]+)/(?P<which>LL|WL)",
            "_emu.library",
            _admin,
            auth="none",
            admin=True,
        )
