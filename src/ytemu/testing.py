"""In-process emulator for tests and ``ytrix demo``, and :func:`click_consent`, the user
at the consent screen.

>>> with start_emulator(seed="demo") as emu:            # doctest: +SKIP
...     yt = emu.youtube("demo-main")
...     yt.channels().list(part="snippet", mine=True).execute()
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from ytemu.admin import EmuAdmin
from ytemu.clock import EmuClock, start_offset_from_env
from ytemu.model import Settings
from ytemu.seed import apply_seed
from ytemu.server import EmulatorServer
from ytemu.world import World

YOUTUBE_SCOPE = "https://www.googleapis.com/auth/youtube"


class RunningEmulator:
    """A started emulator: ``base_url``, ``admin``, ``world`` (direct, in-process access;
    hold ``world.lock`` while touching it) and ``stop()``."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.world = server.world
        self.base_url = server.base_url
        self.admin = EmuAdmin(self.base_url)

    @property
    def token_uri(self) -> str:
        return self.base_url + "/token"

    @property
    def auth_uri(self) -> str:
        return self.base_url + "/o/oauth2/auth"

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _client(self, client_id: str) -> tuple[str, str]:
        with self.world.lock:
            client = self.world.clients.get(client_id)
            if client is None:
                raise KeyError(f"unknown OAuth client {client_id!r}")
            return client.client_id, client.client_secret

    def client_config(self, client_id: str) -> dict[str, Any]:
        """An ``InstalledAppFlow.from_client_config`` dict pointing at this emulator."""
        cid, secret = self._client(client_id)
        return {
            "installed": {
                "client_id": cid,
                "client_secret": secret,
                "project_id": self.world.clients[cid].project,
                "auth_uri": self.auth_uri,
                "token_uri": self.token_uri,
                "redirect_uris": ["http://localhost"],
            }
        }

    def authorized_user_info(
        self, client_id: str, channel_id: str | None = None, scopes: list[str] | None = None
    ) -> dict[str, Any]:
        """Mint a refresh token; returns the ``authorized_user`` JSON shape (with our
        ``token_uri`` -- remember ``from_authorized_user_info`` ignores it)."""
        grant = self.admin.issue_tokens(client_id, channel_id, scopes or [YOUTUBE_SCOPE])
        return {
            "type": "authorized_user",
            "refresh_token": grant["refresh_token"],
            "client_id": grant["client_id"],
            "client_secret": grant["client_secret"],
            "token_uri": self.token_uri,
            "scopes": grant["scopes"],
        }

    def credentials(
        self, client_id: str, channel_id: str | None = None, scopes: list[str] | None = None
    ) -> Any:
        """Real ``google.oauth2.credentials.Credentials`` that refresh through ``/token``."""
        from google.oauth2 import credentials as google_credentials

        credentials_cls: Any = google_credentials.Credentials
        info = self.authorized_user_info(client_id, channel_id, scopes)
        return credentials_cls(
            token=None,
            refresh_token=info["refresh_token"],
            token_uri=info["token_uri"],
            client_id=info["client_id"],
            client_secret=info["client_secret"],
            scopes=info["scopes"],
        )

    def youtube(
        self,
        client_id: str = "demo-main",
        channel_id: str | None = None,
        scopes: list[str] | None = None,
    ) -> Any:
        """A real ``googleapiclient`` YouTube service bound to this emulator."""
        from googleapiclient.discovery import build

        creds = self.credentials(client_id, channel_id, scopes)
        return build(
            "youtube",
            "v3",
            credentials=creds,
            static_discovery=True,
            client_options={"api_endpoint": self.base_url},
            cache_discovery=False,
        )


