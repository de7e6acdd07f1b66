"""A channel's Playlists tab as yt-dlp's flat extraction returns it:
``GET /ytdlp/v1/channel?c=@handle|UC…&tab=playlists`` [``ytdlp.channel``].

``_type: playlist`` titled "<channel> - Playlists", ``entries`` of ``_type: url`` rows
(``id``, ``url``, ``title``) for the channel's public playlists, newest first. The
rows carry no ``playlist_count``: YouTube's tab (lockup view models) shows no count
yt-dlp extracts (yt_dlp/extractor/youtube/_tab.py ``_extract_lockup_view_model``;
platform-limits §6). An unknown channel or tab is a 404 page, as on youtube.com; the
bot check (:mod:`ytemu.web.session`, page ``channel``) applies.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from ytemu.router import RequestContext, Response
from ytemu.web.session import BOT_CHECK, bot_check

TABS = {"playlists": "Playlists"}


def _not_found() -> Response:
    body = b"<html><body>404. That's an error.</body></html>"
    return Response(404, body, {"Content-Type": "text/html; charset=utf-8"}, "notFound")


def channel_tab(ctx: RequestContext) -> Response:
    world, base = ctx.world, ctx.base_url
    if bot_check(ctx, "channel"):
        return Response.plain_json({"error": {"status": "LOGIN_REQUIRED", "reason": BOT_CHECK}})
    channel = world.find_channel(ctx.param("c") or "")
    tab = ctx.param("tab") or "playlists"
    if channel is None or tab not in TABS:
        return _not_found()
    playlists = [
        p for p in world.playlists.values() if p.channel_id == channel.id and p.privacy == "public"
    ]
    playlists.sort(key=lambda p: (-p.published_at, p.id))
    entries: list[dict[str, Any]] = [
        {
            "_type": "url",
            "id": p.id,
            "url": f"{base}/ytdlp/v1/playlist?list={urllib.parse.quote(p.id)}",
            "title": p.title,
        }
        for p in playlists
    ]
    quoted = urllib.parse.quote(channel.handle or channel.id)
    info = {
        "_type": "playlist",
        "id": channel.id,
        "title": f"{channel.title} - {TABS[tab]}",
        "channel": channel.title,
        "channel_id": channel.id,
        "uploader": channel.title,
        "uploader_id": channel.handle or None,
        "webpage_url": f"{base}/ytdlp/v1/channel?c={quoted}&tab={tab}",
        "entries": entries,
    }
    return Response.plain_json(info)
