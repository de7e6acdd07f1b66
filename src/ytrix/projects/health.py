"""`projects --check`: the health of every project's credentials, without spending
quota. For each project: is a token file there, does a real refresh through the
configured token_uri work, do the granted scopes allow writes, and does the token
look like a 7-day "Testing" token. Dead credentials are marked in the ledger (so
rotation skips them); a stale dead mark is cleared when the refresh works.

The refresh is a plain OAuth form POST (stdlib): it costs no API units, imports no
Google client library, and shows the token endpoint's whole answer (granted
`scope`, `refresh_token_expires_in`), which google-auth keeps to itself.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ytrix.auth.tokens import WRITE_SCOPES, looks_like_testing_token
from ytrix.core import clock
from ytrix.core.errors import AuthNeeded
from ytrix.core.jsonify import pick
from ytrix.quota.notices import wrong_channel_fix

if TYPE_CHECKING:
    from ytrix.core.config import ApiConfig, ProjectConfig
    from ytrix.quota.pool import Pool

DEAD_ERRORS = frozenset({"invalid_grant"})
CLIENT_ERRORS = frozenset({"invalid_client", "unauthorized_client", "deleted_client"})
MAX_PARALLEL = 8
TESTING_DEATH = (
    "the token died about 7 days after it was issued: the OAuth consent screen is "
    "probably still in 'Testing'. Publish it 'In production' to stop weekly expiry"
)


class RefreshFailed(Exception):
    """The token endpoint answered with an OAuth error."""

    def __init__(self, status: int, error: str, description: str):
        super().__init__(f"{error}: {description}" if description else error)
        self.status = status
        self.error = error
        self.description = description


class Unreachable(Exception):
    """No answer from the token endpoint (network, timeout, server error)."""


@dataclass
class Health:
    name: str
    token_present: bool
    # healthy | auth_needed | not_authenticated | unreachable | wrong_channel
    state: str = "healthy"
    refresh_ok: bool | None = None  # None: not attempted
    granted_scopes: list[str] = field(default_factory=list)
    scopes_ok: bool | None = None
    problem: str | None = None
    fix: str | None = None
    warning: str | None = None
    issued_at: datetime | None = None
    refresh_expires_in: int | None = None
    dead_detail: str | None = None  # what the ledger's dead mark says
    marked_dead: bool = False
    cleared_dead_mark: bool = False
    channel: str | None = None  # the token's channel, as recorded (None: not checked yet)
    expected_channel: str | None = None

    @property
    def needs_auth(self) -> bool:
        return self.state in ("auth_needed", "not_authenticated", "wrong_channel")

    def to_json(self) -> dict[str, Any]:
        names = "name state token_present refresh_ok granted_scopes scopes_ok needs_auth"
        return {
            **pick(self, f"{names} problem fix warning"),
            "issued_at": clock.iso(self.issued_at) if self.issued_at else None,
            "refresh_token_expires_in": self.refresh_expires_in,
            **pick(self, "marked_dead cleared_dead_mark channel expected_channel"),
        }


def refresh_grant(
    token_uri: str, client_id: str, client_secret: str, refresh_token: str, timeout: float
) -> dict[str, Any]:
    """One refresh-token grant (RFC 6749 §6); the endpoint's JSON answer."""
    body = urllib.parse.urlencode(
        {
            "grant_type": "refresh_token",
            "client_id": client_id,
            "client_secret": client_secret,
            "refresh_token": refresh_token,
        }
    ).encode()
    request = urllib.request.Request(
        token_uri,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: Any = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        payload: Any = {}
        with contextlib.suppress(ValueError):
            payload = json.loads(exc.read().decode("utf-8", "replace"))
        if not isinstance(payload, dict):
            payload = {}
        error = str(payload.get("error") or "")
        if exc.code >= 500 or not error:
            raise Unreachable(f"the token endpoint answered HTTP {exc.code}") from None
        raise RefreshFailed(exc.code, error, str(payload.get("error_description") or "")) from None
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise Unreachable(f"{type(cause).__name__}: {cause}") from None
    except ValueError:
        raise Unreachable("the token endpoint answered something other than JSON") from None
    if not isinstance(data, dict) or "access_token" not in data:
        raise Unreachable("the token endpoint answered without an access token")
    return data


def check_project(
    project: ProjectConfig, token: dict[str, Any] | None, api: ApiConfig, now: datetime
) -> Health:
    """The health of one project's credentials (no ledger access; thread-safe)."""
    fix = f"ytrix projects_auth {project.name}"
    if token is None:
        return Health(
            project.name,
            token_present=False,
            state="not_authenticated",
            problem="no token file",
            fix=fix,
        )
    health = Health(project.name, token_present=True)
    stamp = token.get("ytrix_issued_at")
    health.issued_at = clock.parse_iso(stamp) if isinstance(stamp, str) else None
    try:
        answer = refresh_grant(
            api.token_uri,
            project.client_id,
            project.client_secret,
            str(token["refresh_token"]),
            api.timeout,
        )
    except RefreshFailed as exc:
        health.refresh_ok = False
        health.state = "auth_needed"
        health.dead_detail = str(exc)
        health.fix = fix
        if exc.error in CLIENT_ERRORS:
            health.problem = f"OAuth client rejected ({exc})"
            health.fix = (
                f"check client_id and client_secret of project {project.name} in "
                f"config.toml, then run `{fix}`"
            )
        else:
            health.problem = f"refresh failed ({exc})"
            if exc.error in DEAD_ERRORS and looks_like_testing_token(health.issued_at, now):
                health.warning = TESTING_DEATH
        return health
    except Unreachable as exc:
        health.state = "unreachable"
        health.problem = f"token endpoint unreachable ({exc})"
        health.fix = "check the connection and run `ytrix projects --check` again"
        return health
    health.refresh_ok = True
    scope = answer.get("scope")
    health.granted_scopes = sorted(str(scope).split()) if scope else list(token.get("scopes") or [])
    health.scopes_ok = bool(WRITE_SCOPES & set(health.granted_scopes))
    if not health.scopes_ok:
        health.state = "auth_needed"
        health.problem = (
            "granted scopes do not allow changing playlists ("
            + (", ".join(s.rsplit("/", 1)[-1] for s in health.granted_scopes) or "none")
            + ")"
        )
        health.fix = fix
    expires_in = answer.get("refresh_token_expires_in")
    if isinstance(expires_in, int | float):
        health.refresh_expires_in = int(expires_in)
        health.warning = (
            f"the refresh token expires in {_lifetime(expires_in)}: the OAuth "
            "consent screen is probably in 'Testing' (7-day tokens). Publish it 'In "
            f"production', then run `{fix}`"
        )
    return health


def _channel(pool: Pool, project: ProjectConfig, health: Health, expected: str | None) -> None:
    """The channel recorded with the token (no call: an unchecked one is checked on
    first use); a working token of another channel is marked wrong."""
    channel = pool.tokens.channel(project.name)
    health.channel = channel.channel_id if channel else None
    health.expected_channel = expected
    wrong = pool.identity.wrong(project)
    if wrong is not None and health.state == "healthy":
        health.state = "wrong_channel"
        health.problem = (
            f"the token belongs to channel {wrong.label()}, not this profile's channel {expected}"
        )
        health.fix = wrong_channel_fix(project.name)


def _lifetime(seconds: float) -> str:
    """`6d 23h` for token lifetimes (days matter), else `5h 30m`."""
    days, rest = divmod(int(seconds), 86400)
    return f"{days}d {rest // 3600}h" if days else clock.format_duration(rest)


def _read_token(pool: Pool, name: str) -> tuple[dict[str, Any] | None, str | None]:
    try:
        return pool.tokens.read(name), None
    except AuthNeeded as exc:
        return None, exc.message


def check_all(pool: Pool) -> list[Health]:
    """Check every project this invocation may use (all of them unless --project or
    --quota-group narrows it), in parallel; then bring the ledger's dead marks in
    line with what the token endpoint said."""
    now = pool.clock.now()
    api = pool.profile.api
    projects = pool.eligible
    tokens = {p.name: _read_token(pool, p.name) for p in projects}

    def one(project: ProjectConfig) -> Health:
        token, unreadable = tokens[project.name]
        if unreadable is not None:
            return Health(
                project.name,
                token_present=True,
                state="auth_needed",
                problem=unreadable,
                dead_detail=unreadable,
                fix=f"ytrix projects_auth {project.name}",
            )
        return check_project(project, token, api, now)

    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, max(1, len(projects)))) as executor:
        results = list(executor.map(one, projects))
    expected = pool.identity.expected()
    for health, project in zip(results, projects, strict=True):
        _channel(pool, project, health, expected)
    for health in results:
        was_dead = pool.dead.reason(health.name) is not None
        if health.refresh_ok:
            if was_dead:
                pool.ledger.clear_auth_dead(health.name)
                health.cleared_dead_mark = True
        elif health.state == "auth_needed" and health.token_present:
            pool.dead.mark(health.name, now, health.dead_detail or "refresh failed")
            health.marked_dead = True
    return results
