"""How `projects` looks: the table with usage bars, the rotation history (`--history`),
the failed operations (`--errors`) and the credential check (`--check`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ytrix.cli.io import Result
from ytrix.core.errors import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.cli.views.tables import Cell, Column
    from ytrix.projects.health import Health
    from ytrix.projects.permissions import PermissionsReport
    from ytrix.quota.ledger import RotationEvent
    from ytrix.quota.report import ProjectFailures
    from ytrix.quota.status import ProjectStatus


# A project's state as `projects` shows it: from the ledger (available, exhausted,
# auth_dead), from a live `--check` (healthy, auth_needed, unreachable), or either.
STATE_LABELS = {
    "available": "available",
    "exhausted": "EXHAUSTED until reset",
    "auth_dead": "AUTH NEEDED",
    "healthy": "healthy",
    "auth_needed": "AUTH NEEDED",
    "unreachable": "UNREACHABLE",
    "not_authenticated": "not authenticated",
    "wrong_channel": "WRONG CHANNEL",
}
CHECK_COLUMNS = ("name", "token", "refresh", "scopes", "state")


def usage_colour(status: ProjectStatus) -> str:
    if status.state == "exhausted" or status.quota_remaining <= 0:
        return "red"
    if status.quota_remaining < 0.2 * status.daily_quota:
        return "yellow"
    return "green"


def usage_bar(status: ProjectStatus, width: int = 20) -> str:
    filled = min(width, round(width * status.quota_used / max(1, status.daily_quota)))
    if status.state == "exhausted":
        filled = width
    return f"[{usage_colour(status)}]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"


def state_label(status: ProjectStatus) -> str:
    from ytrix.core.clock import format_duration

    if status.state == "exhausted":
        return f"EXHAUSTED until reset (in {format_duration(status.resets_in_seconds)})"
    return STATE_LABELS[status.state]


class ProjectsResult(Result):
    def __init__(self, data: Any, statuses: list[ProjectStatus], notes: list[str]):
        super().__init__(data=data)
        self.statuses = statuses
        self.notes = notes

    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import Column, footer, show_table
        from ytrix.core.clock import format_duration

        columns = [
            Column("", whole=True),
            Column("name", whole=True),
            Column("group", whole=True),
            Column("prio", whole=True),
            Column("used", justify="right", whole=True),
            Column("remaining", justify="right", whole=True),
            Column("usage", visual=True),
            Column("state"),
        ]
        rows = [
            [
                "*" if status.active else "",
                status.name,
                status.quota_group,
                str(status.priority),
                f"{status.quota_used:,}",
                (f"{status.quota_remaining:,} / {status.daily_quota:,}", usage_colour(status)),
                usage_bar(status),
                state_label(status),
            ]
            for status in self.statuses
        ]
        show_table(console, columns, rows, "Projects")
        if self.statuses:
            resets = format_duration(self.statuses[0].resets_in_seconds)
            footer(console, f"* active project. Quotas reset at 00:00 Pacific: resets in {resets}")
        for note in self.notes:
            footer(console, note)


def overview_notes(statuses: list[ProjectStatus], events: list[RotationEvent]) -> list[str]:
    from ytrix.quota.report import rotation_note

    notes = [rotation_note(e) for e in events]
    for status in statuses:
        if status.state == "auth_dead":
            notes.append(
                f"Project {status.name} needs `ytrix projects_auth {status.name}`: "
                f"credentials no longer valid ({status.auth_detail}); its quota is unused."
            )
        elif status.state == "not_authenticated":
            notes.append(
                f"Project {status.name} is not authenticated: "
                f"run `ytrix projects_auth {status.name}` to add its quota."
            )
        elif status.state == "wrong_channel" and status.channel is not None:
            from ytrix.quota.notices import wrong_channel_notice as note

            notes.append(note(status.name, status.channel, status.expected_channel or "?"))
    return notes


class _SinceResult(Result):
    """A table of what happened since the start of a Pacific day (`--days`): JSON
    `{"since": ..., key: rows}`, or one line when nothing did."""

    title = ""  # "Rotations": the table's title and the empty case's noun

    def __init__(self, key: str, rows: list[Any], since: datetime):
        from ytrix.core.clock import iso

        # an object with stable keys, like every JSON document ytrix prints
        super().__init__(data={"since": iso(since), key: [row.to_json() for row in rows]})
        self.since = since

    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import footer, show_table
        from ytrix.quota.report import pacific_time

        since = pacific_time(self.since, with_date=True)
        columns, rows = self.table()
        if not rows:
            footer(console, f"No {self.title.lower()} since {since}.")
            return
        show_table(console, columns, rows, f"{self.title} since {since}")
        for line in self.footers():
            footer(console, line)

    def table(self) -> tuple[list[Column], list[list[Cell]]]:
        raise NotImplementedError

    def footers(self) -> list[str]:
        return []


class HistoryResult(_SinceResult):
    title = "Rotations"

    def __init__(self, events: list[RotationEvent], since: datetime):
        super().__init__("rotations", events, since)
        self.events = events

    def table(self) -> tuple[list[Column], list[list[Cell]]]:
        from ytrix.cli.views.tables import Column
        from ytrix.quota.report import pacific_time

        columns = [Column("time", whole=True), Column("from"), Column("to"), Column("reason")]
        rows: list[list[Cell]] = [
            [
                pacific_time(event.timestamp, with_date=True),
                event.from_project or "-",
                event.to_project or "-",
                event.reason,
            ]
            for event in self.events
        ]
        return columns, rows


class ErrorsResult(_SinceResult):
    title = "Failed operations"

    def __init__(self, groups: list[ProjectFailures], since: datetime):
        super().__init__("failures", groups, since)
        self.groups = groups

    def table(self) -> tuple[list[Column], list[list[Cell]]]:
        from ytrix.cli.views.tables import Column
        from ytrix.quota.report import pacific_time

        columns = [
            Column("project", whole=True),
            Column("failed", justify="right", whole=True),
            Column("what"),
            Column("last error"),
            Column("when", whole=True),
        ]
        rows: list[list[Cell]] = [
            [
                group.project,
                str(group.operations_failed),
                "; ".join(g.phrase for g in group.groups),
                group.last_error,
                pacific_time(group.last_at) if group.last_at else "",
            ]
            for group in self.groups
        ]
        return columns, rows

    def footers(self) -> list[str]:
        return [group.sentence for group in self.groups]


class CheckResult(Result):
    def __init__(self, results: list[Health], permissions: PermissionsReport):
        needs = [h.name for h in results if h.needs_auth]
        data = {
            **permissions.to_json(),
            "projects": [h.to_json() for h in results],
            "healthy": sum(1 for h in results if h.state == "healthy"),
            "needs_auth": needs,
            "unreachable": [h.name for h in results if h.state == "unreachable"],
        }
        code = ExitCode.OK
        if needs:
            code = ExitCode.AUTH_NEEDED
        elif data["unreachable"]:
            code = ExitCode.ERROR
        super().__init__(data=data, exit_code=code)
        self.results = results
        self.permissions = permissions

    def render(self, console: Console) -> None:
        from ytrix.cli.views.permissions import permission_lines
        from ytrix.cli.views.tables import Column, footer, show_table

        columns = [Column(name, whole=name != "state") for name in CHECK_COLUMNS]
        rows: list[list[Cell]] = []
        for health in self.results:
            refresh = {True: "ok", False: "FAILED", None: "-"}[health.refresh_ok]
            scopes = {True: "ok", False: "INSUFFICIENT", None: "-"}[health.scopes_ok]
            colour = "green" if health.state == "healthy" else "red"
            present = "present" if health.token_present else "missing"
            state = (STATE_LABELS[health.state], colour)
            rows.append([health.name, present, refresh, scopes, state])
        show_table(console, columns, rows, "Credential check (no quota spent)")
        for health in self.results:
            if health.problem:
                footer(console, f"{health.name}: {health.problem}")
                if health.fix:
                    footer(console, f"  Fix: {health.fix}")
            if health.warning:
                footer(console, f"Warning: {health.name}: {health.warning}")
            if health.cleared_dead_mark:
                footer(console, f"{health.name}: credentials work again; rotation uses it again.")
        needs = [h.name for h in self.results if h.needs_auth]
        if needs:
            footer(
                console,
                f"{len(needs)} of {len(self.results)} projects need `ytrix projects_auth`: "
                + ", ".join(needs),
            )
        elif all(h.state == "healthy" for h in self.results):
            footer(console, f"All {len(self.results)} projects have working credentials.")
        for line in permission_lines(self.permissions, "ytrix projects --check"):
            footer(console, line)
