"""`config.toml`: the user's projects, profiles and endpoint overrides.

Validated with pydantic; every problem is reported as one ConfigError naming the
file and the line/column (syntax) or the key path (schema), so nothing else runs
on a broken config.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ytrix.core.errors import ConfigError
from ytrix.core.paths import check_safe_name

LEGACY_PROJECT_NAME = "default"
GOOGLE_YOUTUBE_ENDPOINT = "https://youtube.googleapis.com"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
GOOGLE_AUTH_URI = "https://accounts.google.com/o/oauth2/auth"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OAuthConfig(_Strict):
    """Legacy single-project credentials (`[oauth]`, token in `token.json`)."""

    client_id: str = Field(min_length=1)
    client_secret: str = Field(min_length=1)


class ProjectConfig(_Strict):
    name: str
    client_id: str = Field(min_length=1)
    client_secret: str = Field(min_length=1)
    quota_group: str = "default"
    # strict: TOML's `true` or "10000" is a mistake, not 1 or 10000
    priority: int = Field(default=0, strict=True)
    daily_quota: int = Field(default=10_000, gt=0, strict=True)
    reserve: int = Field(default=0, ge=0, strict=True)
    # The Google Cloud project (ID or number) behind client_id, for `projects --sync-usage`;
    # by default the number Google's client IDs start with ("123456789012-....").
    cloud_project: str | None = Field(default=None, min_length=1)

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        try:
            return check_safe_name("project", value)
        except Exception as exc:  # re-raised as a pydantic error with its key path
            raise ValueError(str(exc)) from None

    @field_validator("quota_group")
    @classmethod
    def _named_group(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a group (leave the key out for 'default')")
        return value

    @model_validator(mode="after")
    def _reserve_below_quota(self) -> ProjectConfig:
        if self.reserve >= self.daily_quota:
            # a reserve of the whole quota would leave no unit for any write
            raise ValueError(
                f"reserve ({self.reserve}) must be less than daily_quota ({self.daily_quota})"
            )
        return self


class CloudEndpoints(_Strict):
    cloudresourcemanager: str | None = None
    serviceusage: str | None = None
    iam: str | None = None
    cloudbilling: str | None = None
    monitoring: str | None = None


class ApiConfig(_Strict):
    """Endpoint overrides: the same code talks to Google or to ytemu."""

    youtube_endpoint: str = GOOGLE_YOUTUBE_ENDPOINT
    token_uri: str = GOOGLE_TOKEN_URI
    auth_uri: str = GOOGLE_AUTH_URI
    cloud_endpoints: CloudEndpoints = CloudEndpoints()
    timeout: float = Field(default=60.0, gt=0, le=3600, strict=True)  # seconds per request
    # Read Google's count once per run, before the first write.
    sync_usage: bool = Field(default=False, strict=True)

    @property
    def is_google(self) -> bool:
        return self.youtube_endpoint.rstrip("/") == GOOGLE_YOUTUBE_ENDPOINT


# yt-dlp's own grammar for --cookies-from-browser (yt_dlp/__init__.py):
# BROWSER[+KEYRING][:PROFILE][::CONTAINER]
BROWSER_SPEC_RE = re.compile(
    r"(?P<name>[^+:]+)(?:\s*\+\s*(?P<keyring>[^:]+))?"
    r"(?:\s*:\s*(?!:)(?P<profile>.+?))?(?:\s*::\s*(?P<container>.+))?"
)
JS_RUNTIMES = ("deno", "node", "bun", "quickjs")  # the runtimes yt-dlp can use


class YtdlpConfig(_Strict):
    """`[ytdlp]`: how yt-dlp reaches YouTube, handed to yt-dlp as its own options
    (`cookiefile`, `cookiesfrombrowser`, `js_runtimes`). Cookies are what get past
    "Sign in to confirm you're not a bot" and what read Watch later."""

    cookies: str | None = None  # a Netscape cookie file, as yt-dlp's --cookies
    cookies_from_browser: str | None = None  # BROWSER[+KEYRING][:PROFILE][::CONTAINER]
    js_runtimes: list[str] = []  # empty: yt-dlp's default (deno)

    @field_validator("cookies_from_browser")
    @classmethod
    def _browser_spec(cls, value: str | None) -> str | None:
        if value is not None and BROWSER_SPEC_RE.fullmatch(value) is None:
            raise ValueError("expected BROWSER[+KEYRING][:PROFILE][::CONTAINER]")
        return value

    @field_validator("js_runtimes")
    @classmethod
    def _runtimes(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in JS_RUNTIMES]
        if unknown:
            raise ValueError(
                f"unknown runtime {unknown[0]!r} (yt-dlp knows {', '.join(JS_RUNTIMES)})"
            )
        return value

    @property
    def has_cookies(self) -> bool:
        return bool(self.cookies or self.cookies_from_browser)


# New playlists per channel per rolling 24 h that ytrix allows itself (YouTube's own
# cap is about 10; platform-limits.md §1).
CREATION_LIMIT = Field(default=10, ge=1, le=1000)


class StorageConfig(_Strict):
    """Where the state lives: unset, the profile's SQLite file; a PostgreSQL URL when
    several machines share one pool of projects (YTRIX_DATABASE_URL overrides it)."""

    url: str | None = None
    retry_seconds: float = Field(default=30.0, ge=0, le=3600)  # a lost connection

    @field_validator("url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        from urllib.parse import urlsplit

        if urlsplit(value.strip()).scheme not in ("postgresql", "postgres"):
            raise ValueError("must be a postgresql:// URL")
        return value.strip()


class UserConfig(_Strict):
    name: str
    channel_id: str | None = None
    playlist_creation_limit: int | None = Field(default=None, ge=1, le=1000)  # else top-level
    oauth: OAuthConfig | None = None
    projects: list[ProjectConfig] = []

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        try:
            return check_safe_name("user", value)
        except Exception as exc:
            raise ValueError(str(exc)) from None


class Config(_Strict):
    channel_id: str | None = None
    playlist_creation_limit: int = CREATION_LIMIT
    oauth: OAuthConfig | None = None
    projects: list[ProjectConfig] = []
    api: ApiConfig = ApiConfig()
    ytdlp: YtdlpConfig = YtdlpConfig()
    storage: StorageConfig = StorageConfig()
    users: list[UserConfig] = []


class Profile(BaseModel):
    """What one command works with: the selected user's channel and projects."""

    model_config = ConfigDict(frozen=True)

    user: str | None
    channel_id: str | None
    projects: list[ProjectConfig]
    legacy: bool
    api: ApiConfig
    ytdlp: YtdlpConfig = YtdlpConfig()
    playlist_creation_limit: int = 10

    def project(self, name: str) -> ProjectConfig:
        for project in self.projects:
            if project.name == name:
                return project
        known = ", ".join(p.name for p in self.projects) or "none"
        raise ConfigError(
            f"Unknown project {name!r} (configured: {known})",
            "Check the name with `ytrix projects`, or add it with `ytrix projects_add NAME`.",
        )

    def shared_clients(self) -> list[list[str]]:
        """Names of projects configured with the same OAuth client ID: one Cloud project
        with one quota, that rotation and `quota_status` would count twice."""
        by_client: dict[str, list[str]] = {}
        for project in self.projects:
            by_client.setdefault(project.client_id, []).append(project.name)
        return [names for names in by_client.values() if len(names) > 1]

    def qualified(self, project: str) -> str:
        """Projects are keyed by user internally: two profiles may both have "main"."""
        return f"{self.user or ''}/{project}"


