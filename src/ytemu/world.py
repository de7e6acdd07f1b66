"""The emulated world: one lock, the clock, all records, the quota ledger, fault rules,
the request log, and JSON persistence (atomic write).

Handlers always run with ``world.lock`` held (the dispatcher takes it), so they may read
and mutate freely but must not sleep.  Other modules (cloud, captions) keep their own
JSON-serialisable data in ``world.ext(name)``, which is persisted with the world.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any

from ytemu.clock import EmuClock
from ytemu.faults import FaultBook
from ytemu.model import (
    AccessToken,
    AuthCode,
    Channel,
    LogEntry,
    OAuthClient,
    Playlist,
    PlaylistItem,
    Project,
    RefreshToken,
    Settings,
    Video,
)
from ytemu.quota import QuotaLedger

STATE_VERSION = 1
PERSISTED_LOG = 10_000  # newest request-log entries kept in the state file
_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def random_id(length: int, alphabet: str = _ID_ALPHABET) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


class StateFileError(ValueError):
    """A ``--state`` file that cannot be read as a saved world."""


class World:
    """All emulator state.  Use ``with world.lock:`` around every access."""

    def __init__(self, clock: EmuClock | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock or EmuClock()
        self.settings = Settings()
        self.channels: dict[str, Channel] = {}
        self.videos: dict[str, Video] = {}
        self.playlists: dict[str, Playlist] = {}
        self.item_index: dict[str, str] = {}  # playlist item id -> playlist id
        self.projects: dict[str, Project] = {}
        self.clients: dict[str, OAuthClient] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.access_tokens: dict[str, AccessToken] = {}
        self.retired_tokens: dict[str, str] = {}  # purged access token -> its client id
        self.auth_codes: dict[str, AuthCode] = {}
        self.signed_in: str | None = None  # channel id that "clicks allow"
        self.mine_channel: str | None = None  # default signed-in channel
        self.creations: dict[str, list[float]] = {}  # channel id -> playlist creation times
        self.quota = QuotaLedger()
        self.faults = FaultBook()
        self.log: list[LogEntry] = []
        self.extensions: dict[str, dict[str, Any]] = {}
        self.dirty = False
        self.state_path: str | None = None  # where admin "save" writes by default

    # --- helpers ------------------------------------------------------------------------

    def ext(self, name: str) -> dict[str, Any]:
        """A persisted JSON-serialisable dict owned by extension module ``name``."""
        return self.extensions.setdefault(name, {})

    def now(self) -> float:
        return self.clock.time()

    def today(self) -> str:
        return self.clock.pacific_day().isoformat()

    def account(self) -> str | None:
        """The channel that consents on the OAuth screen."""
        return self.signed_in or self.mine_channel

    def ensure_project(self, project_id: str, daily_quota: int | None = None) -> Project:
        project = self.projects.get(project_id)
        if project is None:
            project = Project(id=project_id)
            self.projects[project_id] = project
        if daily_quota is not None:
            project.daily_quota = daily_quota
        return project

    def add_client(
        self,
        client_id: str,
        client_secret: str,
        project: str,
        daily_quota: int | None = None,
        testing: bool = False,
    ) -> OAuthClient:
        self.ensure_project(project, daily_quota)
        client = OAuthClient(client_id, client_secret, project, testing=testing)
        self.clients[client_id] = client
        return client

    def add_channel(self, channel: Channel) -> Channel:
        self.channels[channel.id] = channel
        if self.mine_channel is None:
            self.mine_channel = channel.id
        return channel

    def account_channels(self, account: str) -> list[Channel]:
        """The channels a Google account owns: its personal channel first, then its
        Brand Account channels by title."""
        owned = [c for c in self.channels.values() if account and c.owner_account == account]
        return sorted(owned, key=lambda c: (c.email != account, c.title.lower(), c.id))

    def find_channel(self, ref: str) -> Channel | None:
        """By id, ``@handle``/handle (case-insensitive) or email."""
        if ref in self.channels:
            return self.channels[ref]
        low = ref.lower().lstrip("@")
        for ch in self.channels.values():
            if ch.handle.lower().lstrip("@") == low or (ch.email and ch.email.lower() == low):
                return ch
        return None

    def add_playlist(self, playlist: Playlist) -> Playlist:
        self.playlists[playlist.id] = playlist
        for item in playlist.items:
            self.item_index[item.id] = playlist.id
        return playlist

    def new_item(
        self,
        playlist: Playlist,
        video_id: str,
        position: int | None = None,
        item_id: str | None = None,
        added_at: float | None = None,
    ) -> PlaylistItem:
        item = PlaylistItem(
            id=item_id or self.new_item_id(),
            video_id=video_id,
            added_at=self.now() if added_at is None else added_at,
        )
        if position is None or position >= len(playlist.items):
            playlist.items.append(item)
        else:
            playlist.items.insert(max(position, 0), item)
        self.item_index[item.id] = playlist.id
        return item

    def new_item_id(self) -> str:
        while True:
            candidate = "UEx" + random_id(45, _ID_ALPHABET[:62])
            if candidate not in self.item_index:
                return candidate

    def new_playlist_id(self) -> str:
        while True:
            candidate = "PL" + random_id(32)
            if candidate not in self.playlists:
                return candidate

    def log_request(self, entry: LogEntry) -> None:
        self.log.append(entry)
        excess = len(self.log) - self.settings.log_limit
        if excess > 0:
            del self.log[:excess]

    # --- persistence --------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "clock_offset": self.clock.offset,
            "settings": self.settings.to_dict(),
            "channels": [c.to_dict() for c in self.channels.values()],
            "videos": [v.to_dict() for v in self.videos.values()],
            "playlists": [p.to_dict() for p in self.playlists.values()],
            "projects": [p.to_dict() for p in self.projects.values()],
            "clients": [c.to_dict() for c in self.clients.values()],
            "refresh_tokens": [t.to_dict() for t in self.refresh_tokens.values()],
            "access_tokens": [t.to_dict() for t in self.access_tokens.values()],
            "auth_codes": [c.to_dict() for c in self.auth_codes.values()],
            "signed_in": self.signed_in,
            "mine_channel": self.mine_channel,
            "playlist_creations": self.creations,
            "quota": self.quota.to_dict(),
            "faults": self.faults.to_list(),
            "log": [e.to_dict() for e in self.log[-PERSISTED_LOG:]],
            "extensions": self.extensions,
        }

    def load_dict(self, data: dict[str, Any]) -> None:
        """Replace the whole state with ``data`` (from :meth:`to_dict`)."""
        if "clock_offset" in data:  # an empty state (reset) keeps the clock where it started
            self.clock.set_offset(float(data["clock_offset"]))
        self.settings = Settings.from_dict(data.get("settings", {}))
        self.settings.check()
        self.channels = {c["id"]: Channel.from_dict(c) for c in data.get("channels", [])}
        self.videos = {v["id"]: Video.from_dict(v) for v in data.get("videos", [])}
        self.playlists = {}
        self.item_index = {}
        for p in data.get("playlists", []):
            self.add_playlist(Playlist.from_dict(p))
        self.projects = {p["id"]: Project.from_dict(p) for p in data.get("projects", [])}
        self.clients = {c["client_id"]: OAuthClient.from_dict(c) for c in data.get("clients", [])}
        self.refresh_tokens = {
            t["token"]: RefreshToken.from_dict(t) for t in data.get("refresh_tokens", [])
        }
        self.access_tokens = {
            t["token"]: AccessToken.from_dict(t) for t in data.get("access_tokens", [])
        }
        self.auth_codes = {c["code"]: AuthCode.from_dict(c) for c in data.get("auth_codes", [])}
        self.retired_tokens = {}
        self.signed_in = data.get("signed_in")
        self.mine_channel = data.get("mine_channel")
        self.creations = {
            str(c): [float(t) for t in times]
            for c, times in data.get("playlist_creations", {}).items()
        }
        self.quota = QuotaLedger.from_dict(data.get("quota", {}))
        self.faults = FaultBook()
        self.faults.load(data.get("faults", []))
        self.log = [LogEntry.from_dict(e) for e in data.get("log", [])]
        self.extensions = dict(data.get("extensions", {}))

    def reset(self) -> None:
        """Empty world (keeps the lock and the clock object; resets the clock offset)."""
        self.clock.reset()
        self.load_dict({})

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Atomically write the state as JSON to ``path``."""
        target = Path(path)
        with self.lock:
            text = json.dumps(self.to_dict(), separators=(",", ":"))
            self.dirty = False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def load(self, path: str | os.PathLike[str]) -> None:
        """Replace the state with a saved one; :class:`StateFileError` names what is wrong."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StateFileError(f"cannot read the state file {path}: {exc}") from None
        if not isinstance(data, dict):
            raise StateFileError(f"{path} is not a ytemu state file (not a JSON object)")
        with self.lock:
            try:
                self.load_dict(data)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.reset()
                raise StateFileError(f"{path} is not a ytemu state file ({exc!r})") from None
