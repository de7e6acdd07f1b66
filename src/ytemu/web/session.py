"""Who reads youtube.com (the yt-dlp side): browser cookies, the bot check and channel
memberships, kept in ``world.ext("web")``.

Admin routes are in :mod:`ytemu.web.routes`, their client in :mod:`ytemu.admin.web`.

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
from typing import Any

from ytemu import errors
from ytemu.model import Video
from ytemu.router import RequestContext
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


def data(world: World) -> dict[str, Any]:
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
    sessions = data(ctx.world)["sessions"]
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
    switch = data(ctx.world)["bot_check"]
    return bool(switch["enabled"]) and page in switch["pages"] and signed_in(ctx) is None


def members_level(world: World, video: Video) -> str | None:
    level = data(world)["members_only"].get(video.id)
    return str(level) if level else None


def may_watch_members_only(world: World, video: Video, channel_id: str | None) -> bool:
    if channel_id is None:
        return False
    members = data(world)["members"].get(video.channel_id, [])
    return channel_id == video.channel_id or channel_id in members


def issue_cookies(world: World, channel_id: str, base_url: str) -> dict[str, Any]:
    if channel_id not in world.channels:
        raise errors.bad_request("adminError", f"unknown channel {channel_id!r}")
    host = urllib.parse.urlsplit(base_url).hostname or "127.0.0.1"
    sapisid = secrets.token_urlsafe(24)
    data(world)["sessions"][sapisid] = channel_id
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
