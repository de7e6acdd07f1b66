"""Typed stdlib-only client for the ``/_emu/`` admin API.

Endpoint map (all JSON): ``POST reset`` · ``GET health`` · ``GET/POST settings`` ·
``POST latency`` · ``POST save`` · ``GET dump`` · ``GET/POST clients`` ·
``POST clients/{id}`` · ``GET/POST projects`` · ``GET/POST channels`` ·
``GET channels/{id}/playlists`` · ``POST videos`` · ``GET/PATCH videos/{id}`` ·
``POST playlists`` · ``GET/PATCH playlists/{id}`` · ``GET playlists/{id}/items`` ·
``GET channels/{id}/creations`` ·
``GET/POST account`` · ``GET quota[?project=&day=]`` · ``GET/DELETE requests[?since=]`` ·
``GET/POST clock`` · ``POST tokens/issue`` · ``POST tokens/revoke`` ·
``GET/POST/DELETE faults`` · ``DELETE faults/{id}``. The yt-dlp side's hooks
(:class:`ytemu.admin.web.WebAdmin`): ``POST web/cookies`` · ``GET/PUT web/bot_check`` ·
``PUT web/members/{channel}`` · ``PUT web/members_only/{video}`` ·
``GET/PUT library/{channel}/{LL|WL}`` · ``PUT captions/{video}/po_token``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from ytemu.admin.records import (
    ClockInfo,
    PlaylistInfo,
    ProjectQuota,
    RequestRecord,
    TokenGrant,
)
from ytemu.admin.web import WebAdmin
from ytemu.clock import parse_instant


def _iso(value: datetime | str | float | None) -> str | float | None:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


class EmuAdmin(WebAdmin):
    """``EmuAdmin("http://127.0.0.1:PORT")``: drive and inspect a running emulator."""

    # --- world ------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return cast(dict[str, Any], self._call("GET", "health"))

    def reset(self, seed: str | None = None) -> None:
        self._call("POST", "reset", {"seed": seed})

    def save(self, path: str | None = None) -> str:
        return str(self._call("POST", "save", {"path": path})["path"])

    def dump(self) -> dict[str, Any]:
        return cast(dict[str, Any], self._call("GET", "dump"))

    def settings(self) -> dict[str, int]:
        return cast(dict[str, int], self._call("GET", "settings"))

    def set_settings(self, **values: int) -> dict[str, int]:
        """E.g. ``playlist_capacity``, ``access_token_ttl``, ``testing_refresh_ttl``."""
        return cast(dict[str, int], self._call("POST", "settings", dict(values)))

    def set_playlist_capacity(self, items: int) -> None:
        self.set_settings(playlist_capacity=items)

    def set_access_token_ttl(self, seconds: int) -> None:
        self.set_settings(access_token_ttl=seconds)

    def set_latency(self, ms: int) -> None:
        """Global latency added to every API request (benchmarks)."""
        self._call("POST", "latency", {"ms": ms})

    # --- clients / projects -----------------------------------------------------------

    def register_client(
        self,
        client_id: str,
        client_secret: str | None = None,
        project: str | None = None,
        daily_quota: int | None = None,
        testing: bool = False,
    ) -> dict[str, Any]:
        body = {
            "client_id": client_id,
            "client_secret": client_secret,
            "project": project or f"{client_id}-project",
            "daily_quota": daily_quota,
            "testing": testing,
        }
        return cast(dict[str, Any], self._call("POST", "clients", body))

    def clients(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self._call("GET", "clients")["clients"])

    def set_testing(self, client_id: str, testing: bool = True) -> None:
        self._call("POST", f"clients/{client_id}", {"testing": testing})

    def delete_client(self, client_id: str) -> None:
        self._call("POST", f"clients/{client_id}", {"deleted": True})

    def set_project(
        self,
        project: str,
        *,
        daily_quota: int | None = None,
        writes_per_minute: int | bool | None = False,
        enabled_services: list[str] | None = None,
    ) -> dict[str, Any]:
        """Create/update a project; ``writes_per_minute=None`` removes the limit."""
        body: dict[str, Any] = {"id": project}
        if daily_quota is not None:
            body["daily_quota"] = daily_quota
        if writes_per_minute is not False:
            body["writes_per_minute"] = writes_per_minute
        if enabled_services is not None:
            body["enabled_services"] = enabled_services
        return cast(dict[str, Any], self._call("POST", "projects", body))

    def set_daily_quota(self, project: str, units: int) -> None:
        self.set_project(project, daily_quota=units)

    def projects(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self._call("GET", "projects")["projects"])

    # --- content ----------------------------------------------------------------------

    def create_channel(
        self,
        title: str,
        handle: str | None = None,
        *,
        id: str | None = None,
        email: str = "",
        description: str = "",
        mine: bool = False,
        account: str | None = None,
    ) -> str:
        """``account``: the Google account (an email, or any channel of it) that owns this
        channel as a Brand Account; it then shows on that account's channel chooser."""
        body = {
            "title": title,
            "handle": handle,
            "id": id,
            "email": email,
            "description": description,
            "mine": mine,
            "account": account,
        }
        return str(self._call("POST", "channels", body)["id"])

    def channels(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self._call("GET", "channels")["channels"])

    def create_video(
        self,
        channel_id: str,
        *,
        id: str | None = None,
        title: str | None = None,
        duration: int = 60,
        published_at: datetime | str | float | None = None,
        privacy: str = "public",
        deleted: bool = False,
        unavailable: bool = False,
        view_count: int = 0,
        description: str = "",
    ) -> str:
        body = {
            "channel_id": channel_id,
            "id": id,
            "title": title,
            "duration": duration,
            "published_at": _iso(published_at),
            "privacy": privacy,
            "deleted": deleted,
            "unavailable": unavailable,
            "view_count": view_count,
            "description": description,
        }
        return str(self._call("POST", "videos", body)["id"])

    def create_videos(self, specs: list[dict[str, Any]]) -> list[str]:
        """Bulk create; each spec takes the keyword arguments of :meth:`create_video`."""
        made = self._call("POST", "videos", {"videos": specs})["videos"]
        return [str(v["id"]) for v in made]

    def update_video(self, video_id: str, **changes: Any) -> dict[str, Any]:
        """Change ``privacy``, ``deleted``, ``unavailable``, ``title``, ``duration``..."""
        if "published_at" in changes:
            changes["published_at"] = _iso(changes["published_at"])
        return cast(dict[str, Any], self._call("PATCH", f"videos/{video_id}", changes))

    def video(self, video_id: str) -> dict[str, Any]:
        return cast(dict[str, Any], self._call("GET", f"videos/{video_id}"))

    def create_playlist(
        self,
        channel_id: str,
        title: str,
        *,
        video_ids: list[str] | None = None,
        privacy: str = "public",
        description: str = "",
        id: str | None = None,
        sort: str = "manual",
    ) -> str:
        body = {
            "channel_id": channel_id,
            "title": title,
            "video_ids": video_ids or [],
            "privacy": privacy,
            "description": description,
            "id": id,
            "sort": sort,
        }
        return str(self._call("POST", "playlists", body)["id"])

    def set_playlist_sort(self, playlist_id: str, sort: str) -> PlaylistInfo:
        """Studio's sort setting: ``manual``, ``dateAddedNewest``, ``dateAddedOldest``,
        ``datePublishedNewest``, ``datePublishedOldest`` or ``popular``."""
        return cast(PlaylistInfo, self._call("PATCH", f"playlists/{playlist_id}", {"sort": sort}))

    def set_playlist_creation_cap(
        self, cap: int, *, window_seconds: int | None = None, status: int | None = None
    ) -> None:
        """New playlists per channel per rolling window (0: no cap); ``status`` 429 or 400."""
        values = {"playlist_creation_cap": cap}
        if window_seconds is not None:
            values["playlist_creation_window"] = window_seconds
        if status is not None:
            values["playlist_creation_status"] = status
        self.set_settings(**values)

    def playlist_creations(self, channel_id: str) -> list[str]:
        """When ``channel_id`` created playlists inside the cap's window (RFC 3339)."""
        data = self._call("GET", f"channels/{channel_id}/creations")
        return [str(t) for t in data["created_at"]]

    def playlist(self, playlist_id: str) -> PlaylistInfo:
        return cast(PlaylistInfo, self._call("GET", f"playlists/{playlist_id}"))

    def playlist_video_ids(self, playlist_id: str) -> list[str]:
        """The playlist's video ids in order."""
        return [str(v) for v in self._call("GET", f"playlists/{playlist_id}/items")["video_ids"]]

    def channel_playlists(self, channel_id: str) -> list[PlaylistInfo]:
        """All playlists of a channel (private ones included), oldest first."""
        data = self._call("GET", f"channels/{channel_id}/playlists")
        return cast(list[PlaylistInfo], data["playlists"])

    def set_account(self, channel: str | None) -> None:
        """Who consents on the OAuth screen (channel id, @handle or email; None: default)."""
        self._call("POST", "account", {"channel_id": channel})

    def account(self) -> str | None:
        value = self._call("GET", "account")["channel_id"]
        return None if value is None else str(value)

    def account_channels(self) -> list[str]:
        """The channels the consent chooser offers: the signed-in account's own channel
        first, then its Brand Accounts."""
        return [str(c) for c in self._call("GET", "account")["account_channels"]]

    # --- quota / request log ----------------------------------------------------------

    def quota(self, project: str | None = None, day: str | None = None) -> dict[str, ProjectQuota]:
        """Today's (Pacific) usage per project."""
        query = {k: v for k, v in (("project", project), ("day", day)) if v}
        return cast(dict[str, ProjectQuota], self._call("GET", "quota", query=query)["projects"])

    def quota_used(self, project: str) -> int:
        return self.quota(project)[project]["used"]

    def quota_by_method(self, project: str) -> dict[str, int]:
        return self.quota(project)[project]["by_method"]

    def requests(self, since: int = 0) -> list[RequestRecord]:
        data = self._call("GET", "requests", query={"since": str(since)})
        return cast(list[RequestRecord], data["requests"])

    def clear_requests(self) -> None:
        self._call("DELETE", "requests")

    # --- clock ------------------------------------------------------------------------

    def clock(self) -> ClockInfo:
        return cast(ClockInfo, self._call("GET", "clock"))

    def now(self) -> datetime:
        return parse_instant(self.clock()["now"])

    def set_clock(self, instant: datetime | str | float) -> ClockInfo:
        return cast(ClockInfo, self._call("POST", "clock", {"set": _iso(instant)}))

    def advance_clock(self, seconds: float) -> ClockInfo:
        return cast(ClockInfo, self._call("POST", "clock", {"advance": seconds}))

    # --- tokens -----------------------------------------------------------------------

    def issue_tokens(
        self, client_id: str, channel_id: str | None = None, scopes: list[str] | None = None
    ) -> TokenGrant:
        """Mint a refresh + access token without the consent flow."""
        body = {"client_id": client_id, "channel_id": channel_id, "scopes": scopes}
        return cast(TokenGrant, self._call("POST", "tokens/issue", body))

    def revoke_refresh_token(self, refresh_token: str) -> int:
        return int(self._call("POST", "tokens/revoke", {"refresh_token": refresh_token})["revoked"])

    def revoke_client_tokens(self, client_id: str) -> int:
        return int(self._call("POST", "tokens/revoke", {"client_id": client_id})["revoked"])

    # --- faults -----------------------------------------------------------------------

    def add_fault(self, method: str = "*", action: str = "error", **rule: Any) -> dict[str, Any]:
        """Add a rule (see :mod:`ytemu.faults` for fields); returns it with its ``id``."""
        body = {"method": method, "action": action, **rule}
        return cast(dict[str, Any], self._call("POST", "faults", body))

    def faults(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self._call("GET", "faults")["rules"])

    def remove_fault(self, rule_id: int) -> bool:
        return bool(self._call("DELETE", f"faults/{rule_id}")["removed"])

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")
