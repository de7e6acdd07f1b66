"""`mlist_dedup` and `mlist_sort`: clean up one of your playlists in place. Thin:
parse, plan (ytrix.sync.curate), show the plan, confirm, apply, render."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ytrix.cli.context import AppContext, app_context
from ytrix.cli.io import Result
from ytrix.cli.options import DRY_RUN
from ytrix.core.errors import YtrixError
from ytrix.sync.choices import Keep, SortKey

if TYPE_CHECKING:
    from ytrix.sync.curate import CurationPlan

YES_HELP = "Apply the plan without asking."


class NotManual(YtrixError):
    code = "manual_sort_required"


def _run(app: AppContext, plan: CurationPlan, yes: bool, dry_run: bool) -> None:
    from ytrix.cli.confirm import confirm
    from ytrix.cli.views.curate import curation_result, plan_lines
    from ytrix.core.journal import WriteJournal
    from ytrix.sync.curate import apply_curation
    from ytrix.yamlsync.items import NOT_MANUAL_HINT

    gateway = app.gateway()
    if dry_run or not plan.items.writes:
        app.io.emit(curation_result(plan, None, gateway.pool.units_spent, dry_run))
        return
    if not yes:
        if not app.json_output:
            app.io.emit(Result(data=None, lines=plan_lines(plan)), False)
        what = (
            f"removes {plan.items.writes} video(s)"
            if plan.kind == "dedup"
            else f"moves {plan.items.writes} video(s)"
        )
        confirm(what, plan.to_json(), json_output=app.json_output, stdin_used=False)
    from ytrix.cli.views.progress import bars
    from ytrix.copy.target import with_resume_hint
    from ytrix.storage import open_state
    from ytrix.youtube.errors import QuotaExhausted

    journal = WriteJournal(open_state(app.paths, app.clock))
    label = f"{'Deduplicating' if plan.kind == 'dedup' else 'Sorting'} {plan.playlist.title}"
    try:
        with bars(app.io, "writes")(plan.items.writes, label) as tracker:
            counts = apply_curation(gateway, journal, plan, tracker)
    except QuotaExhausted as error:
        raise with_resume_hint(error) from None
    finally:
        journal.close()
    if counts.not_manual:
        raise NotManual(
            f"YouTube refused to move videos in {plan.playlist.title!r}: it is not sorted "
            f"manually ({counts.moved} moved before the refusal)",
            NOT_MANUAL_HINT,
        )
    app.io.emit(curation_result(plan, counts, gateway.pool.units_spent, False))


def mlist_dedup(
    ctx: typer.Context,
    playlist: str = typer.Argument(..., help="Your playlist (URL or ID)."),
    keep: Keep = typer.Option(Keep.FIRST, "--keep", help="Which copy of a video stays."),
    yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
    dry_run: bool = DRY_RUN,
) -> None:
    """Remove repeated videos from one of your playlists.

    PLAYLIST is your playlist's URL or ID. Shows what is removed and the cost, asks (or
    --yes), then deletes exactly the repeated items, once each; a re-run finishes a
    stopped one."""
    from ytrix.sources.models import parse_playlist_ref
    from ytrix.sync.curate import plan_dedup

    app = app_context(ctx)
    ref = parse_playlist_ref(playlist)
    _run(app, plan_dedup(app.gateway(), ref.playlist_id, keep), yes, dry_run)


def mlist_sort(
    ctx: typer.Context,
    playlist: str = typer.Argument(..., help="Your playlist (URL or ID)."),
    by: SortKey = typer.Option(..., "--by", help="The sort key (required: no default)."),
    reverse: bool = typer.Option(False, "--reverse", help="Descending order."),
    yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
    dry_run: bool = DRY_RUN,
) -> None:
    """Sort one of your playlists in place.

    PLAYLIST is your playlist's URL or ID; the fewest moves. --by added (to the
    playlist), published, title, duration, views or channel; ascending unless --reverse;
    equal keys keep their order, videos without the key go last. The playlist must be
    sorted manually in YouTube Studio."""
    from ytrix.sources.models import parse_playlist_ref
    from ytrix.sync.curate import plan_sort

    app = app_context(ctx)
    ref = parse_playlist_ref(playlist)
    _run(app, plan_sort(app.gateway(), ref.playlist_id, by, reverse), yes, dry_run)


def register(app: typer.Typer) -> None:
    app.command("mlist_dedup")(mlist_dedup)
    app.command("mlist_sort")(mlist_sort)
