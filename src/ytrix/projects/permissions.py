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


@dataclass(frozen=True)
class PermissionsReport:
    """What is still open (`loose`, when not fixing) and what was just closed (`fixed`)."""

    loose: tuple[Loose, ...]
    fixed: tuple[Loose, ...]

    def to_json(self) -> dict[str, Any]:
        """`loose_permissions` and `fixed_permissions`, for a command's JSON document."""
        return {
            "loose_permissions": [item.to_json() for item in self.loose],
            "fixed_permissions": [item.to_json() for item in self.fixed],
        }


def report(paths: Paths, fix: bool) -> PermissionsReport:
    """The loose secret files; with `fix`, made private first."""
    loose = loose_files(paths)
    if fix:
        return PermissionsReport((), tuple(make_private(loose)))
    return PermissionsReport(tuple(loose), ())
