"""`version`, `help` and `config`: commands that need no API and start fast."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ytrix import __version__
from ytrix.cli.context import app_context
from ytrix.cli.io import Result

if TYPE_CHECKING:
    import click

    from ytrix.core.config import Config
    from ytrix.core.paths import Paths
    from ytrix.sources.access import Readiness

SETUP_GUIDE = [
    "Create a Google Cloud project at https://console.cloud.google.com/projectcreate",
    "Enable the YouTube Data API v3 for it: "
    "https://console.cloud.google.com/apis/library/youtube.googleapis.com",
    "Configure the OAuth consent screen (External; add yourself as a test user; "
    "publish it 'In production' so refresh tokens do not expire after 7 days)",
    "Create an OAuth client ID of type 'Desktop app' and note its client ID and secret",
    "Write {config_file} with a [[projects]] entry: name, client_id, client_secret "
    "(or run `ytrix projects_add main`)",
    "Authorize it: `ytrix projects_auth main` (add more projects to multiply the daily quota)",
]


# Distributions a bug report needs, by their PyPI names: read from the installed
# metadata, never imported (yt_dlp and googleapiclient take ~0.5 s to import).
REPORTED_DISTRIBUTIONS = {
    "yt_dlp": "yt-dlp",
    "google_api_python_client": "google-api-python-client",
}


def version_report() -> dict[str, str | None]:
    """ytrix's version, Python's, and the installed versions of the libraries that
    talk to YouTube (None when one is not installed)."""
    import platform
    from importlib import metadata

    report: dict[str, str | None] = {
        "version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }
    for key, distribution in REPORTED_DISTRIBUTIONS.items():
        try:
            report[key] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            report[key] = None
    return report


def version(ctx: typer.Context) -> None:
    """Print ytrix, Python and library versions.

    The libraries are yt-dlp and google-api-python-client; `ytrix --version` prints
    only the ytrix version."""
    report = version_report()
    lines = [
        f"ytrix {report['version']}",
        f"Python {report['python']} ({report['platform']})",
    ]
    for key, distribution in REPORTED_DISTRIBUTIONS.items():
        lines.append(f"{distribution} {report[key] or 'not installed'}")
    app_context(ctx).io.emit(Result(data=report, lines=lines))


def help_command(
    ctx: typer.Context,
    command: str | None = typer.Argument(
        None, metavar="[COMMAND]", help="A command to show the help of (default: all)."
    ),
) -> None:
    """Show the commands, or one command's help.

    With [COMMAND], what `ytrix COMMAND --help` shows; without, every command (in
    panels) and the global options."""
    parent = ctx.parent
    assert parent is not None
    app = app_context(ctx)
    if command is not None:
        data, text = describe_command(parent, command)
        app.io.emit(Result(data=data, lines=[text]))
        return
    if not app.json_output:
        typer.echo(parent.get_help())
        return
    app.io.emit(Result(data=describe_commands(parent)), json_output=True)


def describe_command(parent: click.Context, name: str) -> tuple[dict[str, Any], str]:
    """One command's help, as `ytrix NAME --help` prints it, and as JSON."""
    import click

    from ytrix.core.errors import UsageError

    group = parent.command
    assert isinstance(group, click.Group)
    command = group.get_command(parent, name)
    if command is None:
        raise UsageError(
            f"No such command {name!r}", "`ytrix help` lists the commands (`ytrix --help` too)."
        )
    sub = click.Context(command, info_name=name, parent=parent)
    data = {
        "command": name,
        "usage": f"ytrix {name} {' '.join(command.collect_usage_pieces(sub))}",
        "help": command.help or "",
        "arguments": [
            param.human_readable_name
            for param in command.get_params(sub)
            if isinstance(param, click.Argument)
        ],
        "options": [
            {"names": [*param.opts, *param.secondary_opts], "help": param.help}
            for param in command.get_params(sub)
            if isinstance(param, click.Option)
        ],
    }
    return data, command.get_help(sub)


