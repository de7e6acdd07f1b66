"""Which database holds the state: `YTRIX_DATABASE_URL`, else `[storage] url` in
config.toml, else the profile's SQLite file. URLs are shown with the password masked."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ytrix.core.errors import ConfigError

ENV_URL = "YTRIX_DATABASE_URL"
SCHEMES = ("postgresql", "postgres")
MASK = "****"
DEFAULT_RETRY_SECONDS = 30.0


def mask_url(url: str) -> str:
    """The URL with its password (in the authority or the query) replaced by ****."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":" + MASK
        netloc = f"{userinfo}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, MASK if k == "password" else v) for k, v in pairs], safe="*/")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def check_url(url: str, source: str) -> str:
    """A PostgreSQL URL, or a ConfigError naming where the bad value came from."""
    scheme = urlsplit(url).scheme
    if scheme not in SCHEMES:
        raise ConfigError(
            f"{source}: the state database URL must start with postgresql:// "
            f"(got {mask_url(url)!r})",
            "Example: postgresql://ytrix@db.example.org:5432/ytrix; leave it unset to keep "
            "the state in the local SQLite file.",
        )
    return url


def configured_url(config_file: Path) -> tuple[str | None, str]:
    """(the URL or None, where it came from). The environment wins over the file."""
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return check_url(env, ENV_URL), ENV_URL
    section = _storage_section(config_file)
    url = section.get("url")
    if isinstance(url, str) and url.strip():
        return check_url(url.strip(), f"{config_file} [storage] url"), f"{config_file}"
    return None, "default"


def retry_seconds(config_file: Path) -> float:
    value = _storage_section(config_file).get("retry_seconds", DEFAULT_RETRY_SECONDS)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 3600:
        return float(value)
    raise ConfigError(
        f"{config_file}: [storage] retry_seconds must be a number from 0 to 3600",
        "It is how long a lost database connection is retried before the run stops.",
    )


def _storage_section(config_file: Path) -> dict[str, object]:
    # Read without the pydantic model: opening the state must stay cheap. The model
    # (config.StorageConfig) validates the same keys for commands that load the config.
    try:
        raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # a missing or broken file: the commands that read it report it
    section = raw.get("storage")
    return section if isinstance(section, dict) else {}


_UNSAFE = re.compile(r"[^a-z0-9_]")


def schema_for(user: str | None) -> str:
    """The PostgreSQL schema of a profile: `public` for the default one."""
    if user is None:
        return "public"
    plain = _UNSAFE.sub("_", user.lower())
    if plain == user:
        return f"ytrix_user_{plain}"
    # Names differing only in case or punctuation must not share a schema.
    return f"ytrix_user_{plain}_{hashlib.sha256(user.encode()).hexdigest()[:8]}"
