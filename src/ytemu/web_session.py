"""Who reads youtube.com (the yt-dlp side): browser cookies, the bot check and channel
memberships, kept in ``world.ext("web")``.

* **Cookies.** ``POST /_emu/web/cookies {"channel"}`` signs a channel in and returns its
  cookies (``SID``, ``HSID``, ``SAPISID``, ``__Secure-3PAPISID``) and the same as a
  Netscape cookie file for yt-dlp's ``--cookies`` (``cookiefile``), for this emulator's
  host. A request whose ``Cookie`` header carries a known ``SAPISID`` or
  ``__Secure-3PAPISID`` is that channel's (yt-dlp's own test for account cookies).
* **Bot check.** ``PUT /_emu/web/bot_check {"enabled": true, "pages": ["video"]}``: while
  on, signed-out requests for those pages (``video``, ``playlist``, ``channel``) get
  YouTube's "Sign in to confirm you’re not a bot" (yt-dlp/yt-dlp#11981); cookies make it
  go away, waiting does not.
* **Members-only videos.** ``PUT /_emu/web/members_only/{video} {"level": "Member"}``
  (``null`` clears it) and ``PUT /_emu/web/members/{channel} {"members": [channel ids]}``:
  a members-only video plays only for its channel's members (and its owner); others get
  "This video is available to this channel's members on level: ... (or any higher
  level). Join this channel to get access to members-only content and other exclusive
  perks." (yt-dlp/yt-dlp#14949).
"""

from __future__ import annotations

import secrets
import urllib.parse
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING, Any

from ytemu import errors
from ytemu.model import Video
from ytemu.router import RequestContext, Response, Router
from ytemu.world import World

EXT = "web"
PAGES = ("video", "playlist", "channel")
AUTH_COOKIES = ("SAPISID", "__Secure-3PAPISID")  # yt-dlp's _has_auth_cookies looks for these
COOKIE_NAMES = ("SID", "HSID", "SAPISID", "__Secure-3PAPISID")
BOT_CHECK = "Sign in to confirm you’re not a bot. This helps protect our community. Learn more"


def members_only_reason(level: str) -> str:
    return (
        f"This video is available to this channel's members on level: {level} (or any "
        "higher level). Join this channel to get access to members-only content and other "
        "exclusive perks."
    )


def _data(world: World) -> dict[str, Any]:
    data = world.ext(EXT)
    for key in ("sessions", "members", "members_only"):
        data.setdefault(key, {})
    data.setdefault("bot_check", {"enabled": False, "pages": ["video"]})
    return data


def signed_in(ctx: RequestContext) -> str | None:
    """The channel whose account cookies this request carries, if any."""
    header = next((v for k, v in ctx.headers.items() if k.lower() == "cookie"), "")
    if not header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    sessions = _data(ctx.world)["sessions"]
    for name in AUTH_COOKIES:
        morsel = jar.get(name)
        if morsel is not None and morsel.value in sessions:
            channel = str(sessions[morsel.value])
            return channel if channel in ctx.world.channels else None
    return None


def members_block(ctx: RequestContext, video: Video) -> str | None:
    """YouTube's reason when ``video`` is members-only and the request is no member's."""
    level = members_level(ctx.world, video)
    if level and not may_watch_members_only(ctx.world, video, signed_in(ctx)):
        return members_only_reason(level)
    return None


def bot_check(ctx: RequestContext, page: str) -> bool:
    """Whether YouTube asks this request to sign in to prove it is not a bot."""
    switch = _data(ctx.world)["bot_check"]
    return bool(switch["enabled"]) and page in switch["pages"] and signed_in(ctx) is None


def members_level(world: World, video: Video) -> str | None:
    level = _data(world)["members_only"].get(video.id)
    return str(level) if level else None


def may_watch_members_only(world: World, video: Video, channel_id: str | None) -> bool:
    if channel_id is None:
        return False
    members = _data(world)["members"].get(video.channel_id, [])
    return channel_id == video.channel_id or channel_id in members


