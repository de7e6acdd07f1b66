"""How `mirrors` and `sync` look: one line per mirror, the plan or what was written,
unavailable videos, and the quota; and the same as one JSON document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ytrix.batch.report import plural
from ytrix.cli.io import Result
from ytrix.core.errors import ExitCode
from ytrix.youtube.sorting import order_message

if TYPE_CHECKING:
    from datetime import datetime

    from ytrix.sync.mirrors import MirrorRow
    from ytrix.sync.plan import MirrorPlan
    from ytrix.sync.run import MirrorResult, SyncReport

SHOWN = 20  # unavailable videos listed per mirror; the rest are in --json-output


def _changes(plan: MirrorPlan) -> str:
    c = plan.changes
    if not plan.items.writes:
        return "up to date"
    return f"+{c['add']} added, -{c['remove']} removed, {c['move']} moved"


def _label(title: str, target: str) -> str:
    return f"{title!r} ({target})" if title else target


def _result_lines(result: MirrorResult, dry_run: bool) -> list[str]:
    plan = result.plan
    title = plan.title if plan is not None else result.mirror.title
    head = _label(title, result.mirror.target)
    if result.state == "failed":
        return [f"{head}: not synced: {result.error}"]
    if plan is None:
        return [f"{head}: stopped before its plan"]
    lines: list[str] = []
    if dry_run:
        lines.append(
            f"{head}: {_changes(plan)} ({plural(plan.items.writes, 'write')}, "
            f"{plan.items.units:,} units)"
        )
    else:
        counts = result.counts
        assert counts is not None
        if result.state == "paused":
            lines.append(f"{head}: stopped after {counts.writes} of {plan.items.writes} writes")
        elif not plan.items.writes:
            lines.append(f"{head}: up to date")
        else:
            lines.append(
                f"{head}: {counts.inserted} added, {counts.removed} removed, "
                f"{counts.moved} moved ({plural(counts.writes, 'write')})"
            )
        if counts.not_manual:
            lines.append("  " + order_message(title, counts.moves_skipped))
        for video in counts.unavailable[:SHOWN]:
            lines.append(f"  unavailable {video} (could not be added)")
    for skip in plan.unavailable[:SHOWN]:
        lines.append(f"  unavailable {skip.video_id} ({skip.reason} in the source)")
    if len(plan.unavailable) > SHOWN:
        lines.append(f"  ... and {len(plan.unavailable) - SHOWN} more (see --json-output)")
    return lines


def sync_result(report: SyncReport, resume: str, now: datetime) -> Result:
    """The run's lines and JSON; the time to the reset counts from `now`."""
    from ytrix.core.clock import iso, seconds_until_reset

    exit_code = ExitCode.OK
    if report.stop is not None:
        exit_code = report.stop.exit_code
    elif report.state == "failed":
        exit_code = ExitCode.PARTIAL_FAILURE
    lines: list[str] = []
    for result in report.results:
        lines.extend(_result_lines(result, report.dry_run))
    unavailable = sum(
        len(r.plan.unavailable) + (len(r.counts.unavailable) if r.counts else 0)
        for r in report.results
        if r.plan is not None
    )
    if report.dry_run:
        units = report.planned_units
        days = _days(units, report.quota_per_day)
        lines.append(
            f"Plan: {plural(report.planned_writes, 'write')}, {units:,} units"
            + (f" ({days} of your projects' daily quota)" if days else "")
        )
    else:
        done = sum(1 for r in report.results if r.state in ("done", "unchanged"))
        lines.append(
            f"Synced {done} of {len(report.results) + len(report.not_reached)} mirrors: "
            f"{plural(report.writes, 'write')}"
            + (f", {plural(unavailable, 'unavailable video')}" if unavailable else "")
        )
    projects = ", ".join(report.projects_used) or "none"
    lines.append(f"Quota: {report.units_spent:,} units spent (projects: {projects})")
    data: dict[str, Any] = {
        "command": "sync",
        "dry_run": report.dry_run,
        "state": report.state,
        "mirrors": [r.to_json() for r in report.results],
        "not_reached": [m.target for m in report.not_reached],
        "writes": report.writes,
        "planned_writes": report.planned_writes,
        "planned_units": report.planned_units,
        "unavailable": unavailable,
        "units_spent": report.units_spent,
        "projects_used": report.projects_used,
    }
    if report.stop is not None:
        stop = report.stop
        message = stop.message
        hint = f"Run `{resume}` again after the reset: it starts with the mirrors not synced."
        if report.reset_at is not None:
            from ytrix.batch.report import pause_message

            message = pause_message(report.reset_at, stop.project, f"Re-run: {resume}", now)
            data["reset_at"] = iso(report.reset_at)
            data["resets_in_seconds"] = int(seconds_until_reset(now))
        else:
            hint = f"{stop.hint or ''} Then run `{resume}` again.".strip()
        lines.append(message)
        data["error"] = {
            "code": stop.code,
            "message": message,
            "hint": hint,
            "exit_code": int(exit_code),
        }
    elif exit_code == ExitCode.PARTIAL_FAILURE:
        failed = [r for r in report.results if r.state == "failed"]
        data["error"] = {
            "code": "partial_failure",
            "message": f"{plural(len(failed), 'mirror')} could not be synced; the others were",
            "hint": "Each failed mirror says why (`mirrors` lists them; `mirrors --forget "
            "TARGET` stops one).",
            "exit_code": int(exit_code),
        }
    return Result(data=data, exit_code=exit_code, lines=lines)


def _days(units: int, per_day: int) -> str:
    if per_day <= 0 or units <= 0:
        return ""
    days = units / per_day
    return f"about {days:.1f} days" if days >= 1 else "less than a day"


def mirrors_result(rows: list[MirrorRow], checked: bool) -> Result:
    lines: list[str] = []
    if not rows:
        lines.append(
            "No mirrors yet: plist2mlist, plists2mlist and plists2mlists record one for "
            "every copy they make."
        )
    for row in rows:
        mirror = row.mirror
        sources = ", ".join(mirror.sources)
        when = mirror.synced_at or "never"
        state = f" ({mirror.sync_state})" if mirror.sync_state not in (None, "done") else ""
        line = f"{_label(mirror.title, mirror.target)} <- {sources} [{mirror.kind}]"
        line += f"; last sync: {when}{state}"
        if row.plan is not None:
            line += f"; since: {_changes(row.plan)}"
        elif row.error is not None:
            line += f"; {row.error}"
        lines.append(line)
    data = {
        "checked": checked,
        "count": len(rows),
        "mirrors": [row.to_json() for row in rows],
    }
    return Result(data=data, lines=lines)
