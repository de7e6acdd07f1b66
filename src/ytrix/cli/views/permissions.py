"""Loose secret files as a person reads them: a warning with the fix, or what was fixed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ytrix.projects.permissions import PermissionsReport


def permission_lines(report: PermissionsReport, command: str) -> list[str]:
    """The warnings (with the fix) and what was fixed, as lines for a person."""
    lines = []
    for item in report.loose:
        lines.append(
            f"Warning: {item.path} is readable by group or others (mode {item.mode:04o}); "
            f"`{command} --fix-permissions` makes it {item.private_mode:04o}."
        )
    for item in report.fixed:
        lines.append(f"Made {item.path} private: mode {item.mode:04o} -> {item.private_mode:04o}.")
    return lines
