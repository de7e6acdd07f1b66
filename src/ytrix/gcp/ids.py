"""Google's project-ID rules, checked before any API call."""

from __future__ import annotations

import re

from ytrix.core.errors import UsageError

MIN_LEN = 6
MAX_LEN = 30
_PROJECT_ID = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]")
_SUFFIX = re.compile(r"[a-z0-9][a-z0-9-]*")
RULES = (
    "6 to 30 characters: lowercase letters, digits and hyphens, starting with a letter "
    "and not ending with a hyphen"
)


def problem(project_id: str) -> str | None:
    """Why `project_id` breaks Google's rules, or None when it is valid."""
    if len(project_id) < MIN_LEN:
        return f"is {len(project_id)} characters; Google requires at least {MIN_LEN}"
    if len(project_id) > MAX_LEN:
        return f"is {len(project_id)} characters; Google allows at most {MAX_LEN}"
    if not project_id[0].isascii() or not project_id[0].islower():
        return "must start with a lowercase letter"
    if project_id.endswith("-"):
        return "must not end with a hyphen"
    if not _PROJECT_ID.fullmatch(project_id):
        return "may contain only lowercase letters, digits and hyphens"
    return None


def check_project_id(project_id: str) -> str:
    reason = problem(project_id)
    if reason is not None:
        raise UsageError(f"Invalid project ID {project_id!r}: it {reason}", f"Use {RULES}.")
    return project_id


def check_existing_id(project_id: str) -> str:
    """A project that already exists: only refuse what cannot be an ID at all (legacy
    domain-scoped IDs such as `example.com:proj` are allowed)."""
    if not project_id or "/" in project_id or any(c.isspace() for c in project_id):
        raise UsageError(f"Invalid project ID {project_id!r}", f"Use {RULES}.")
    return project_id


def clone_id(source: str, suffix: str) -> str:
    """`{source}-{suffix}`, validated; too long -> a message with a shorter suggestion."""
    if not _SUFFIX.fullmatch(suffix):
        raise UsageError(
            f"Invalid suffix {suffix!r}",
            "Use lowercase letters, digits and hyphens, e.g. `b2`.",
        )
    new_id = f"{source}-{suffix}"
    if len(new_id) > MAX_LEN:
        room = MAX_LEN - len(source) - 1
        shorter = suffix[:room].rstrip("-") if room > 0 else ""
        if shorter:
            hint = (
                f"Use a suffix of at most {room} characters, e.g. "
                f"`ytrix gcp_clone {source} {shorter}`, or pick the whole ID with --new-id."
            )
        else:
            stem = source[: MAX_LEN - len(suffix) - 1].rstrip("-")
            example = f"{stem}-{suffix}" if stem and problem(f"{stem}-{suffix}") is None else None
            hint = "The source ID leaves no room for a suffix; pick the new ID with --new-id" + (
                f", e.g. `ytrix gcp_clone {source} {suffix} --new-id {example}`."
                if example
                else "."
            )
        raise UsageError(
            f"The new project ID {new_id!r} is {len(new_id)} characters; "
            f"Google allows at most {MAX_LEN}",
            hint,
        )
    return check_project_id(new_id)
