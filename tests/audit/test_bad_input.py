"""Bad input, one clear answer: every case runs the real CLI (against ytemu where an
API is involved) and checks the documented exit code, exactly one `Error:` and one
`Hint:` line on stderr, no traceback, one JSON document with --json-output, nothing
written (no API write, no file where none should be), and no secret anywhere.

Each test is a regression test for a defect found by the bad-input audit."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.clirunner import CliResult, run_cli
from tests.helpers.backoff import fast_backoff  # noqa: F401 (an autouse fixture)
from tests.helpers.cloud import Cloud, cloud  # noqa: F401 (the fixture)
from tests.ytrix_env import Env, setup_env
from ytemu.seed import playlist_id
from ytemu.testing import RunningEmulator

SOURCE = playlist_id("mix-5")  # a public playlist of another channel, 5 videos
MINE = playlist_id("mine-favourites")
WRITES = ("insert", "update", "delete", "create", "patch", "enable")


@pytest.fixture
def env(ytemu: RunningEmulator, isolated_home: Path) -> Env:
    return setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000})


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def one_line(stderr: str, prefix: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, f"expected one {prefix!r} line:\n{stderr}"
    return lines[0][len(prefix) :].strip()


def secrets_of(env: Env | None) -> list[str]:
    if env is None:
        return []
    return [*env.refresh_tokens.values(), *(f"secret-{name}" for name in env.projects)]


def assert_error(
    *args: str, code: int, error: str, hint: str = "", env: Env | None = None
) -> CliResult:
    """The command fails with `code`: one Error and one Hint line, no traceback, and
    the same error as one JSON document with --json-output."""
    human = run_cli(*args)
    assert human.code == code, human
    assert human.stdout == "", human
    assert "Traceback" not in human.stderr and "Logging error" not in human.stderr, human
    assert error in one_line(human.stderr, "Error:"), human
    assert hint in one_line(human.stderr, "Hint:"), human
    machine = run_cli("--json-output", *args)
    assert machine.code == code, machine
    assert "Traceback" not in machine.stderr, machine
    payload = json.loads(machine.stdout)["error"]  # one document: json.loads would fail
    assert payload["exit_code"] == code and error in payload["message"]
    for secret in secrets_of(env):
        assert secret not in human.stderr + machine.stdout + machine.stderr
    return human


def api_writes(emu: RunningEmulator, since: int = 0) -> list[str]:
    return [
        r["method"]
        for r in emu.admin.requests(since)
        if any(w in r["method"] for w in WRITES) and r["status"] < 400
    ]


def registered_commands() -> list[str]:
    import typer

    from ytrix.cli.app import app

    group = typer.main.get_command(app)
    return sorted(getattr(group, "commands", {}))


# -- unknown --user / --project / --quota-group: exit 2 before anything, for every command
@pytest.mark.parametrize("command", [c for c in registered_commands() if c != "help"])
def test_unknown_user_is_refused_by_every_command(
    command: str, env: Env, isolated_home: Path
) -> None:
    """An unknown `--user` left a `users/NAME/` directory (the log file's) behind, and
    `cache_stats`/`journal_status` even answered 0 for a profile that does not exist."""
    before = sorted(p.name for p in isolated_home.iterdir())
    assert_error("--user", "nobody", command, code=2, error="Unknown user 'nobody'", env=env)
    assert sorted(p.name for p in isolated_home.iterdir()) == before
    assert not (isolated_home / "users").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("--project", "nope", "plist2info", SOURCE),
        ("--project", "nope", "gcp_guide", "some-project"),
        ("--quota-group", "nope", "cache_stats"),
        ("--project", "nope", "projects_add", "x", "--client-id", "y"),
    ],
    ids=["plist2info", "gcp_guide", "cache_stats", "projects_add"],
)
def test_unknown_project_or_group_is_refused_even_without_the_api(
    args: tuple[str, ...], env: Env, ytemu: RunningEmulator, workdir: Path
) -> None:
    """Commands that use no project ignored an unknown `--project` and ran anyway."""
    what = "quota group" if args[0] == "--quota-group" else "project"
    assert_error(*args, code=2, error=f"Unknown {what} 'nope'", env=env)
    assert list(workdir.iterdir()) == []
    assert ytemu.admin.requests() == []


def test_selection_without_config_names_the_setup_guide(isolated_home: Path) -> None:
    assert_error("--project", "main", "version", code=2, error="No config file", hint="config")
    assert not isolated_home.exists()


# -- option values that overflowed ----------------------------------------------------------
def test_huge_throttle_is_a_usage_error(env: Env, ytemu: RunningEmulator) -> None:
    """`--throttle 99999999999999999999999` crashed (OverflowError) at the first write."""
    assert_error(
        "--throttle", "9" * 23, "plist2mlist", SOURCE, code=2, error="'--throttle'", env=env
    )
    assert ytemu.admin.requests() == []


@pytest.mark.parametrize("value", ["inf", "1e308", "nan"])
def test_infinite_api_timeout_is_a_config_error(value: str, env: Env, isolated_home: Path) -> None:
    """`[api] timeout = inf` passed validation and crashed the first request."""
    config = isolated_home / "config.toml"
    config.write_text(config.read_text().replace("[api]\n", f"[api]\ntimeout = {value}\n"))
    assert_error("ls", code=2, error="api.timeout", hint="Fix the key named above", env=env)


@pytest.mark.parametrize(
    "option", [("--delay", "inf"), ("--delay", "nan"), ("--backoff", "nan"), ("--delay", "1e9")]
)
def test_info_waits_must_be_finite(option: tuple[str, str], workdir: Path) -> None:
    """`plist2info --delay inf` crashed after writing playlist.yaml; `nan` was accepted."""
    assert_error("plist2info", SOURCE, *option, code=2, error=f"'{option[0]}'")
    assert list(workdir.iterdir()) == []


def test_history_days_beyond_the_calendar(env: Env) -> None:
    """`projects --history --days 99999999` was an unexpected OverflowError."""
    for view in ("--history", "--errors"):
        result = run_cli("--json", "projects", view, "--days", "99999999")
        assert result.code == 0, result
        assert "Traceback" not in result.stderr


# -- files in the way ------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["", "adir"], ids=["empty", "directory"])
def test_export_target_checked_before_any_call(
    target: str, env: Env, ytemu: RunningEmulator, workdir: Path
) -> None:
    """`mlists2yaml -o ''` said "Error:  already exists"; `-o DIR --force` read the
    playlists (spending quota) before failing to write."""
    (workdir / "adir").mkdir()
    for force in ((), ("--force",)):
        error = "needs a file name" if not target else "is a directory"
        assert_error("mlists2yaml", "-o", target, *force, code=2, error=error, env=env)
        if target:  # `mlist2yaml -o ''` writes the default playlist_<id>.yaml
            assert_error("mlist2yaml", MINE, "-o", target, *force, code=2, error=error, env=env)
    assert ytemu.admin.requests() == []


@pytest.mark.parametrize("kind", ["binary", "directory"])
def test_projects_add_unreadable_config(kind: str, isolated_home: Path, workdir: Path) -> None:
    """A config that is not UTF-8, or is a directory, was an unexpected error in
    `projects_add` (every other command calls it a config error, exit 2)."""
    isolated_home.mkdir(parents=True)
    config = isolated_home / "config.toml"
    if kind == "binary":
        config.write_bytes(b"\xff\xfe\x00 not toml" * 10)
    else:
        config.mkdir()
    client = workdir / "client.json"
    secret = "GOCSPX-audit-secret"
    client.write_text(json.dumps({"installed": {"client_id": "a.b", "client_secret": secret}}))
    result = assert_error(
        "projects_add", "third", "--client-secret-file", str(client), code=2, error="config.toml"
    )
    assert secret not in result.stderr
    assert kind != "binary" or config.read_bytes().startswith(b"\xff\xfe")


def test_demo_home_that_cannot_hold_the_sandbox(workdir: Path) -> None:
    """`demo --home FILE` was an unexpected NotADirectoryError after the emulator started."""
    (workdir / "file.txt").write_text("mine\n")
    assert_error("demo", "--home", "file.txt", code=2, error="is a file, not a directory")
    assert (workdir / "file.txt").read_text() == "mine\n"
    assert_error("demo", "--home", "/proc/ytrix-demo", code=2, error="cannot hold the sandbox")


# -- broken state files ----------------------------------------------------------------------
def test_corrupt_read_cache_is_set_aside(
    env: Env, ytemu: RunningEmulator, isolated_home: Path
) -> None:
    """A corrupt cache.db failed every copy ("Unexpected error: DatabaseError"), and in
    a batch printed a traceback per task: the cache only saves API calls, so it is
    moved aside and started afresh."""
    cache = isolated_home / "cache.db"
    cache.write_bytes(b"this is not a database" * 100)
    result = run_cli("plist2mlist", SOURCE, "--dry-run", "--source", "api")
    assert result.code == 0, result
    assert "read cache" in result.stderr and "cache.db.corrupt" in result.stderr
    assert (isolated_home / "cache.db.corrupt").read_bytes().startswith(b"this is not")
    assert api_writes(ytemu) == []
    for command in ("cache_stats", "cache_clear"):
        again = run_cli("--json", command)
        assert again.code == 0, again
    cache.write_bytes(b"garbage again" * 100)
    assert run_cli("--json", "cache_clear").code == 0


def test_state_db_that_cannot_be_opened(env: Env, isolated_home: Path) -> None:
    """state.db that cannot be opened was "Unexpected error: OperationalError: unable to
    open database file" with a request to report a bug."""
    (isolated_home / "state.db").mkdir()
    assert_error("ls", code=1, error="Cannot open", hint="YTRIX_HOME", env=env)


def test_unwritable_log_file_prints_no_logging_traceback(
    env: Env, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log file that cannot be opened made logging print "--- Logging error ---" and a
    traceback on stderr for every record, and `Details:` pointed at it."""
    (isolated_home / "log.txt").mkdir()

    def bug(*args: Any) -> Any:
        raise ZeroDivisionError("a bug in ytrix")  # an unexpected error logs a traceback

    monkeypatch.setattr("ytrix.quota.status.project_statuses", bug)
    result = assert_error("projects", code=1, error="Unexpected error: ZeroDivisionError", env=env)
    assert "Details:" not in result.stderr


def test_batch_task_failing_unexpectedly_keeps_the_trace_in_the_log(
    env: Env, isolated_home: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch task failing outside the API printed its traceback on stderr."""
    from ytrix.batch import worker as batch_run

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(batch_run, "plan_source", broken)
    (workdir / "list.txt").write_text(SOURCE + "\n")
    result = run_cli("plists2mlists", "list.txt", "--source", "api")
    assert result.code == 5, result
    assert "Traceback" not in result.stderr
    assert "unexpected error: RuntimeError: boom" in result.stdout
    assert "Traceback" in (isolated_home / "log.txt").read_text()
    verbose = run_cli("--verbose", "plists2mlists", "list.txt", "--resume")
    assert "Traceback" in verbose.stderr


# -- credentials --------------------------------------------------------------------------
def test_batch_without_credentials_names_the_fix(
    env: Env, isolated_home: Path, workdir: Path
) -> None:
    """The batch's auth pause said "fix the credentials" without saying how."""
    for token in (isolated_home / "tokens").glob("*.json"):
        token.unlink()
    (workdir / "list.txt").write_text(SOURCE + "\n")
    result = run_cli("plists2mlists", "list.txt", "--source", "api")
    assert result.code == 4, result
    assert "ytrix projects_auth" in result.stderr and "--resume" in result.stderr


def test_log_and_tokens_are_private_and_free_of_secrets(
    env: Env, ytemu: RunningEmulator, isolated_home: Path
) -> None:
    """log.txt was created 0644; secrets stay out of it even with --verbose."""
    ytemu.admin.add_fault("youtube.*", status=403, reason="forbidden")
    result = run_cli("--verbose", "ls")
    assert result.code == 1
    log = isolated_home / "log.txt"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    for token in (isolated_home / "tokens").glob("*.json"):
        assert stat.S_IMODE(token.stat().st_mode) == 0o600
    assert stat.S_IMODE((isolated_home / "tokens").stat().st_mode) == 0o700
    assert stat.S_IMODE((isolated_home / "state.db").stat().st_mode) == 0o600
    text = log.read_text() + result.stdout + result.stderr
    for secret in [*secrets_of(env), "ya29.emu-", "1//emu-"]:
        assert secret not in text


# -- Cloud commands ----------------------------------------------------------------------
def test_gcp_error_starts_its_own_line(cloud: Cloud) -> None:  # noqa: F811
    """The step line `Reading project x... ` was left open, so the error read
    `Reading project x... Error: ...` and no line started with `Error:`."""
    cloud.seed_source()
    assert_error("gcp_clone", "no-such-proj", "b", code=1, error="does not exist")
    assert cloud.writes() == []


def test_gcp_adc_path_is_a_directory(cloud: Cloud, tmp_path: Path) -> None:  # noqa: F811
    """GOOGLE_APPLICATION_CREDENTIALS naming a directory was an unexpected error."""
    cloud.adc_file.unlink()
    cloud.adc_file.mkdir()
    assert_error("gcp_inventory", "src-proj", code=4, error="Application Default Credentials")


def test_gcp_network_error_names_the_cause(cloud: Cloud, isolated_home: Path) -> None:  # noqa: F811
    """The token endpoint being down read "Cannot reach the Google token endpoint: 111"."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = isolated_home / "config.toml"
    config.write_text(config.read_text().replace(cloud.emu.base_url, f"http://127.0.0.1:{port}"))
    assert_error("gcp_inventory", "src-proj", code=1, error="ConnectionRefusedError")


# -- a read-only YTRIX_HOME ------------------------------------------------------------------
@pytest.fixture
def readonly_runner() -> Iterator[list[str]]:
    """Permissions do not stop root: run ytrix as `nobody` then (setpriv)."""
    if os.geteuid() != 0:
        yield []
        return
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    runner = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    # A checkout under a private directory (mktemp -d is 0700) is out of nobody's reach.
    probe = subprocess.run([*runner, sys.executable, "-c", "import ytrix"], check=False)
    if probe.returncode != 0:
        pytest.skip("`nobody` cannot read this checkout: permissions cannot be tested")
    yield runner


def _make_readonly(home: Path, as_nobody: bool) -> None:
    for path in [home, *home.rglob("*")]:
        if as_nobody:
            os.chown(path, 65534, 65534)
        path.chmod(0o500 if path.is_dir() else 0o400)


def test_readonly_home(ytemu: RunningEmulator, readonly_runner: list[str]) -> None:
    """A read-only YTRIX_HOME was "Unexpected error: PermissionError" / "OperationalError:
    attempt to write a readonly database" (or, for a home ytrix owns, was silently made
    writable again), with a logging traceback per record."""
    base = Path(tempfile.mkdtemp(prefix="ytrix-ro-"))
    try:
        base.chmod(0o755)
        home = base / "home"
        env = setup_env(ytemu, home, {"main": 10_000})
        (base / "client.json").write_text(
            json.dumps({"installed": {"client_id": "c.d", "client_secret": "GOCSPX-ro"}})
        )
        _make_readonly(home, as_nobody=bool(readonly_runner))
        before = sorted(str(p) for p in home.rglob("*"))
        cases = [
            (("ls",), "state.db"),
            (("projects_add", "x", "--client-secret-file", str(base / "client.json")), ""),
        ]
        for args, named in cases:
            for extra in ((), ("--json",)):
                proc = subprocess.run(
                    [*readonly_runner, sys.executable, "-m", "ytrix", *extra, *args],
                    capture_output=True,
                    text=True,
                    cwd=base,
                    env={**os.environ, "YTRIX_HOME": str(home), "HOME": str(base)},
                    timeout=60,
                    check=False,
                )
                assert proc.returncode == 1, proc
                assert "Traceback" not in proc.stderr and "Logging error" not in proc.stderr
                error = one_line(proc.stderr, "Error:")
                assert error.startswith("Cannot") and named in error, proc.stderr
                assert str(home / "config.toml") in error or named
                assert "Unexpected" not in error
                one_line(proc.stderr, "Hint:")
                if extra:
                    assert json.loads(proc.stdout)["error"]["code"] == "storage"
        assert sorted(str(p) for p in home.rglob("*")) == before
        assert stat.S_IMODE(home.stat().st_mode) == 0o500  # left read-only
        assert api_writes(ytemu) == [] and env.projects
    finally:
        for path in [base, *base.rglob("*")]:
            path.chmod(0o700)
        shutil.rmtree(base, ignore_errors=True)


def test_private_dir_is_tightened_never_loosened(tmp_path: Path) -> None:
    from ytrix.core.fsutil import ensure_private_dir

    readonly = tmp_path / "ro"
    readonly.mkdir(mode=0o755)
    readonly.chmod(0o555)
    ensure_private_dir(readonly)
    assert stat.S_IMODE(readonly.stat().st_mode) == 0o500


def test_storage_errors_are_named_not_unexpected() -> None:
    import errno

    from ytrix.core.errors import StorageError, storage_error_from

    error = storage_error_from(PermissionError(errno.EACCES, "Permission denied", "/x/y.json"))
    assert isinstance(error, StorageError)
    assert error.message == "Cannot access /x/y.json: Permission denied" and error.hint
    assert storage_error_from(FileNotFoundError(errno.ENOENT, "No such file", "/x")) is None
    assert storage_error_from(ValueError("no")) is None


# -- the playlist-list file ------------------------------------------------------------------
@pytest.mark.parametrize("command", ["plists2mlists", "plists2mlist", "plists2info"])
@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("directory", "is a directory"),
        ("binary", "line 1: not UTF-8 text"),
        ("bom-bad-line", "line 2: not a playlist URL or ID"),
    ],
)
def test_list_file_one_parser(
    command: str, kind: str, error: str, env: Env, ytemu: RunningEmulator, workdir: Path
) -> None:
    """The three commands that read a playlist list once had three parsers: a BOM was
    accepted by one and refused by another; a directory or binary file was a raw Python
    error in two. One parser now: the same clear error from each, nothing called."""
    path = workdir / "list"
    if kind == "directory":
        path.mkdir()
    elif kind == "binary":
        path.write_bytes(b"\xff\xfe\x00\x01")
    else:  # the BOM is accepted: the error is the second line's, not the first's
        path.write_text(f"\ufeff{SOURCE}\nnot a playlist\n", encoding="utf-8")
    assert_error(command, str(path), code=2, error=f"{path}", env=env)
    assert_error(command, str(path), code=2, error=error, env=env)
    assert ytemu.admin.requests() == []
