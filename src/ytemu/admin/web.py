"""The admin client's hooks for the yt-dlp side (cookies, bot check, members, Liked and
Watch later, PO tokens): the base :class:`ytemu.admin.EmuAdmin` extends; stdlib only,
like the rest of the client."""

from __future__ import annotations

from typing import Any

from ytemu.admin.transport import AdminTransport


class WebAdmin(AdminTransport):
    """Admin hooks for the yt-dlp side (extended by :class:`ytemu.admin.EmuAdmin`)."""

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