class RawClient:
    """Plain-HTTP calls to ``/youtube/v3/...`` with a token minted by the admin API, for
    tests that need exact status codes and bodies without a client library."""

    def __init__(
        self,
        emu: RunningEmulator,
        client_id: str = "demo-main",
        scopes: list[str] | None = None,
        channel_id: str | None = None,
    ) -> None:
        self.emu = emu
        grant = emu.admin.issue_tokens(client_id, channel_id, scopes or [YOUTUBE_SCOPE])
        self.token: str | None = grant["access_token"]
        self.refresh_token = grant["refresh_token"]

    def call(
        self,
        method: str,
        resource: str,
        query: dict[str, Any] | None = None,
        body: Any = None,
        token: str | None = "default",
        raw_body: bytes | None = None,
    ) -> tuple[int, Any, bytes]:
        """``(status, parsed JSON or None, raw bytes)``; ``token=None`` sends no auth."""
        url = f"{self.emu.base_url}/youtube/v3/{resource}"
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        data = raw_body
        if data is None and body is not None:
            data = json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method)
        tok = self.token if token == "default" else token
        if tok:
            req.add_header("Authorization", f"Bearer {tok}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                payload: bytes = resp.read()
                status = int(resp.status)
        except urllib.error.HTTPError as exc:
            payload = exc.read()
            status = exc.code
        return status, (json.loads(payload) if payload else None), payload

    def reason(self, *args: Any, **kwargs: Any) -> tuple[int, str | None]:
        """``(status, errors[0].reason)`` -- reason is None for a success."""
        status, data, _ = self.call(*args, **kwargs)
        if status < 300:
            return status, None
        err = data["error"]
        return status, err["errors"][0]["reason"] if "errors" in err else err.get("status")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_CHOICE = re.compile(r'<a data-channel-id="([^"]+)" href="([^"]+)">([^<]*)</a>')


def _open(url: str, timeout: float) -> tuple[str | None, str]:
    """``(redirect location, None)`` or ``(None, the page shown)`` for a consent URL."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=timeout) as resp:
            return None, resp.read().decode()
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307):
            return str(exc.headers["Location"]), ""
        raise


def _pick_from(url: str, page: str, channel: str | None) -> str:
    choices = [(c, html.unescape(href), html.unescape(t)) for c, href, t in _CHOICE.findall(page)]
    if not choices:
        raise ValueError(f"{url} showed neither a redirect nor a channel chooser")
    for cid, href, label in choices:
        if channel is None or channel in (cid, label) or label.endswith(f"({channel})"):
            return urllib.parse.urljoin(url, href)
    raise ValueError(f"channel {channel!r} is not offered; the chooser lists {choices}")


def click_consent(auth_url: str, channel: str | None = None, timeout: float = 30) -> str:
    """Be the user at the browser: open the consent URL, pick ``channel`` on the account
    chooser when one is shown (id, title or @handle; default: the first listed, the
    account's own channel), and follow the redirect back to the app's loopback server.
    Returns the URL the app received."""
    location, page = _open(auth_url, timeout)
    if location is None:
        location, _ = _open(_pick_from(auth_url, page, channel), timeout)
    if location is None:
        raise ValueError(f"picking a channel on {auth_url} did not redirect back to the app")
    with urllib.request.urlopen(location, timeout=timeout) as resp:
        resp.read()
    return location


def make_world(
    seed: str | None = None,
    state_path: str | Path | None = None,
    *,
    clock_offset: float | None = None,
    **settings: Any,
) -> World:
    """A world loaded from ``state_path`` if that file exists, else seeded.

    Its clock starts ``clock_offset`` seconds from real time (default: the
    ``YTEMU_CLOCK_OFFSET`` environment variable, else 0); a loaded state keeps its own.
    """
    offset = start_offset_from_env() if clock_offset is None else clock_offset
    world = World(EmuClock(offset))
    if state_path is not None and Path(state_path).exists():
        world.load(state_path)
    elif seed:
        apply_seed(world, seed)
    if settings:
        data = world.settings.to_dict()
        unknown = set(settings) - set(data)
        if unknown:
            raise TypeError(f"unknown emulator settings: {sorted(unknown)}")
        data.update(settings)
        world.settings = Settings.from_dict(data)
        world.settings.check()
    return world


def start_emulator(
    seed: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    state_path: str | Path | None = None,
    verbose: bool = False,
    clock_offset: float | None = None,
    **settings: Any,
) -> RunningEmulator:
    """Start an emulator on an ephemeral loopback port in a daemon thread.

    ``settings`` are :class:`ytemu.model.Settings` fields (``playlist_capacity=3``,
    ``access_token_ttl=60``, ``latency_ms=5`` ...).
    """
    world = make_world(seed, state_path, clock_offset=clock_offset, **settings)
    server = EmulatorServer(world, host=host, port=port, state_path=state_path, verbose=verbose)
    server.start()
    return RunningEmulator(server)
