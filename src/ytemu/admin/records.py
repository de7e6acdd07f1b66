"""The JSON shapes the ``/_emu/`` admin API answers with, typed for its client."""

from __future__ import annotations

from typing import Any, TypedDict


class ProjectQuota(TypedDict):
    used: int
    limit: int
    remaining: int
    by_method: dict[str, int]


class RequestRecord(TypedDict):
    time: float
    iso_time: str
    method: str
    project: str | None
    client_id: str | None
    status: int
    reason: str | None
    cost: int
    injected: bool
    playlist_id: str | None


class ClockInfo(TypedDict):
    now: str
    epoch: float
    offset: float
    pacific_day: str
    next_reset: str


class PlaylistInfo(TypedDict):
    id: str
    channel_id: str
    title: str
    description: str
    privacy: str
    published_at: str
    sort: str
    video_ids: list[str]
    item_ids: list[str]


class TokenGrant(TypedDict):
    refresh_token: str
    access_token: str
    expires_in: int
    client_id: str
    client_secret: str
    channel_id: str
    scopes: list[str]


class EmuAdminError(RuntimeError):
    def __init__(self, status: int, body: Any) -> None:
        self.status = status
        self.body = body
        super().__init__(f"ytemu admin call failed: {status} {body}")
