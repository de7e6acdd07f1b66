"""`projects_add`: add a `[[projects]]` entry to config.toml.

Edited with tomlkit, so comments and layout survive and values are escaped; the result
is validated as a whole before an atomic 0600 write. The client secret is written to
the file and nowhere else (never printed, never logged).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ytrix.core.errors import ConfigError, UsageError
from ytrix.core.paths import check_safe_name

TOS_THRESHOLD = 5
TOS_REMINDER = (
    "{count} projects now share quota group {group!r}. Google's YouTube API Services terms "
    "forbid using several projects just to multiply quota: each project must serve a "
    "distinct purpose. For more quota, file the audit and quota extension form: "
    "https://support.google.com/youtube/contact/yt_api_form"
)


@dataclass
class NewProject:
    name: str
    client_id: str
    client_secret: str
    quota_group: str = "default"
    priority: int = 0
    daily_quota: int | None = None

    def __repr__(self) -> str:  # never show the secret, even in a traceback
        return f"NewProject(name={self.name!r}, client_id={self.client_id!r}, ...)"


@dataclass
class Added:
    name: str
    config_file: Path
    created_config: bool
    quota_group: str
    priority: int
    daily_quota: int | None
    projects_in_group: int
    legacy_oauth_ignored: bool

    @property
    def tos_reminder(self) -> str | None:
        if self.projects_in_group < TOS_THRESHOLD:
            return None
        return TOS_REMINDER.format(count=self.projects_in_group, group=self.quota_group)

    def as_dict(self) -> dict[str, Any]:
        return {
            "success": True,
            "name": self.name,
            "config_file": str(self.config_file),
            "created_config": self.created_config,
            "quota_group": self.quota_group,
            "priority": self.priority,
            "daily_quota": self.daily_quota,
            "projects_in_group": self.projects_in_group,
            "tos_reminder": self.tos_reminder,
            "next_steps": [f"ytrix projects_auth {self.name}"],
        }


def read_client_file(path: Path) -> tuple[str, str]:
    """Client ID and secret from a downloaded OAuth client JSON (Desktop app)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"No such file: {path}") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise UsageError(
            f"{path} is not a readable OAuth client JSON file",
            "Download it again from the console: Google Auth Platform > Clients.",
        ) from None
    if isinstance(data, dict) and "web" in data and "installed" not in data:
        raise UsageError(
            f"{path} holds a 'Web application' OAuth client",
            "ytrix signs in like a desktop app: create a client of type 'Desktop app'.",
        )
    installed = data.get("installed") if isinstance(data, dict) else None
    if not isinstance(installed, dict):
        raise UsageError(
            f"{path} has no 'installed' section",
            'Expected the Desktop-app client JSON: {"installed": {"client_id": ..., '
            '"client_secret": ...}}.',
        )
    client_id = installed.get("client_id")
    secret = installed.get("client_secret")
    if not (isinstance(client_id, str) and client_id and isinstance(secret, str) and secret):
        raise UsageError(f"{path} lacks client_id or client_secret")
    return client_id, secret


def _container(doc: Any, user: str | None, config_file: Path) -> Any:
    """Where `projects` lives: the document, or the selected [[users]] entry."""
    if user is None:
        return doc
    for entry in doc.get("users", []):
        if entry.get("name") == user:
            return entry
    raise ConfigError(
        f"{config_file} defines no [[users]] entry named {user!r}",
        "Add one first (name = ...), or drop --user.",
    )


def add_project(config_file: Path, new: NewProject, user: str | None = None) -> Added:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from ytrix.core.config import parse_config, read_config_text
    from ytrix.core.fsutil import atomic_write_text

    check_safe_name("project", new.name)
    if new.daily_quota is not None and new.daily_quota <= 0:
        raise UsageError("--daily-quota must be a positive number of units")
    existing = read_config_text(config_file)  # unreadable: a ConfigError naming it
    created = existing is None
    text = existing or ""
    if not created:
        parse_config(text, config_file)  # a broken config is reported as it is
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(f"{config_file}: invalid TOML: {exc}") from None
    container = _container(doc, user, config_file)
    projects = container.get("projects")
    if projects is None:
        projects = tomlkit.aot()
        container.append("projects", projects)
    if any(p.get("name") == new.name for p in projects):
        raise ConfigError(
            f"Project {new.name!r} is already configured in {config_file}",
            "Choose another name, or edit the existing [[projects]] entry.",
        )
    entry = tomlkit.table()
    entry["name"] = new.name
    entry["client_id"] = new.client_id
    entry["client_secret"] = new.client_secret
    entry["quota_group"] = new.quota_group
    entry["priority"] = new.priority
    if new.daily_quota is not None:
        entry["daily_quota"] = new.daily_quota
    if isinstance(projects, tomlkit.items.AoT):
        entry.add(tomlkit.nl())  # keep a blank line before whatever follows
        projects.append(entry)
    else:  # an inline array: `projects = [{...}]`
        inline = tomlkit.inline_table()
        inline.update(entry)
        projects.append(inline)
    new_text = tomlkit.dumps(doc)
    parse_config(new_text, config_file)  # never write a config we would reject
    atomic_write_text(config_file, new_text)
    group = [p for p in projects if p.get("quota_group", "default") == new.quota_group]
    return Added(
        name=new.name,
        config_file=config_file,
        created_config=created,
        quota_group=new.quota_group,
        priority=new.priority,
        daily_quota=new.daily_quota,
        projects_in_group=len(group),
        legacy_oauth_ignored=container.get("oauth") is not None,
    )
