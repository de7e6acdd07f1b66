"""Every on-disk location ytrix uses, derived from `config_dir(user, root)`.

The root is `~/.ytrix`, or `$YTRIX_HOME` when set (the CLI reads it once, at its
edge, and passes it on; a nested run such as the demo's gives its own). A user
profile (`--user alice`) lives in `<root>/users/alice` with the same layout, so two
profiles never share tokens, ledger, journal or cache.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ytrix.core.errors import UsageError

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def root_dir(environ: Mapping[str, str] | None = None) -> Path:
    """ytrix's home by `environ` (default: the process's environment)."""
    home = (os.environ if environ is None else environ).get("YTRIX_HOME")
    return Path(home).expanduser() if home else Path.home() / ".ytrix"


def check_safe_name(kind: str, name: str) -> str:
    """Names become file names; refuse anything that could escape its directory."""
    if not _SAFE_NAME.match(name) or name in {".", ".."}:
        raise UsageError(
            f"Invalid {kind} name {name!r}",
            "Use letters, digits, '.', '_' or '-' (at most 64 characters).",
        )
    return name


def config_dir(user: str | None, root: Path) -> Path:
    if user is None:
        return root
    return root / "users" / check_safe_name("user", user)


@dataclass(frozen=True)
class Paths:
    """The files of one profile (the default one when `user` is None)."""

    user: str | None
    base: Path
    root: Path  # ytrix's home: the default profile's base, and the users' parent

    @classmethod
    def for_user(cls, user: str | None = None, root: Path | None = None) -> Paths:
        root = root_dir() if root is None else root
        return cls(user=user, base=config_dir(user, root), root=root)

    @property
    def config_file(self) -> Path:
        # Profiles are declared in the root config; a profile dir may add its own.
        return self.root / "config.toml"

    @property
    def legacy_token(self) -> Path:
        return self.base / "token.json"

    @property
    def tokens_dir(self) -> Path:
        return self.base / "tokens"

    def token_file(self, project: str) -> Path:
        return self.tokens_dir / f"{check_safe_name('project', project)}.json"

    @property
    def state_db(self) -> Path:
        return self.base / "state.db"

    @property
    def cache_db(self) -> Path:
        return self.base / "cache.db"

    @property
    def log_file(self) -> Path:
        return self.base / "log.txt"

    @property
    def legacy_quota_state(self) -> Path:
        return self.base / "quota_state.json"

    def as_dict(self) -> dict[str, str]:
        return {
            "config_dir": str(self.base),
            "config_file": str(self.config_file),
            "legacy_token": str(self.legacy_token),
            "tokens_dir": str(self.tokens_dir),
            "state_db": str(self.state_db),
            "cache_db": str(self.cache_db),
            "log_file": str(self.log_file),
        }
