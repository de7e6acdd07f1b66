"""Routes of the yt-dlp side's session: the admin hooks under ``/_emu/web/`` (cookies,
bot check, memberships; see :mod:`ytemu.web.session`) and a channel's tab
(:mod:`ytemu.web.channel`)."""

from __future__ import annotations

from typing import Any

from ytemu import errors
from ytemu.router import RequestContext, Response, Router
from ytemu.web.channel import channel_tab
from ytemu.web.session import PAGES, data, issue_cookies


def _bad(message: str) -> errors.ApiError:
    return errors.bad_request("adminError", message)


def _cookies(ctx: RequestContext) -> Response:
    channel = ctx.world.find_channel(str(ctx.json_object().get("channel") or ""))
    if channel is None:
        raise _bad("channel (id, @handle or email) is required")
    return Response.plain_json(issue_cookies(ctx.world, channel.id, ctx.base_url))


def _bot_check(ctx: RequestContext) -> Response:
    switch = data(ctx.world)["bot_check"]
    if ctx.method == "PUT":
        body = ctx.json_object()
        pages = body.get("pages", switch["pages"])
        if not isinstance(pages, list) or any(p not in PAGES for p in pages):
            raise _bad(f"pages must be a list of {', '.join(PAGES)}")
        switch.update(enabled=bool(body.get("enabled", True)), pages=list(pages))
    return Response.plain_json(dict(switch))


def _members(ctx: RequestContext) -> Response:
    channel = ctx.path_params["channel"]
    if channel not in ctx.world.channels:
        raise _bad(f"unknown channel {channel!r}")
    members = ctx.json_object().get("members")
    if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
        raise _bad("members must be a list of channel ids")
    data(ctx.world)["members"][channel] = list(members)
    return Response.plain_json({"channel": channel, "members": members})


def _members_only(ctx: RequestContext) -> Response:
    video_id = ctx.path_params["video"]
    if video_id not in ctx.world.videos:
        raise _bad(f"unknown video {video_id!r}")
    level = ctx.json_object().get("level")
    table = data(ctx.world)["members_only"]
    if level:
        table[video_id] = str(level)
    else:
        table.pop(video_id, None)
    return Response.plain_json({"video": video_id, "level": table.get(video_id)})


def register(router: Router) -> None:
    routes: list[tuple[str, str, str, Any]] = [
        ("POST", "cookies", "cookies", _cookies),
        ("GET", "bot_check", "botCheck", _bot_check),
        ("PUT", "bot_check", "botCheck", _bot_check),
        ("PUT", r"members/(?P<channel>[^/]+)", "members", _members),
        ("PUT", r"members_only/(?P<video>[^/]+)", "membersOnly", _members_only),
    ]
    for method, path, name, handler in routes:
        router.add(
            method, "/_emu/web/" + path, "_emu.web." + name, handler, auth="none", admin=True
        )
    router.add("GET", r"/ytdlp/v1/channel", "ytdlp.channel", channel_tab, auth="none")