def issue_cookies(world: World, channel_id: str, base_url: str) -> dict[str, Any]:
    if channel_id not in world.channels:
        raise errors.bad_request("adminError", f"unknown channel {channel_id!r}")
    host = urllib.parse.urlsplit(base_url).hostname or "127.0.0.1"
    sapisid = secrets.token_urlsafe(24)
    _data(world)["sessions"][sapisid] = channel_id
    cookies = {name: secrets.token_urlsafe(24) for name in COOKIE_NAMES}
    cookies["SAPISID"] = cookies["__Secure-3PAPISID"] = sapisid
    expires = int(world.now()) + 2 * 365 * 86400
    lines = ["# Netscape HTTP Cookie File"]
    lines += [f"{host}\tFALSE\t/\tFALSE\t{expires}\t{n}\t{v}" for n, v in cookies.items()]
    return {
        "channel": channel_id,
        "cookies": [{"name": n, "value": v, "domain": host} for n, v in cookies.items()],
        "netscape": "\n".join(lines) + "\n",
    }


# --- admin ------------------------------------------------------------------------------


def _bad(message: str) -> errors.ApiError:
    return errors.bad_request("adminError", message)


def _cookies(ctx: RequestContext) -> Response:
    channel = ctx.world.find_channel(str(ctx.json_object().get("channel") or ""))
    if channel is None:
        raise _bad("channel (id, @handle or email) is required")
    return Response.plain_json(issue_cookies(ctx.world, channel.id, ctx.base_url))


def _bot_check(ctx: RequestContext) -> Response:
    switch = _data(ctx.world)["bot_check"]
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
    _data(ctx.world)["members"][channel] = list(members)
    return Response.plain_json({"channel": channel, "members": members})


def _members_only(ctx: RequestContext) -> Response:
    video_id = ctx.path_params["video"]
    if video_id not in ctx.world.videos:
        raise _bad(f"unknown video {video_id!r}")
    level = ctx.json_object().get("level")
    table = _data(ctx.world)["members_only"]
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


class WebAdmin:
    """Admin hooks for the yt-dlp side (mixed into :class:`ytemu.admin.EmuAdmin`)."""

    if TYPE_CHECKING:

        def _call(
            self,
            method: str,
            path: str,
            body: dict[str, Any] | None = None,
            query: dict[str, str] | None = None,
        ) -> Any: ...

    def youtube_cookies(self, channel: str) -> dict[str, Any]:
        """Sign ``channel`` in: ``{"cookies": [...], "netscape": <cookie file text>}``."""
        result: dict[str, Any] = self._call("POST", "web/cookies", {"channel": channel})
        return result

    def set_bot_check(self, enabled: bool = True, pages: list[str] | None = None) -> None:
        body: dict[str, Any] = {"enabled": enabled}
        if pages is not None:
            body["pages"] = pages
        self._call("PUT", "web/bot_check", body)

    def set_members(self, channel: str, members: list[str]) -> None:
        self._call("PUT", f"web/members/{channel}", {"members": members})

    def set_members_only(self, video_id: str, level: str | None = "Member") -> None:
        self._call("PUT", f"web/members_only/{video_id}", {"level": level})

    def set_liked(self, channel: str, video_ids: list[str]) -> None:
        """The channel's Liked videos (``LL``), newest first."""
        self._call("PUT", f"library/{channel}/LL", {"videos": video_ids})

    def set_watch_later(self, channel: str, video_ids: list[str]) -> None:
        """The channel's Watch later (``WL``), newest first."""
        self._call("PUT", f"library/{channel}/WL", {"videos": video_ids})

    def require_caption_po_token(self, video_id: str, required: bool = True) -> None:
        """Caption tracks of this video need a PO token (YouTube's ``exp=xpe``)."""
        self._call("PUT", f"captions/{video_id}/po_token", {"required": required})
