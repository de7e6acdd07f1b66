"""One voice for every failure: each case runs a real command against ytemu (faults
injected over its admin API) and checks the exit code, exactly one `Error:` and one
`Hint:` line, no traceback or HTTP body on stderr, and the same error as JSON on
stdout with --json-output."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.clirunner import CliResult, run_cli, run_cli_subprocess
from tests.ytrix_env import Env, setup_env
from ytemu.testing import RunningEmulator

Setup = Callable[[RunningEmulator, Env, Path], Any]


def fault(**rule: Any) -> Setup:
    return lambda emu, env, home: emu.admin.add_fault("youtube.*", **rule)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def refuse_connections(emu: RunningEmulator, env: Env, home: Path) -> None:
    config = home / "config.toml"
    config.write_text(config.read_text().replace(emu.base_url, f"http://127.0.0.1:{closed_port()}"))


def break_config(emu: RunningEmulator, env: Env, home: Path) -> None:
    (home / "config.toml").write_text('[[projects]\nname = "main"\n')


def drop_tokens(emu: RunningEmulator, env: Env, home: Path) -> None:
    for token in (home / "tokens").glob("*.json"):
        token.unlink()


@dataclass
class Case:
    name: str
    setup: Setup
    code: int
    error: str  # expected in the Error: line
    hint: str  # expected in the Hint: line
    args: tuple[str, ...] = ("ls",)
    project: str | None = None  # the project the error names
    env: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case(
        "401",
        fault(status=401),
        4,
        "No project can be used: ",
        "Run `ytrix projects_auth`",
    ),
    Case(
        "insufficientPermissions",
        fault(status=403, reason="insufficientPermissions"),
        4,
        "(403 insufficientPermissions)",
        "re-authorize with `ytrix projects_auth main`",
        project="main",
    ),
    Case(
        "forbidden",
        fault(status=403, reason="forbidden"),
        1,
        "(403 forbidden)",
        "for a Brand Account, that you picked that channel",
        project="main",
    ),
    Case(
        "quotaExceeded",
        fault(status=403, reason="quotaExceeded"),
        3,
        "All project quotas exhausted (reset in ",
        "or add projects",
    ),
    Case(
        "429 storm",
        fault(status=429),
        1,
        "(429 rateLimitExceeded)",
        "re-run with `--throttle 500`, or wait and resume later",
        project="main",
    ),
    Case(
        "409 ABORTED",
        fault(status=409),
        1,
        "The operation was aborted. (409 ABORTED)",
        "retry in a few minutes",
        project="main",
    ),
    Case(
        "500",
        fault(status=500),
        1,
        "Backend Error (500 backendError)",
        "YouTube had a server error; retry in a moment",
        project="main",
    ),
    Case(
        "connection refused",
        refuse_connections,
        1,
        "network error (ConnectionRefusedError",
        "Check your internet connection and retry",
        project="main",
    ),
    Case(
        "timeout",
        fault(action="hang", hang_seconds=3),
        1,
        "network error (TimeoutError",
        "timed out; check your connection and retry",
        project="main",
        env={"timeout": 0.25},
    ),
    Case("malformed config", break_config, 2, "invalid TOML", "Fix the line named above"),
    Case(
        "missing token",
        drop_tokens,
        4,
        "main (not authenticated), backup (not authenticated)",
        "Run `ytrix projects_auth`",
    ),
    Case(
        "bad playlist ID",
        lambda emu, env, home: None,
        2,
        "Not a playlist URL or ID: 'not a playlist!'",
        "playlist ID",
        args=("plist2mlist", "not a playlist!"),
    ),
    Case(
        "unknown playlist",
        lambda emu, env, home: None,
        1,
        "not found",
        "Check the URL or ID",
        args=("plist2mlist", "PL" + "z" * 32, "--source", "api"),
    ),
]


RETRIED = {"500", "connection refused", "timeout"}


def needs_commands(*names: str) -> None:
    import typer

    from ytrix.cli.app import app

    group = typer.main.get_command(app)
    missing = [n for n in names if n not in getattr(group, "commands", {})]
    if missing:
        pytest.skip(f"command(s) not registered yet: {', '.join(missing)}")


def one_line(stderr: str, prefix: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, f"expected one {prefix!r} line:\n{stderr}"
    return lines[0][len(prefix) :].strip()


def assert_clean(result: CliResult) -> None:
    assert "Traceback" not in result.stderr, result
    assert '"errors"' not in result.stderr and "{" not in result.stderr, result
    assert "WARNING" not in result.stderr, result


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_error_matrix(case: Case, ytemu: RunningEmulator, isolated_home: Path) -> None:
    needs_commands(case.args[0])
    env = setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000}, **case.env)
    case.setup(ytemu, env, isolated_home)

    human = run_cli(*case.args)
    assert human.code == case.code, human
    assert human.stdout == "", human
    assert_clean(human)
    error = one_line(human.stderr, "Error:")
    hint = one_line(human.stderr, "Hint:")
    assert case.error in error, human
    assert case.hint in hint, human
    if case.project:
        assert error.endswith(f"(project {case.project})"), human
    assert "Details:" not in human.stderr
    if case.name in RETRIED:  # ~9 s of retries are never silent
        retries = [line for line in human.stderr.splitlines() if "; retrying in " in line]
        assert len(retries) == 4, human
        assert case.error in retries[0], human
        assert retries[-1].endswith("(4 of 4)…"), human

    machine = run_cli("--json-output", *case.args)
    assert machine.code == case.code, machine
    assert_clean(machine)
    payload = machine.json()["error"]
    assert case.error in payload["message"]
    assert payload["hint"] == hint
    assert payload["exit_code"] == case.code
    assert payload.get("project") == case.project
    # the two runs may sit either side of a minute of "reset in 11h 59m"
    assert same_but_countdown(one_line(machine.stderr, "Error:"), error)


def same_but_countdown(first: str, second: str) -> bool:
    countdown = re.compile(r"reset in (\d+h )?\d+m")
    return countdown.sub("reset in …", first) == countdown.sub("reset in …", second)


def test_verbose_shows_http_body_and_trace(ytemu: RunningEmulator, isolated_home: Path) -> None:
    needs_commands("ls")
    setup_env(ytemu, isolated_home, {"main": 10_000})
    ytemu.admin.add_fault("youtube.*", status=403, reason="forbidden")
    quiet = run_cli("ls")
    assert_clean(quiet)
    log = (isolated_home / "log.txt").read_text()
    assert "HTTP 403 body:" in log and '"reason": "forbidden"' in log
    assert "Traceback" in log

    verbose = run_cli("--verbose", "ls")
    assert verbose.code == 1
    assert "HTTP 403 body:" in verbose.stderr and '"reason": "forbidden"' in verbose.stderr
    assert "Traceback" in verbose.stderr
    assert one_line(verbose.stderr, "Error:").endswith("(project main)")


def test_unexpected_error_points_to_the_log(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})

    def bug(*_args: Any) -> None:
        raise ZeroDivisionError("a bug in ytrix")

    # a stand-in for a bug of ytrix's own (no Google library is replaced)
    monkeypatch.setattr("ytrix.quota.status.project_statuses", bug)
    result = run_cli("projects")
    assert result.code == 1
    assert_clean(result)
    assert one_line(result.stderr, "Error:").startswith("Unexpected error: ZeroDivisionError")
    assert "--verbose" in one_line(result.stderr, "Hint:")
    details = one_line(result.stderr, "Details:")
    assert details == str(isolated_home / "log.txt")
    assert "Traceback" in Path(details).read_text()
    data = json.loads(run_cli("--json", "projects").stdout)["error"]
    assert data["code"] == "unexpected" and data["details"] == details


@pytest.mark.parametrize("damage", ["not a database", "truncated"])
def test_corrupt_state_db_names_the_file_and_how_to_set_it_aside(
    damage: str, ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    state = isolated_home / "state.db"
    # a real state.db (in another process: no connection stays open), then damaged
    assert run_cli_subprocess("projects").code == 0
    if damage == "not a database":
        state.write_bytes(b"this is not a database" * 100)
    else:
        state.write_bytes(state.read_bytes()[:100] + b"\0" * 4000)
    before = state.read_bytes()
    result = run_cli_subprocess("projects")
    assert result.code == 1, result
    assert_clean(result)
    error = one_line(result.stderr, "Error:")
    assert error.startswith(f"{state} is damaged and cannot be read"), result
    assert f"`mv {state} {state}.corrupt`" in one_line(result.stderr, "Hint:")
    assert run_cli_subprocess("--json", "projects").json()["error"]["code"] == "storage"
    assert state.read_bytes() == before  # ytrix never moves its journals on its own
    state.rename(state.with_name("state.db.corrupt"))  # the hint, followed
    for suffix in ("-wal", "-shm"):
        state.with_name("state.db" + suffix).unlink(missing_ok=True)
    assert run_cli_subprocess("projects").code == 0


def test_token_endpoint_outage_is_not_a_dead_token(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    """google-auth retries a 5xx token endpoint itself, then says `retryable`: the pool
    retries too instead of marking the project dead."""
    needs_commands("ls")
    setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000})
    ytemu.admin.add_fault("oauth2.token", status=500, first=3)
    result = run_cli("--json", "ls")
    assert result.code == 0, result
    projects = run_cli_subprocess("--json", "projects").json()["projects"]
    assert [p["state"] for p in projects] == ["available", "available"]
    assert run_cli("--json", "projects", "--history").json()["rotations"] == []


def test_interrupt_has_a_hint(monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> None:
    from ytrix.cli.commands import basics

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(basics, "describe_config", interrupted)
    result = run_cli("--json", "config")
    assert result.code == 130
    assert one_line(result.stderr, "Error:") == "Interrupted"
    assert "Re-run the command" in one_line(result.stderr, "Hint:")
    assert result.json()["error"]["exit_code"] == 130


def test_offline_dns_failure_is_a_network_error(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline, the first thing to fail is resolving the token endpoint: google-auth
    raises TransportError(ServerNotFoundError). That is a network error, not a bug."""
    needs_commands("ls")
    env = setup_env(ytemu, isolated_home, {"main": 10_000})
    config = isolated_home / "config.toml"
    config.write_text(config.read_text().replace(ytemu.base_url, "http://offline.invalid:9"))
    real_getaddrinfo = socket.getaddrinfo

    def no_dns(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "offline.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    result = run_cli("--json", "ls")
    assert result.code == 1, result
    assert_clean(result)
    error = result.json()["error"]
    assert "network error (ServerNotFoundError" in error["message"]
    assert error["hint"] == "Check your internet connection and retry."
    assert error["project"] == "main"
    assert env.ledger_used("main") == 0  # nothing was sent
    assert run_cli_subprocess("--json", "projects").json()["projects"][0]["state"] == "available"


def test_interrupted_command_that_reported_is_not_reported_twice(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    """A command that prints its own report and exits 130 (a batch stopped by Ctrl-C)
    keeps stdout to that one JSON document."""
    import typer

    from ytrix.cli.io import IO

    emit = IO.emit

    def emit_then_stop(self: IO, *args: Any, **kwargs: Any) -> None:
        emit(self, *args, **kwargs)
        raise typer.Exit(130)

    monkeypatch.setattr(IO, "emit", emit_then_stop)
    result = run_cli("--json", "config")
    assert result.code == 130
    assert "config_exists" in result.json()
    assert "Error:" not in result.stderr
