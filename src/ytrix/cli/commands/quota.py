"""`quota_status`: the dashboard. Totals across projects and per quota group, units
by operation today, what the quota left can still do in plain terms, time to the
reset, which projects' capacity is lost to dead credentials, and where to ask
Google for more."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ytrix.cli.context import app_context

if TYPE_CHECKING:
    pass


def quota_status(
    ctx: typer.Context,
    playlist_size: int = typer.Option(
        50, "--playlist-size", min=1, metavar="N", help="Videos per playlist in the estimate."
    ),
) -> None:
    """Show the quota dashboard.

    Usage today across projects, per quota group and per operation, what the quota
    left still buys, the time to the reset, and capacity lost to dead credentials."""
    from ytrix.cli.views.quota import QuotaStatusResult
    from ytrix.quota.report import dashboard

    app = app_context(ctx)
    pool = app.pool()
    statuses = pool.status_summary()
    day = app.clock.pacific_day()
    board = dashboard(statuses, pool.ledger.usage_by_method(day), playlist_size=playlist_size)
    data = board.to_json()
    data["day"] = day.isoformat()
    data["projects"] = [s.to_json() for s in statuses]
    app.io.emit(QuotaStatusResult(board, statuses, data))


def register(app: typer.Typer) -> None:
    app.command("quota_status")(quota_status)
