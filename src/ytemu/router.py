"""Routing primitives: :class:`Router`, :class:`Route`, :class:`RequestContext`,
:class:`Response` and :class:`Identity`.

A route is ``(http_method, path regex, api_method_name, handler)`` plus options:

* ``cost``: YouTube quota units (``None`` = not metered, e.g. OAuth/Cloud/admin);
* ``auth``: ``"required"`` (Bearer token checked, 401 otherwise), ``"optional"`` or
  ``"none"``;
* ``scopes``: any-of OAuth scopes the token must carry (403 insufficientPermissions);
* ``discovery``: a discovery document name (``"youtube.v3"``) used to validate the query
  (required params, types, ranges, enums) for ``api_method``;
* ``admin``: admin routes skip fault injection, quota and the request log;
* ``passthrough``: the handler runs without the lock or the pipeline (``/batch`` uses it
  to feed each inner request back through ``ctx.dispatcher``).

The path regex is matched with ``re.fullmatch`` against the URL path (no query); named
groups become ``ctx.path_params``.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ytemu import errors
from ytemu.errors import ApiError, encode_json

if TYPE_CHECKING:
    from ytemu.clock import EmuClock
    from ytemu.world import World

AuthMode = Literal["required", "optional", "none"]


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None  # error reason, for charging and the request log

    @classmethod
    def json(cls, obj: Any, status: int = 200) -> Response:
        return cls(status, encode_json(obj), {"Content-Type": "application/json; charset=UTF-8"})

    @classmethod
    def plain_json(cls, obj: Any, status: int = 200) -> Response:
        """Compact JSON without Google's escaping (OAuth and admin endpoints)."""
        body = json.dumps(obj).encode()
        return cls(status, body, {"Content-Type": "application/json; charset=utf-8"})

    @classmethod
    def empty(cls, status: int = 204) -> Response:
        return cls(status, b"", {})

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Response:
        return cls(status, b"", {"Location": location})

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain") -> Response:
        return cls(status, text.encode(), {"Content-Type": f"{content_type}; charset=utf-8"})

    @classmethod
    def from_error(cls, err: ApiError) -> Response:
        resp = cls.json(err.body, err.status)
        resp.reason = err.reason
        return resp


@dataclass(frozen=True)
class Identity:
    """Who is calling: resolved from the Bearer access token."""

    access_token: str
    client_id: str
    project: str
    channel_id: str
    scopes: tuple[str, ...]

    def has_any_scope(self, scopes: tuple[str, ...] | list[str]) -> bool:
        return any(s in self.scopes for s in scopes)


Handler = Callable[["RequestContext"], Response]


@dataclass
class Route:
    http_method: str
    pattern: re.Pattern[str]
    api_method: str
    handler: Handler
    cost: int | None = None
    auth: AuthMode = "required"
    scopes: tuple[str, ...] | None = None
    discovery: str | None = None
    admin: bool = False
    passthrough: bool = False


class Router:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(
        self,
        http_method: str,
        path_regex: str,
        api_method: str,
        handler: Handler,
        *,
        cost: int | None = None,
        auth: AuthMode = "required",
        scopes: tuple[str, ...] | list[str] | None = None,
        discovery: str | None = None,
        admin: bool = False,
        passthrough: bool = False,
    ) -> Route:
        route = Route(
            http_method.upper(),
            re.compile(path_regex),
            api_method,
            handler,
            cost=cost,
            auth=auth,
            scopes=tuple(scopes) if scopes is not None else None,
            discovery=discovery,
            admin=admin,
            passthrough=passthrough,
        )
        self.routes.append(route)
        return route

    def match(self, http_method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.http_method != http_method.upper():
                continue
            m = route.pattern.fullmatch(path)
            if m:
                return route, {k: v for k, v in m.groupdict().items() if v is not None}
        return None


@dataclass
class RequestContext:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    world: World
    route: Route | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    ident: Identity | None = None
    base_url: str = ""
    dispatcher: Any = None  # the ytemu.dispatch.Dispatcher serving this request
    _json: Any = None

    @property
    def api_method(self) -> str:
        return self.route.api_method if self.route else "unknown"

    @property
    def state(self) -> World:
        return self.world

    @property
    def clock(self) -> EmuClock:
        return self.world.clock

    def now(self) -> float:
        return self.world.clock.time()

    @property
    def identity(self) -> Identity:
        """The authenticated caller; raises 401 ``required`` when there is none."""
        if self.ident is None:
            raise errors.login_required()
        return self.ident

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def params(self, name: str) -> list[str]:
        """All values of a repeated parameter, comma lists flattened, blanks dropped."""
        out: list[str] = []
        for value in self.query.get(name, []):
            out.extend(v.strip() for v in value.split(",") if v.strip())
        return out

    def has(self, name: str) -> bool:
        return name in self.query

    def json(self) -> Any:
        """The JSON body (400 parseError if it is not JSON; ``{}`` if empty)."""
        if self._json is None:
            if not self.body.strip():
                self._json = {}
            else:
                try:
                    self._json = json.loads(self.body)
                except ValueError:
                    raise errors.parse_error() from None
        return self._json

    def json_object(self) -> dict[str, Any]:
        data = self.json()
        if not isinstance(data, dict):
            raise errors.parse_error()
        return data

    def form(self) -> dict[str, str]:
        """An ``application/x-www-form-urlencoded`` body (first value of each key)."""
        parsed = urllib.parse.parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items()}

    def playlist_id(self) -> str | None:
        """The playlist a call targets (used by fault rules), if any."""
        is_playlists = ".playlists." in self.api_method
        pid = self.param("playlistId") or (self.param("id") if is_playlists else None)
        if pid:
            return pid
        if ".playlistItems." in self.api_method and self.param("id"):
            return self.world.item_index.get(self.param("id") or "")
        ctype = self.headers.get("content-type", "")
        if not self.body or "json" not in ctype:
            return None
        try:
            data = self.json()
        except ApiError:
            return None
        if not isinstance(data, dict):
            return None
        snippet = data.get("snippet")
        if isinstance(snippet, dict) and isinstance(snippet.get("playlistId"), str):
            return str(snippet["playlistId"])
        if is_playlists and isinstance(data.get("id"), str):
            return str(data["id"])
        return None
