"""`yaml2mlists` / `yaml2mlist` as one use case: read and validate the file, plan it
against the live playlists (with today's quota), ask before removals, apply it through
the write journal, and return a typed outcome the CLI renders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ytrix.core.errors import ExitCode, UsageError, YtrixError
from ytrix.core.journal import WriteJournal
from ytrix.quota.report import write_units_left
from ytrix.storage import open_state
from ytrix.yamlsync.apply import ApplyReport, Executor, created_earlier
from ytrix.yamlsync.plan import FilePlan, make_plan, read_playlists_file, refuse_empties
from ytrix.yamlsync.report import applied_json, plan_json

if TYPE_CHECKING:
    from ytrix.core.paths import Paths
    from ytrix.quota.pool import Pool
    from ytrix.youtube.gateway import Gateway


@dataclass(frozen=True)
class ApplyRequest:
    file: str  # `-` reads stdin
    dry_run: bool = False
    yes: bool = False  # removals without asking
    allow_empty: bool = False
    single: bool = False  # yaml2mlist: exactly one entry


@dataclass
class ApplyOutcome:
    plan: FilePlan
    dry_run: bool
    quota_left: int | None = None  # known when the plan writes
    applied: ApplyReport | None = None
    units_spent: int = 0

    @property
    def exit_code(self) -> ExitCode:
        unavailable = self.plan.unavailable or (self.applied and self.applied.unavailable)
        unsorted = self.applied is not None and bool(self.applied.order_notes)
        # skipped videos, or an order that could not be kept (not sorted manually)
        return ExitCode.PARTIAL_FAILURE if unavailable or unsorted else ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        planned = plan_json(self.plan)
        if self.quota_left is not None:
            planned["quota_left_today"] = self.quota_left
        applied = None
        if self.applied is not None:
            applied = applied_json(self.applied, self.units_spent)
        return {"dry_run": self.dry_run, "plan": planned, "applied": applied}


@dataclass
class ApplyHooks:
    """What the caller does along the way: show the plan before writing, confirm
    removals (raise to refuse), and hear notices and progress."""

    show_plan: Callable[[ApplyOutcome], None]
    confirm: Callable[[FilePlan], None]
    notice: Callable[[str], None]
    progress: Callable[[str], None]


def apply_file(
    pool: Pool, gateway: Gateway, paths: Paths, request: ApplyRequest, hooks: ApplyHooks
) -> ApplyOutcome:
    document = read_playlists_file(request.file)  # invalid: exit 2 before any API call
    if request.single and len(document.playlists) != 1:
        raise UsageError(
            f"{document.source} has {len(document.playlists)} playlist entries; "
            "yaml2mlist applies a file with exactly one",
            "Use `ytrix yaml2mlists` for a file with several playlists.",
        )
    journal = WriteJournal(
        open_state(paths, pool.clock),
        on_ambiguous=lambda key: hooks.notice(
            "YouTube's answer was ambiguous; checking whether the write took effect"
        ),
    )
    try:
        plan = make_plan(gateway, document, created_earlier(journal, document))
        refuse_empties(plan, request.allow_empty)
        outcome = ApplyOutcome(plan, request.dry_run)
        if plan.writes:
            outcome.quota_left = write_units_left(pool)
        if request.dry_run or not plan.writes:
            return outcome
        hooks.show_plan(outcome)
        if plan.deletes_anything and not request.yes:
            hooks.confirm(plan)
        executor = Executor(gateway, journal, plan, progress=hooks.progress)
        try:
            outcome.applied = executor.run()
        except (YtrixError, KeyboardInterrupt):
            done = executor.report.writes
            hooks.notice(
                f"Applied {done} of {plan.writes} write(s) before stopping; re-run the same "
                "command to finish (it re-reads the playlists, so nothing is duplicated)."
            )
            raise
        outcome.dry_run = False
        outcome.units_spent = pool.units_spent
        return outcome
    finally:
        journal.close()