def describe_commands(ctx: click.Context) -> dict[str, Any]:
    """The command list and the global options, for `ytrix --json help`."""
    from click import Group

    group = ctx.command
    assert isinstance(group, Group)
    from ytrix.cli.views.help import aliases_of, panel_of

    commands = []
    for name in group.list_commands(ctx):
        command = group.commands[name]
        if command.hidden:  # an alias: listed with its command
            continue
        commands.append(
            {
                "name": name,
                "help": command.get_short_help_str(limit=200),
                "panel": panel_of(name),
                "aliases": aliases_of(name),
            }
        )
    options = [
        {"names": [*param.opts, *param.secondary_opts], "help": getattr(param, "help", None)}
        for param in group.get_params(ctx)
    ]
    return {
        "usage": f"ytrix {' '.join(group.collect_usage_pieces(ctx))}",
        "commands": commands,
        "global_options": options,
    }


def config(
    ctx: typer.Context,
    fix_permissions: bool = typer.Option(
        False,
        "--fix-permissions",
        help="Take group's and others' rights away from the config, tokens and their folders.",
    ),
) -> None:
    """Show the config and its files, or a setup guide.

    Secrets are never shown. Without a config file: a step-by-step setup guide and an
    example config.toml. Warns when the config or a token file is readable by group
    or others."""
    from ytrix.cli.views.config import ConfigResult
    from ytrix.cli.views.permissions import permission_lines
    from ytrix.core.config import YtdlpConfig
    from ytrix.projects import permissions
    from ytrix.sources.access import readiness

    app = app_context(ctx)
    config = app.config()
    ytdlp = readiness(config.ytdlp if config is not None else YtdlpConfig())
    data = describe_config(config, app.paths, app.user, ytdlp)
    loose = permissions.report(app.paths, fix_permissions)
    data.update(loose.to_json())
    app.io.emit(ConfigResult(data, permission_lines(loose, "ytrix config"), ytdlp))


def describe_config(
    config: Config | None, paths: Paths, user: str | None, ytdlp: Readiness
) -> dict[str, Any]:
    from ytrix.core.config import SECRET_MASK, select_profile, shared_client_warning

    data: dict[str, Any] = {
        "config_file": str(paths.config_file),
        "config_exists": config is not None,
        "user": user,
        "paths": paths.as_dict(),
        "ytdlp": ytdlp.to_json(),
        "storage": describe_storage(paths),
    }
    if config is None:
        if user is not None:
            select_profile_missing = f"No config file defines user {user!r}"
            from ytrix.core.errors import ConfigError

            raise ConfigError(select_profile_missing, "Create config.toml with a [[users]] entry.")
        data["setup_guide"] = [s.format(config_file=paths.config_file) for s in SETUP_GUIDE]
        return data
    profile = select_profile(config, user)
    data["warnings"] = [shared_client_warning(names) for names in profile.shared_clients()]
    data["legacy"] = profile.legacy
    data["channel_id"] = profile.channel_id
    data["projects"] = [
        {
            "name": p.name,
            "client_id": p.client_id,
            "client_secret": SECRET_MASK,
            "quota_group": p.quota_group,
            "priority": p.priority,
            "daily_quota": p.daily_quota,
            "reserve": p.reserve,
            "token_file": str(paths.legacy_token if profile.legacy else paths.token_file(p.name)),
            "token_exists": (
                paths.legacy_token if profile.legacy else paths.token_file(p.name)
            ).exists(),
        }
        for p in profile.projects
    ]
    data["api"] = {
        "youtube_endpoint": config.api.youtube_endpoint,
        "token_uri": config.api.token_uri,
        "auth_uri": config.api.auth_uri,
        "is_google": config.api.is_google,
    }
    return data


def describe_storage(paths: Paths) -> dict[str, str]:
    """Which backend keeps the state, with the URL's password masked."""
    from ytrix.storage.url import configured_url, mask_url, schema_for

    url, source = configured_url(paths.config_file)
    if url is None:
        return {"backend": "sqlite", "location": str(paths.state_db), "source": source}
    return {
        "backend": "postgresql",
        "location": mask_url(url),
        "schema": schema_for(paths.user),
        "source": source,
    }


def register(app: typer.Typer) -> None:
    app.command("version")(version)
    app.command("help")(help_command)
    app.command("config")(config)
