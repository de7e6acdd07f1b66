"""`gcp_inventory`, `gcp_clone`, `gcp_init`, `gcp_guide` and `projects_add`: set up
Google Cloud projects for ytrix (logic in ytrix.gcp and ytrix.projects.add)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ytrix.cli.context import AppContext, app_context
from ytrix.cli.io import Result
from ytrix.core.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from ytrix.gcp.clone import Outcome
    from ytrix.gcp.transport import CloudClient


def _client(app: AppContext) -> CloudClient:
    from ytrix.core.config import ApiConfig
    from ytrix.gcp.transport import CloudClient

    config = app.config()
    return CloudClient(config.api if config is not None else ApiConfig(), notices=app.io)


def gcp_inventory(
    ctx: typer.Context, project_id: str = typer.Argument(..., metavar="PROJECT")
) -> None:
    """Show a Cloud project's setup (read-only).

    PROJECT is the project ID. Shows its number, parent, labels, billing, enabled
    services and service accounts. Uses Application Default Credentials."""
    from ytrix.cli.views.gcp import InventoryResult
    from ytrix.gcp import ids
    from ytrix.gcp.inventory import read_inventory

    app = app_context(ctx)
    ids.check_existing_id(project_id)
    client = _client(app)
    client.connect()
    inventory = read_inventory(client, project_id)
    app.io.emit(InventoryResult(data=inventory.as_dict()))


def gcp_clone(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="SOURCE"),
    suffix: str = typer.Argument(..., metavar="SUFFIX"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read the source, print the plan."),
    skip_labels: bool = typer.Option(False, "--skip-labels", help="Do not copy labels."),
    skip_service_accounts: bool = typer.Option(
        False, "--skip-service-accounts", help="Do not recreate service accounts."
    ),
    new_id: str | None = typer.Option(
        None, "--new-id", metavar="ID", help="Use this project ID instead of SOURCE-SUFFIX."
    ),
) -> None:
    """Clone a Cloud project as SOURCE-SUFFIX.

    Creates the project SOURCE-SUFFIX (or --new-id) with the parent, labels, billing,
    enabled services and user-managed service accounts of the project SOURCE, enables
    the YouTube Data API, then prints the manual OAuth steps. A re-run changes nothing
    that exists. Exit 5 when some steps failed."""
    from ytrix.cli.views.gcp import Steps
    from ytrix.gcp import clone, ids

    app = app_context(ctx)
    ids.check_existing_id(source)
    target = ids.check_project_id(new_id) if new_id else ids.clone_id(source, suffix)
    options = clone.CloneOptions(skip_labels, skip_service_accounts, dry_run)
    outcome = clone.clone(_client(app), source, target, suffix, options, Steps(app.io))
    _finish(app, outcome)


def gcp_init(
    ctx: typer.Context,
    project_id: str = typer.Argument(..., metavar="PROJECT_ID"),
    billing_account: str | None = typer.Option(
        None, "--billing-account", metavar="ACCOUNT", help="Link this billing account."
    ),
    parent: str | None = typer.Option(
        None, "--parent", metavar="organizations/N|folders/N", help="Create it under this parent."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan, change nothing."),
) -> None:
    """Create a Cloud project with the YouTube Data API.

    PROJECT_ID is the new project's ID (an existing project you own is reused). Links
    the billing account if given, enables the YouTube Data API, then prints the manual
    OAuth steps."""
    import re

    from ytrix.cli.views.gcp import Steps
    from ytrix.gcp import clone, ids
    from ytrix.gcp.actions import billing_account_name

    app = app_context(ctx)
    ids.check_project_id(project_id)
    account = billing_account_name(billing_account) if billing_account else None
    if parent is not None and not re.fullmatch(r"(organizations|folders)/\d+", parent):
        raise UsageError(f"Invalid parent {parent!r}", "Use organizations/N or folders/N.")
    outcome = clone.init(_client(app), project_id, account, parent, dry_run, Steps(app.io))
    _finish(app, outcome)


def _finish(app: AppContext, outcome: Outcome) -> None:
    from ytrix.cli.views.gcp import SetupResult

    result = SetupResult(outcome)
    if not outcome.success:
        result.exit_code = ExitCode.PARTIAL_FAILURE
    app.io.emit(result)
    if not outcome.success:
        app.io.warn("Some steps failed (see above); fix the cause and run the command again.")
        raise typer.Exit(int(ExitCode.PARTIAL_FAILURE))


def gcp_guide(ctx: typer.Context, project_id: str = typer.Argument(..., metavar="PROJECT")) -> None:
    """Print the manual OAuth setup steps for a project.

    PROJECT is the Cloud project ID. The console steps Google offers no API for:
    consent screen, test user, scope, publishing, Desktop client; then projects_add and
    projects_auth. Needs no credentials."""
    from ytrix.cli.views.gcp import guide_lines
    from ytrix.gcp import ids
    from ytrix.gcp.guide import manual_steps

    app = app_context(ctx)
    ids.check_existing_id(project_id)
    steps = manual_steps(project_id)
    data = {"project_id": project_id, "manual_steps": [step.as_dict() for step in steps]}
    app.io.emit(Result(data=data, lines=guide_lines(steps)))


def projects_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME"),
    client_id: str | None = typer.Option(
        None, "--client-id", metavar="ID", help="The OAuth client ID (if no client file)."
    ),
    client_secret_file: Path | None = typer.Option(
        None,
        "--client-secret-file",
        metavar="FILE",
        help="The downloaded OAuth client JSON (Desktop app).",
    ),
    quota_group: str = typer.Option(
        "default", "--quota-group", metavar="GROUP", help="Rotation stays inside one group."
    ),
    priority: int = typer.Option(0, "--priority", help="Lower is used first."),
    daily_quota: int | None = typer.Option(
        None,
        "--daily-quota",
        min=1,
        metavar="UNITS",
        help="The project's daily quota, if Google granted more (default: 10,000).",
    ),
) -> None:
    """Add a [[projects]] entry to config.toml.

    NAME is the project's name in ytrix. On a terminal, ytrix prompts for what the
    flags do not give; the client secret is never accepted as a flag. Comments in
    config.toml are kept."""
    from ytrix.projects.add import NewProject, add_project, read_client_file

    app = app_context(ctx)
    interactive = not app.json_output and sys.stdin.isatty()
    file_id, secret = read_client_file(client_secret_file) if client_secret_file else (None, None)
    if client_id and file_id and client_id != file_id:
        raise UsageError(
            "--client-id differs from the client ID in --client-secret-file",
            "Pass only the file.",
        )
    client_id = client_id or file_id
    if not client_id:
        if not interactive:
            raise UsageError(
                "Missing the OAuth client ID",
                "Pass --client-secret-file FILE (the downloaded Desktop-app client JSON) "
                "or --client-id ID.",
            )
        client_id = typer.prompt("OAuth client ID", err=True).strip()
    if not secret:
        if not interactive:
            raise UsageError(
                "Missing the OAuth client secret",
                "Pass --client-secret-file FILE (the downloaded Desktop-app client JSON); "
                "secrets are not accepted as flags, to keep them out of shell history.",
            )
        secret = typer.prompt("OAuth client secret", hide_input=True, err=True).strip()
    if not client_id or not secret:
        raise UsageError("The client ID and secret must not be empty")
    new = NewProject(name, client_id, secret, quota_group, priority, daily_quota)
    added = add_project(app.paths.config_file, new, app.user)
    if added.legacy_oauth_ignored:
        app.io.warn(
            "config.toml also has a legacy [oauth] section; with [[projects]] present it is "
            "ignored. Add it as a project too if you still use it."
        )
    if added.tos_reminder:
        app.io.warn(added.tos_reminder)
    lines = [
        f"Added project {added.name} to {added.config_file} (quota group {added.quota_group}, "
        f"priority {added.priority})"
        + (" — created the config file" if added.created_config else ""),
        f"Next: ytrix projects_auth {added.name}",
    ]
    app.io.emit(Result(data=added.as_dict(), lines=lines))


def register(app: typer.Typer) -> None:
    app.command("gcp_inventory")(gcp_inventory)
    app.command("gcp_clone")(gcp_clone)
    app.command("gcp_init")(gcp_init)
    app.command("gcp_guide")(gcp_guide)
    app.command("projects_add")(projects_add)
