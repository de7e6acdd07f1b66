"""The root command: global options, command registration, and the one error
boundary that turns every failure into a message, a hint and an exit code."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence

import typer

from ytrix.cli.clickcompat import ClickException, Group, NoArgsIsHelpError, UsageError
from ytrix.cli.commands import (
    basics,
    batch,
    cache,
    curate,
    demo,
    export,
    gcp,
    info,
    playlists,
    projects,
    quota,
    storage,
    sync,
    yamlsync,
)
from ytrix.cli.context import AppContext, Edge
from ytrix.cli.io import IO
from ytrix.cli.views.help import ALIASES, NAMES, PanelGroup
from ytrix.core.errors import ExitCode, YtrixError, storage_error_from

HELP = f"""Curate YouTube playlists at scale: copy, merge, split, edit as YAML, extract
transcripts — rotating quota across your Google Cloud projects.

{NAMES}

Global options may stand before or after the command name; `ytrix help COMMAND` shows
a command's help.

\b
Shell completion: ytrix --install-completion (bash, zsh, fish, PowerShell)."""
MAX_THROTTLE_MS = 3_600_000  # an hour between writes; more would overflow the sleep

app = typer.Typer(
    name="ytrix",
    cls=PanelGroup,  # the command list in panels, aliases beside their commands
    help=HELP,
    add_completion=True,  # --install-completion / --show-completion, the Typer way
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    suggest_commands=False,  # click already suggests; typer's would repeat it
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from ytrix import __version__

        typer.echo(f"ytrix {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def root(
    ctx: typer.Context,
    _version: bool = typer.Option(
        False,
        "--version",
        "-V",
        is_eager=True,
        expose_value=False,
        callback=_print_version,
        help="Print the version and exit (`ytrix version` adds Python and libraries).",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug detail on stderr."),
    json_output: bool = typer.Option(
        False, "--json-output", "--json", help="Print exactly one JSON document on stdout."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Hide progress and chatter."),
    throttle: int | None = typer.Option(
        None,
        "--throttle",
        min=0,
        max=MAX_THROTTLE_MS,
        metavar="MS",
        help="Minimum gap between API writes (ms).",
    ),
    project: str | None = typer.Option(
        None, "--project", metavar="NAME", help="Use only this project (no rotation)."
    ),
    quota_group: str | None = typer.Option(
        None, "--quota-group", metavar="GROUP", help="Rotate only within this quota group."
    ),
    user: str | None = typer.Option(
        None, "--user", metavar="NAME", help="Use this [[users]] profile."
    ),
) -> None:
    from ytrix.cli.io import IO
    from ytrix.core import logsetup

    edge = ctx.obj if isinstance(ctx.obj, Edge) else Edge.from_environ(IO(json_output), os.environ)
    io = edge.io
    io.quiet = quiet
    context = AppContext(
        verbose=verbose,
        json_output=json_output,
        quiet=quiet,
        throttle_ms=throttle,
        project=project,
        quota_group=quota_group,
        user=user,
        run_cli=run,
        io=io,
        clock=edge.clock,
        home=edge.home,
    )
    ctx.obj = context
    group = ctx.command
    io.name_user_in_commands(user, group.commands if isinstance(group, Group) else ())
    if user is not None or project is not None or quota_group is not None:
        # Checked before the log file is set up: it lives in the profile's directory.
        logsetup.configure(None, verbose)
        context.check_selection()
    logsetup.configure(context.paths.log_file, verbose, context.paths.root)


basics.register(app)
info.register(app)
gcp.register(app)
projects.register(app)
playlists.register(app)
batch.register(app)
cache.register(app)
quota.register(app)
yamlsync.register(app)
curate.register(app)
export.register(app)
sync.register(app)
demo.register(app)
storage.register(app)


def _register_aliases() -> None:
    """`copy`, `merge`, `split`, `batch`: the same commands under short names, listed
    beside the long ones (hidden as separate rows)."""
    callbacks = {info.name: info.callback for info in app.registered_commands}
    for alias, target in ALIASES.items():
        callback = callbacks.get(target)
        if callback is not None:
            app.command(alias, hidden=True)(callback)


_register_aliases()

GLOBAL_FLAGS = {"--verbose", "-v", "--json-output", "--json", "--quiet", "-q"}
GLOBAL_VALUED = {"--throttle", "--project", "--quota-group", "--user"}


def _command_option_names(group: Group, name: str) -> set[str]:
    command = group.commands.get(name)
    if command is None:
        return set()
    names: set[str] = set()
    for param in command.params:
        names.update(param.opts)
        names.update(param.secondary_opts)
    return names


def hoist_global_options(group: Group, args: Sequence[str]) -> list[str]:
    """Move global options written after the command name in front of it, so
    `ytrix version --json-output` means `ytrix --json-output version`. An option the
    command defines itself (`ls --user @handle`) stays with the command."""
    args = list(args)
    index, command_at = 0, None
    while index < len(args):
        token = args[index]
        if token == "--":
            return args
        if token.split("=", 1)[0] in GLOBAL_VALUED:
            index += 1 if "=" in token else 2
            continue
        if token.startswith("-"):
            index += 1
            continue
        command_at = index
        break
    if command_at is None:
        return args
    own = _command_option_names(group, args[command_at])
    hoisted: list[str] = []
    rest: list[str] = []
    index = command_at + 1
    while index < len(args):
        token = args[index]
        if token == "--":
            rest.extend(args[index:])
            break
        key = token.split("=", 1)[0]
        if key in own:
            rest.append(token)
        elif key in GLOBAL_FLAGS and "=" not in token:
            hoisted.append(token)
        elif key in GLOBAL_VALUED:
            hoisted.append(token)
            if "=" not in token and index + 1 < len(args):
                hoisted.append(args[index + 1])
                index += 1
        else:
            rest.append(token)
        index += 1
    return args[:command_at] + hoisted + [args[command_at], *rest]


def _wants_json(args: Sequence[str]) -> bool:
    return any(a in ("--json", "--json-output") for a in args)


def run(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run the CLI and return its exit code; never raises, never prints a traceback.
    `environ` (default: the process's) is what this run's edge reads: the clock offset
    and ytrix's home."""
    from ytrix.cli.io import IO

    group = typer.main.get_command(app)
    assert isinstance(group, Group)
    args = hoist_global_options(group, sys.argv[1:] if argv is None else argv)
    io = IO(json_output=_wants_json(args))  # this run's console; the root command adds --quiet
    return _run(group, args, io, os.environ if environ is None else environ)


