"""Admin endpoints that create and read back channels, videos, playlists and the
signed-in account (part of the ``/_emu/`` API; see :mod:`ytemu.admin.routes`).

Text is checked as the Data API checks it (:mod:`ytemu.youtube.text`): seeding a world
through the admin API can never store what YouTube itself would refuse."""

from __future__ import annotations

from typing import Any

from ytemu import errors
from ytemu.clock import parse_instant, rfc3339
from ytemu.model import Channel, Playlist, Video
from ytemu.router import RequestContext, Response, Router
from ytemu.world import World, random_id
from ytemu.youtube import limits, sorting
from ytemu.youtube.text import is_clean


def bad(message: str) -> errors.ApiError:
    return errors.bad_request("adminError", message)


def body_of(ctx: RequestContext) -> dict[str, Any]:
    return ctx.json_object()


def timestamp(value: Any, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return parse_instant(value).timestamp()
    raise bad(f"bad timestamp {value!r}")


def text(b: dict[str, Any], key: str, default: str = "") -> str:
    value = str(b.get(key) or default)
    if not is_clean(value):
        raise bad(f"{key} holds a lone surrogate or a control character")
    return value


def ok(obj: Any = None) -> Response:
    return Response.plain_json({"ok": True} if obj is None else obj)


# --- channels / videos / playlists -----------------------------------------------------


def channels(ctx: RequestContext) -> Response:
    world = ctx.world
    if ctx.method == "GET":
        return ok({"channels": [c.to_dict() for c in world.channels.values()]})
    b = body_of(ctx)
    cid = str(b.get("id") or "UC" + random_id(22))
    if not cid.startswith("UC") or len(cid) != 24:
        raise bad("channel ids look like UC + 22 characters")
    title = text(b, "title", cid)
    handle = str(b.get("handle") or "@" + title.lower().replace(" ", ""))
    channel = Channel(
        id=cid,
        title=title,
        handle=handle if handle.startswith("@") else "@" + handle,
        description=text(b, "description"),
        email=str(b.get("email", "")),
        published_at=timestamp(b.get("published_at"), world.now()),
        account=_account_of(world, b.get("account")),
    )
    world.add_channel(channel)
    if b.get("mine"):
        world.mine_channel = cid
    return ok(channel.to_dict())


def _account_of(world: World, ref: Any) -> str:
    """A Brand Account channel's owner: an account email, or any channel of it."""
    if not ref:
        return ""
    owner = world.find_channel(str(ref))
    if owner is not None:
        return owner.owner_account
    if "@" not in str(ref).strip("@"):
        raise bad(f"account {ref!r} is neither an email nor a known channel")
    return str(ref)


def _video_from(world: World, b: dict[str, Any]) -> Video:
    vid = str(b.get("id") or random_id(11))
    if len(vid) != 11:
        raise bad(f"video ids have 11 characters: {vid!r}")
    channel_id = str(b.get("channel_id") or b.get("channel") or "")
    if channel_id not in world.channels:
        raise bad(f"unknown channel {channel_id!r}")
    privacy = str(b.get("privacy", "public"))
    if privacy not in ("public", "private", "unlisted"):
        raise bad(f"bad privacy {privacy!r}")
    return Video(
        id=vid,
        title=text(b, "title", vid),
        channel_id=channel_id,
        duration=int(b.get("duration", 60)),
        published_at=timestamp(b.get("published_at"), world.now()),
        privacy=privacy,
        deleted=bool(b.get("deleted", False)),
        unavailable=bool(b.get("unavailable", False)),
        description=text(b, "description"),
        view_count=int(b.get("view_count", 0)),
    )


def videos(ctx: RequestContext) -> Response:
    world = ctx.world
    b = body_of(ctx)
    specs = b["videos"] if isinstance(b.get("videos"), list) else [b]
    made = [_video_from(world, spec) for spec in specs]
    for video in made:
        world.videos[video.id] = video
    if "videos" in b:
        return ok({"videos": [v.to_dict() for v in made]})
    return ok(made[0].to_dict())


def video_one(ctx: RequestContext) -> Response:
    world = ctx.world
    video = world.videos.get(ctx.path_params["video_id"])
    if video is None:
        raise errors.not_found("notFound", "unknown video")
    if ctx.method == "PATCH":
        b = body_of(ctx)
        for key in ("title", "privacy", "description"):
            if key in b:
                setattr(video, key, text(b, key))
        for key in ("deleted", "unavailable"):
            if key in b:
                setattr(video, key, bool(b[key]))
        if "duration" in b:
            video.duration = int(b["duration"])
        if "published_at" in b:
            video.published_at = timestamp(b["published_at"], video.published_at)
    return ok(video.to_dict())


def _playlist_info(playlist: Playlist) -> dict[str, Any]:
    return {
        "id": playlist.id,
        "channel_id": playlist.channel_id,
        "title": playlist.title,
        "description": playlist.description,
        "privacy": playlist.privacy,
        "published_at": rfc3339(playlist.published_at),
        "sort": playlist.sort,
        "video_ids": [i.video_id for i in playlist.items],
        "item_ids": [i.id for i in playlist.items],
    }


def playlists(ctx: RequestContext) -> Response:
    world = ctx.world
    b = body_of(ctx)
    channel_id = str(b.get("channel_id") or "")
    if channel_id not in world.channels:
        raise bad(f"unknown channel {channel_id!r}")
    pid = str(b.get("id") or world.new_playlist_id())
    if pid in world.playlists:
        raise bad(f"playlist {pid} exists")
    order = str(b.get("sort") or sorting.MANUAL)
    if order not in sorting.SORT_ORDERS:
        raise bad(f"unknown sort order {order!r}; expected one of {sorting.SORT_ORDERS}")
    playlist = Playlist(
        id=pid,
        channel_id=channel_id,
        title=text(b, "title", "Untitled"),
        description=text(b, "description"),
        privacy=str(b.get("privacy", "public")),
        published_at=timestamp(b.get("published_at"), world.now()),
    )
    world.add_playlist(playlist)
    for video_id in b.get("video_ids", []):
        world.new_item(playlist, str(video_id))
    sorting.set_sort(world, playlist, order)
    return ok(_playlist_info(playlist))


def _sort(world: World, playlist: Playlist, order: Any) -> None:
    try:
        sorting.set_sort(world, playlist, str(order))
    except ValueError as exc:
        raise bad(str(exc)) from None


def playlist_one(ctx: RequestContext) -> Response:
    """GET a playlist; PATCH ``{"sort": ORDER}`` sets its sort order (Studio's setting)."""
    playlist = ctx.world.playlists.get(ctx.path_params["playlist_id"])
    if playlist is None:
        raise errors.not_found("notFound", "unknown playlist")
    if ctx.method == "PATCH" and "sort" in body_of(ctx):
        _sort(ctx.world, playlist, body_of(ctx)["sort"])
    return ok(_playlist_info(playlist))


def playlist_items(ctx: RequestContext) -> Response:
    playlist = ctx.world.playlists.get(ctx.path_params["playlist_id"])
    if playlist is None:
        raise errors.not_found("notFound", "unknown playlist")
    return ok({"video_ids": [i.video_id for i in playlist.items]})


def channel_playlists(ctx: RequestContext) -> Response:
    cid = ctx.path_params["channel_id"]
    found = [p for p in ctx.world.playlists.values() if p.channel_id == cid]
    found.sort(key=lambda p: (p.published_at, p.id))
    return ok({"playlists": [_playlist_info(p) for p in found]})


def channel_creations(ctx: RequestContext) -> Response:
    """A channel's playlist creations inside the cap's window, oldest first."""
    world = ctx.world
    recent = limits.recent_creations(world, ctx.path_params["channel_id"])
    return ok(
        {
            "created_at": [rfc3339(t) for t in recent],
            "cap": world.settings.playlist_creation_cap,
            "window_seconds": world.settings.playlist_creation_window,
        }
    )


def account(ctx: RequestContext) -> Response:
    world = ctx.world
    if ctx.method == "POST":
        ref = body_of(ctx).get("channel_id")
        if ref is None:
            world.signed_in = None
        else:
            channel = world.find_channel(str(ref))
            if channel is None:
                raise bad(f"unknown channel {ref!r}")
            world.signed_in = channel.id
    current = world.channels.get(world.account() or "")
    owned = world.account_channels(current.owner_account) if current else []
    return ok(
        {
            "channel_id": world.account(),
            "mine_channel": world.mine_channel,
            "account_channels": [c.id for c in owned] or ([current.id] if current else []),
        }
    )


def register(router: Router) -> None:
    def add(method: str, path: str, name: str, handler: Any) -> None:
        router.add(method, "/_emu/" + path, "_emu." + name, handler, auth="none", admin=True)

    add("GET", "channels", "channels", channels)
    add("POST", "channels", "channels", channels)
    add("GET", r"channels/(?P<channel_id>[^/]+)/playlists", "channelPlaylists", channel_playlists)
    add("POST", "videos", "videos", videos)
    add("GET", r"videos/(?P<video_id>[^/]+)", "video", video_one)
    add("PATCH", r"videos/(?P<video_id>[^/]+)", "video", video_one)
    add("POST", "playlists", "playlists", playlists)
    add("GET", r"playlists/(?P<playlist_id>[^/]+)", "playlist", playlist_one)
    add("PATCH", r"playlists/(?P<playlist_id>[^/]+)", "playlist", playlist_one)
    add("GET", r"channels/(?P<channel_id>[^/]+)/creations", "channelCreations", channel_creations)
    add("GET", r"playlists/(?P<playlist_id>[^/]+)/items", "playlistItems", playlist_items)
    add("GET", "account", "account", account)
    add("POST", "account", "account", account)
