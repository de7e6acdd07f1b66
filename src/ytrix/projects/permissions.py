"""ytrix's secret files and their folders that group or others may read (the config
holds client secrets, the token files refresh tokens). `config` and `projects --check`
report them; `--fix-permissions` takes the group's and others' rights away, nothing
else (a file becomes at most 0600, a folder at most 0700)."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ytrix.core.paths import Paths


@dataclass(frozen=True)
class Loose:
    path: Path
    mode: int

    @property
    def private_mode(self) -> int:
        return self.mode & 0o700  # never adds a right

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "mode": f"{self.mode:04o}",
            "private_mode": f"{self.private_mode:04o}",
        }


def _secret_paths(paths: Paths) -> list[Path]:
    root = paths.root
    found = [root, paths.config_file, root / "users", paths.base, paths.legacy_token]
    found.append(paths.tokens_dir)
    if paths.tokens_dir.is_dir():
        found.extend(sorted(paths.tokens_dir.glob("*.json")))
    return list(dict.fromkeys(found))


def loose_files(paths: Paths) -> list[Loose]:
    """Secret files and folders of this profile that group or others can use."""
    loose = []
    for path in _secret_paths(paths):
        try:
            info = path.lstat()
        except OSError:
            continue  # absent: nothing to protect
        if stat.S_ISLNK(info.st_mode):
            continue  # a link's own mode means nothing; its target is the user's own
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            loose.append(Loose(path, mode))
    return loose


def make_private(loose: list[Loose]) -> list[Loose]:
    """Take group's and others' rights away; returns what was changed."""
    for item in loose:
        item.path.chmod(item.private_mode)
    return loose


def report(paths: Paths, fix: bool) -> dict[str, Any]:
    """`loose_permissions` (what is still open) and `fixed_permissions` (what --fix-
    permissions just closed), for a command's JSON document."""
    loose = loose_files(paths)
    fixed = make_private(loose) if fix else []
    return {
        "loose_permissions": [item.to_json() for item in loose if not fix],
        "fixed_permissions": [item.to_json() for item in fixed],
    }


def report_lines(data: dict[str, Any], command: str) -> list[str]:
    """The warnings (with the fix) and what was fixed, as lines for a person."""
    lines = []
    for item in data["loose_permissions"]:
        lines.append(
            f"Warning: {item['path']} is readable by group or others (mode {item['mode']}); "
            f"`{command} --fix-permissions` makes it {item['private_mode']}."
        )
    for item in data["fixed_permissions"]:
        lines.append(f"Made {item['path']} private: mode {item['mode']} -> {item['private_mode']}.")
    return lines
