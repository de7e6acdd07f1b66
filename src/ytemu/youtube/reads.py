"""``channels.list`` and ``videos.list``."""

from __future__ import annotations

from ytemu import errors
from ytemu.model import Channel
from ytemu.router import RequestContext, Response
from ytemu.youtube import render
from ytemu.youtube.common import (
    flag,
    list_response,
    one_filter,
    paginate,
    parse_parts,
    video_visible,
    viewer,
)

CHANNEL_FILTERS = [
    "categoryId",
    "forHandle",
    "forUsername",
    "id",
    "managedByMe",
    "mine",
    "mySubscribers",
]
VIDEO_FILTERS = ["chart", "id", "myRating"]
MAX_VIDEO_IDS = 50


def channels_list(ctx: RequestContext) -> Response:
    parts = parse_parts(ctx, "Channel")
    which = one_filter(ctx, CHANNEL_FILTERS)
    world = ctx.world
    found: list[Channel] = []
    if which == "mine":
        me = viewer(ctx)
        if flag(ctx, "mine") and me and me in world.channels:
            found = [world.channels[me]]
    elif which == "id":
        found = [
            world.channels[cid] for cid in dict.fromkeys(ctx.params("id")) if cid in world.channels
        ]
    elif which == "forHandle":
        handle = (ctx.param("forHandle") or "").strip()
        ch = world.find_channel("@" + handle.lstrip("@")) if handle else None
        found = [ch] if ch is not None and ch.handle else []
    items = [render.channel(world, ch, parts, viewer(ctx)) for ch in found]
    extra = {"pageInfo": {"totalResults": len(items), "resultsPerPage": len(items) or 5}}
    return Response.json(list_response("youtube#channelListResponse", items, extra))


def videos_list(ctx: RequestContext) -> Response:
    parts = parse_parts(ctx, "Video")
    which = one_filter(ctx, VIDEO_FILTERS)
    world = ctx.world
    me = viewer(ctx)
    if which == "id":
        ids = list(dict.fromkeys(ctx.params("id")))
        if len(ids) > MAX_VIDEO_IDS:
            raise errors.invalid_parameter(
                "id", f"The request specifies more than {MAX_VIDEO_IDS} video IDs."
            )
        vids = [world.videos.get(vid) for vid in ids]
        items = [
            render.video(world, v, parts) for v in vids if v is not None and video_visible(v, me)
        ]
        extra = {"pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}}
        return Response.json(list_response("youtube#videoListResponse", items, extra))
    if which == "chart":
        public = [
            v for v in world.videos.values() if video_visible(v, None) and v.privacy == "public"
        ]
        public.sort(key=lambda v: (-v.view_count, v.id))
        start, end, extra = paginate(ctx, len(public), "chart:mostPopular")
        items = [render.video(world, v, parts) for v in public[start:end]]
        return Response.json(list_response("youtube#videoListResponse", items, extra))
    extra = {"pageInfo": {"totalResults": 0, "resultsPerPage": 5}}
    return Response.json(list_response("youtube#videoListResponse", [], extra))
