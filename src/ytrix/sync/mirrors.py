"""`ytrix mirrors`: the recorded mirrors, with what changed in their sources since
their last sync (read-only: the same reads and plan as `sync --prune --dry-run`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ytrix.core.errors import ExitCode
from ytrix.sources.reader import SourceNotFound
from ytrix.sync.run import Syncer, SyncRequest
from ytrix.youtube.errors import ApiError

if TYPE_CHECKING:
    from ytrix.copy.target import Deps
    from ytrix.core.mirrors import Mirror, MirrorStore
    from ytrix.sync.plan import MirrorPlan


@dataclass
class MirrorRow:
    mirror: Mirror
    plan: MirrorPlan | None = None  # None: not checked (or could not be)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = self.mirror.to_json()
        if self.plan is not None:
            data["since_last_sync"] = self.plan.changes
            data["pending_writes"] = self.plan.items.writes
        if self.error is not None:
            data["error"] = self.error
        return data


def list_mirrors(deps: Deps | None, store: MirrorStore, *, check: bool) -> list[MirrorRow]:
    """Every mirror; with `check` (and `deps`), what a full sync would change now."""
    rows = [MirrorRow(m) for m in store.all()]
    if not check or deps is None:
        return rows
    syncer = Syncer(deps, store, SyncRequest(all_mirrors=True, prune=True, dry_run=True))
    for row in rows:
        try:
            plan = syncer.plan(row.mirror)
        except (SourceNotFound, ApiError) as error:  # a source deleted or made private
            if error.exit_code == ExitCode.AUTH_NEEDED:
                raise
            plan = error.message
        if isinstance(plan, str):
            row.error = plan
        else:
            row.plan = plan
    return rows
