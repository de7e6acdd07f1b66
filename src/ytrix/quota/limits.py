"""Daily limits Google reports (Service Usage), adopted for projects whose
`daily_quota` is not set in config; `projects --sync-usage` stores them in the ledger's
settings (`ytrix.projects.usage_sync`), the pool applies them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ytrix.core.config import Profile, ProjectConfig
    from ytrix.quota.ledger import Ledger

ADOPTED_KEY = "google_daily_limit:"


def limit_is_configured(project: ProjectConfig) -> bool:
    return "daily_quota" in project.model_fields_set


def adopted_limit(ledger: Ledger, name: str) -> int | None:
    value = ledger.get_setting(ADOPTED_KEY + name)
    return int(value) if value and value.isdigit() and int(value) > 0 else None


def with_adopted_limits(profile: Profile, ledger: Ledger) -> Profile:
    """`profile` with Google's limit for each project whose `daily_quota` is not set."""
    projects = []
    changed = False
    for project in profile.projects:
        adopted = None if limit_is_configured(project) else adopted_limit(ledger, project.name)
        if adopted is not None and adopted != project.daily_quota:
            # Built with the original fields_set: an adopted limit never counts as set.
            values = {**project.model_dump(), "daily_quota": adopted}
            projects.append(type(project).model_construct(project.model_fields_set, **values))
            changed = True
        else:
            projects.append(project)
    return profile.model_copy(update={"projects": projects}) if changed else profile