def _run(group: Group, args: list[str], io: IO, environ: Mapping[str, str]) -> int:
    try:
        edge = Edge.from_environ(io, environ)  # the clock and the home are read once, here
        # Without standalone mode click returns a command's `typer.Exit(code)` code.
        returned = group.main(args=args, prog_name="ytrix", standalone_mode=False, obj=edge)
        code = returned if isinstance(returned, int) else ExitCode.OK
        if code == ExitCode.INTERRUPTED and not io.emitted:
            return _interrupted(io)  # typer turns Ctrl-C into a silent exit 130
        return code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:
        # Typer's completion options and completion requests end with sys.exit.
        return exc.code if isinstance(exc.code, int) else ExitCode.OK
    except NoArgsIsHelpError as exc:
        assert exc.ctx is not None
        sys.stdout.write(exc.ctx.get_help() + "\n")
        return ExitCode.OK
    except ClickException as exc:
        # Usage errors: click prints the usage line; we add one clear message.
        if isinstance(exc, UsageError) and exc.ctx is not None:
            sys.stderr.write(exc.ctx.get_usage() + "\n")
        io.emit_error(
            code="usage",
            message=exc.format_message(),
            hint="Run `ytrix --help` (or `ytrix COMMAND --help`) for the options.",
            exit_code=ExitCode.USAGE,
        )
        return ExitCode.USAGE
    except typer.Abort:
        return _interrupted(io)
    except YtrixError as exc:
        return _known(io, exc, exc)
    except KeyboardInterrupt:
        return _interrupted(io)
    except Exception as exc:
        storage = storage_error_from(exc)  # permissions, read-only, disk full: not a bug
        if storage is not None:
            return _known(io, storage, exc)
        return _unexpected(io, exc, verbose="--verbose" in args or "-v" in args)


def _known(io: IO, error: YtrixError, cause: BaseException) -> int:
    logging.getLogger("ytrix").info("error: %s", error.message, exc_info=cause)
    io.emit_error(
        code=error.code,
        message=error.message,
        hint=error.hint,
        project=error.project,
        extra=error.payload(),
        exit_code=int(error.exit_code),
    )
    return int(error.exit_code)


def _unexpected(io: IO, exc: Exception, verbose: bool) -> int:
    from ytrix.core import logsetup

    if not logsetup.is_configured():  # failed before the root callback ran
        logsetup.configure(None, verbose)
    # The trace goes to the log file (and to stderr with --verbose), never to the user.
    logging.getLogger("ytrix").error("unexpected error", exc_info=exc, extra=logsetup.FILE_ONLY)
    log_path = logsetup.log_file()
    io.emit_error(
        code="unexpected",
        message=f"Unexpected error: {type(exc).__name__}: {exc}",
        hint="Re-run with --verbose for the full trace; please report it if it persists.",
        details=str(log_path) if log_path else None,
        exit_code=ExitCode.ERROR,
    )
    return ExitCode.ERROR


def _interrupted(io: IO) -> int:
    io.emit_error(
        code="interrupted",
        message="Interrupted",
        hint="Re-run the command to continue; finished steps are not repeated.",
        exit_code=ExitCode.INTERRUPTED,
    )
    return ExitCode.INTERRUPTED


def main() -> None:
    sys.exit(run())
