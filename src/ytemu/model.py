"""Plain data records of the emulated world (all times are emulator epoch seconds)."""

from __future__ import annotations

import base64
import hashlib
import zlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Self

PRIVACY = ("public", "private", "unlisted")


class Record:
    """Mixin: JSON round-trip for flat dataclasses (unknown keys are ignored)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Channel(Record):
    id: str
    title: str
    handle: str  # "@name"
    description: str = ""
    email: str = ""
    published_at: float = 0.0
    # The Google account (an email) that owns the channel: its own ``email`` for a
    # personal channel, the managing account's for a Brand Account channel.
    account: str = ""

    @property
    def owner_account(self) -> str:
        return self.account or self.email


@dataclass
class Video(Record):
    id: str
    title: str
    channel_id: str
    duration: int = 60  # seconds
    published_at: float = 0.0
    privacy: str = "public"
    deleted: bool = False
    unavailable: bool = False  # e.g. blocked/terminated: insert -> 400 failedPrecondition
    description: str = ""
    view_count: int = 0


@dataclass
class PlaylistItem(Record):
    id: str
    video_id: str
    added_at: float = 0.0
    note: str = ""


@dataclass
class Playlist(Record):
    id: str
    channel_id: str
    title: str
    description: str = ""
    privacy: str = "public"
    published_at: float = 0.0
    default_language: str | None = None
    sort: str = "manual"  # one of ytemu.youtube.sorting.SORT_ORDERS (set through admin)
    items: list[PlaylistItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["items"] = [i.to_dict() for i in self.items]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        plain = {k: v for k, v in data.items() if k != "items"}
        playlist = super().from_dict(plain)
        playlist.items = [PlaylistItem.from_dict(i) for i in data.get("items", [])]
        return playlist


@dataclass
class Project(Record):
    id: str
    number: str = ""
    daily_quota: int = 10_000
    writes_per_minute: int | None = None  # None: no per-minute limit
    enabled_services: list[str] = field(default_factory=lambda: ["youtube.googleapis.com"])

    def __post_init__(self) -> None:
        if not self.number:
            self.number = project_number(self.id)


@dataclass
class OAuthClient(Record):
    client_id: str
    client_secret: str
    project: str
    testing: bool = False
    deleted: bool = False


@dataclass
class RefreshToken(Record):
    token: str
    client_id: str
    channel_id: str
    scopes: list[str]
    issued_at: float
    revoked: bool = False


@dataclass
class AccessToken(Record):
    token: str
    client_id: str
    channel_id: str
    scopes: list[str]
    expires_at: float
    refresh_token: str | None = None
    revoked: bool = False


@dataclass
class AuthCode(Record):
    code: str
    client_id: str
    channel_id: str
    redirect_uri: str
    scopes: list[str]
    issued_at: float
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    used: bool = False


@dataclass
class Settings(Record):
    playlist_capacity: int = 5000
    access_token_ttl: int = 3600
    code_ttl: int = 600
    testing_refresh_ttl: int = 7 * 24 * 3600
    latency_ms: int = 0
    log_limit: int = 200_000
    max_playlists_per_channel: int = 10_000
    # New playlists one channel may create per rolling window (ytemu.youtube.limits);
    # 0 turns the cap off. The status of the refusal: 429 (default) or 400.
    playlist_creation_cap: int = 10
    playlist_creation_window: int = 24 * 3600
    playlist_creation_status: int = 429

    def check(self) -> None:
        """Raise ValueError for values the emulator cannot honour."""
        negative = [name for name, value in self.to_dict().items() if value < 0]
        if negative:
            raise ValueError(f"settings cannot be negative: {', '.join(negative)}")
        if self.playlist_creation_window <= 0:
            raise ValueError("playlist_creation_window must be at least 1 second")
        if self.playlist_creation_status not in (400, 429):
            raise ValueError("playlist_creation_status is 429 or 400 (the two seen)")


@dataclass
class LogEntry(Record):
    time: float
    method: str
    project: str | None
    client_id: str | None
    status: int  # 0 when the connection was dropped/hung without a response
    reason: str | None
    cost: int
    injected: bool = False
    playlist_id: str | None = None


def project_number(project_id: str) -> str:
    """A stable 12-digit project number derived from the project id."""
    return str(100_000_000_000 + zlib.crc32(project_id.encode()) * 97 % 899_999_999_999)


def stable_etag(*parts: Any) -> str:
    """A deterministic 27-character etag."""
    digest = hashlib.sha1(repr(parts).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:27]