# pydantic's error types for a number given as something else
NUMBER_ERRORS = {"int_type", "float_type", "int_parsing", "float_parsing"}


def _format_loc(loc: tuple[int | str, ...], raw: dict[str, Any]) -> str:
    parts: list[str] = []
    node: Any = raw
    for item in loc:
        if isinstance(item, int):
            name = None
            if isinstance(node, list) and item < len(node) and isinstance(node[item], dict):
                name = node[item].get("name")
            label = f"[{item}]" if name is None else f"[{item}] (name = {name!r})"
            parts.append(label)
            node = node[item] if isinstance(node, list) and item < len(node) else None
        else:
            parts.append(f".{item}" if parts else str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts)


def parse_config(text: str, source: Path) -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{source}: invalid TOML: {exc}",
            "Fix the line named above; `ytrix config` shows the expected format.",
        ) from None
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = _format_loc(tuple(err["loc"]), raw)
            what = "missing required key" if err["type"] == "missing" else err["msg"]
            what = what.removeprefix("Value error, ")
            value = err.get("input")
            if err["type"] in NUMBER_ERRORS and isinstance(value, bool | str):
                what += f", not {json.dumps(value)}"  # as TOML writes it: true, "10"
            if err["type"] == "extra_forbidden":
                what = "unknown key"
            problems.append(f"{where}: {what}")
        raise ConfigError(
            f"{source}: " + "; ".join(problems),
            "Fix the key named above; `ytrix config` shows the expected format.",
        ) from None


def read_config_text(path: Path) -> str | None:
    """The config file's text, or None when it does not exist; a file that cannot be
    read (a directory, not UTF-8, no permission) is a ConfigError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None


def load_config(path: Path) -> Config | None:
    """The parsed config, or None when the file does not exist."""
    text = read_config_text(path)
    return None if text is None else parse_config(text, path)


def select_profile(config: Config, user: str | None) -> Profile:
    limit = config.playlist_creation_limit
    if user is None:
        channel_id, oauth, projects = config.channel_id, config.oauth, config.projects
    else:
        match = next((u for u in config.users if u.name == user), None)
        if match is None:
            known = ", ".join(u.name for u in config.users) or "none defined"
            raise ConfigError(
                f"Unknown user {user!r} (known users: {known})",
                "Add a [[users]] entry with this name to config.toml, or drop --user.",
            )
        channel_id, oauth, projects = match.channel_id, match.oauth, match.projects
        limit = match.playlist_creation_limit or limit
    _check_unique(projects)
    legacy = not projects and oauth is not None
    if legacy:
        assert oauth is not None
        projects = [
            ProjectConfig(
                name=LEGACY_PROJECT_NAME,
                client_id=oauth.client_id,
                client_secret=oauth.client_secret,
            )
        ]
    return Profile(
        user=user,
        channel_id=channel_id,
        projects=projects,
        legacy=legacy,
        api=config.api,
        ytdlp=config.ytdlp,
        playlist_creation_limit=limit,
    )


def _check_unique(projects: list[ProjectConfig]) -> None:
    seen: set[str] = set()
    for project in projects:
        if project.name in seen:
            raise ConfigError(
                f"Project name {project.name!r} is configured twice",
                "Give every [[projects]] entry its own name.",
            )
        seen.add(project.name)


def shared_client_warning(names: list[str]) -> str:
    listed = " and ".join([", ".join(names[:-1]), names[-1]])
    return (
        f"Projects {listed} use the same client_id: that is one Cloud project with one "
        "daily quota, which rotation and quota_status would count more than once. Give "
        "each entry the OAuth client of its own Cloud project."
    )


SECRET_MASK = "******** (hidden)"
