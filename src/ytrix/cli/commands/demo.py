"""`ytrix demo`: the whole job, offline — a batch bigger than a day of three projects'
quota rotates, pauses, resumes after midnight Pacific, and is checked exactly."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from ytrix.cli.context import app_context
from ytrix.core.errors import ExitCode, UsageError, YtrixError

NEXT_STEPS = """\
What to try next:
  - Explore the sandbox: ytrix demo --home DIR --keep, then follow the printed commands
    (the emulator's state is saved; `python -m ytemu serve --state ...` brings it back).
  - Use ytrix for real: `ytrix config` prints the setup guide for your Google Cloud
    projects; add them with `ytrix projects_add NAME` and authorize with
    `ytrix projects_auth NAME`.
"""


# The demo batch needs ~6,200 units: three projects must run out on day one and
# finish on day two (measured: 1,060..2,060 work; the range keeps a margin).
MIN_DAILY_QUOTA, MAX_DAILY_QUOTA = 1100, 2000


class DemoFailed(YtrixError):
    code = "demo_failed"
    summary: dict[str, Any] | None = None  # what the demo did, in the JSON error

    def payload(self) -> dict[str, object]:
        return {"summary": self.summary} if self.summary is not None else {}


def demo(
    ctx: typer.Context,
    home: Path | None = typer.Option(
        None,
        "--home",
        metavar="DIR",
        help="Sandbox directory to use (kept afterwards); default: a temp dir, removed after.",
    ),
    keep: bool = typer.Option(False, "--keep", help="Keep the sandbox and emulator state."),
    daily_quota: int = typer.Option(
        1500,
        "--daily-quota",
        min=MIN_DAILY_QUOTA,
        max=MAX_DAILY_QUOTA,
        metavar="UNITS",
        help="Daily units of each of the three demo projects: small enough that the batch "
        "pauses on day one, large enough that it finishes on day two.",
    ),
) -> None:
    """Run the whole job offline on the embedded emulator.

    No Google account needed: three small projects, a batch that rotates, pauses,
    resumes after midnight Pacific, and a final check of every copy."""
    from ytrix.demo import sandbox as sandbox_ops

    app = app_context(ctx)
    json_output = app.json_output
    keep = keep or home is not None
    say = _sayer(json_output)
    if home is not None:
        _check_home(home)
        _clear_earlier_sandbox(home, say)
    root = home or Path(tempfile.mkdtemp(prefix="ytrix-demo-"))
    started = time.monotonic()
    sandbox = sandbox_ops.start_sandbox(root / "ytrix-home", daily_quota, app.clock)
    steps: list[dict[str, Any]] = []
    try:
        say(f"ytrix demo: ytemu (the offline Google emulator) runs at {sandbox.emu.base_url}")
        say(f"Sandbox home: {sandbox.home}; three projects of {daily_quota:,} units a day.")
        run_cli = app.run_cli
        assert run_cli is not None  # the root command sets it
        # Each command runs in the sandbox: its home, and its clock as moved so far.
        run = _runner(
            lambda args: run_cli(args, sandbox.environ(os.environ)), steps, json_output, say
        )
        run("projects_auth")
        run("projects")
        run("plists2mlists", str(sandbox.batch_file), "--dry-run")
        paused = run("plists2mlists", str(sandbox.batch_file)) == ExitCode.QUOTA_EXHAUSTED
        target = sandbox_ops.move_clocks_past_midnight(sandbox)
        say(
            f"\n--- Moving ytemu's clock and ytrix's to {target:%Y-%m-%d %H:%M} UTC: "
            "just past midnight Pacific, when Google resets every project's quota. ---"
        )
        run("plists2mlists", str(sandbox.batch_file), "--resume")
        run("projects", "--history", "--days", "2")
        run("journal_status")
        checks = sandbox_ops.verify_copies(sandbox)
        exact = all(c.exact for c in checks)
        say("\nFinal check against ytemu (every video once, in the source's order):")
        for check in checks:
            mark = "exact" if check.exact else "MISMATCH"
            say(f"  {check.source_title}: {check.actual}/{check.expected} videos — {mark}")
        summary = {
            "emulator": sandbox.emu.base_url,
            "home": str(sandbox.home),
            "kept": keep,
            "steps": steps,
            "paused_on_quota": paused,
            "exact": exact,
            "playlists": [c.__dict__ for c in checks],
            "units_by_project_today": sandbox.emu_usage(),
            "seconds": round(time.monotonic() - started, 1),
        }
        if keep:
            summary["restore"] = _keep(sandbox, say)
        say("\n" + NEXT_STEPS)
    finally:
        sandbox.emu.stop()
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    if not (paused and exact):
        failed = DemoFailed(
            f"The demo did not end as expected (paused on quota: {paused}, copies exact: {exact})",
            "Re-run with --verbose and --keep to inspect the sandbox.",
        )
        failed.summary = summary  # one JSON document: the error carries the summary
        raise failed
    if json_output:
        app.io.write_json(summary)


def _keep(sandbox: Any, say: Any) -> dict[str, Any]:
    """Save the emulator's world and print how to bring the sandbox back. ytrix's clock
    must move with the emulator's (both are past midnight Pacific): the restored
    emulator keeps its clock offset, so ytrix gets the same one."""
    state = sandbox.home.parent / "ytemu-state.json"
    sandbox.emu.admin.save(str(state))
    port = sandbox.emu.base_url.rsplit(":", 1)[1]
    emulator = f"python -m ytemu serve --state {shlex.quote(str(state))} --port {port}"
    env = sandbox.environ({})  # what each command of the demo ran with: home and clock
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    say(
        f"\nSandbox kept. Bring the emulator back with:\n  {emulator}\n"
        "then, in another shell (ytrix's clock moves with the emulator's):\n"
        f"  export {exports}\n  ytrix ls"
    )
    return {"emulator": emulator, "env": env}


def _clear_earlier_sandbox(home: Path, say: Any) -> None:
    """A second `demo --home DIR` starts clean: the earlier sandbox's tokens belong to an
    emulator that is gone. A ytrix home that is not a demo's is never touched."""
    from ytrix.demo.sandbox import is_sandbox

    earlier = home / "ytrix-home"
    if not earlier.exists():
        return
    if not is_sandbox(earlier):
        raise UsageError(
            f"--home {home} already holds {earlier}, which is not a demo sandbox",
            "Give an empty or new directory to --home (the demo never touches a real ytrix home).",
        )
    shutil.rmtree(earlier)
    (home / "ytemu-state.json").unlink(missing_ok=True)
    say(f"Replacing the demo sandbox an earlier run left in {home}.")


def _check_home(home: Path) -> None:
    """`--home` must be a directory ytrix can create files in: exit 2 before the
    emulator starts, not an unexpected error halfway."""
    hint = "Give a directory you can write to, or drop --home for a temporary one."
    if home.exists() and not home.is_dir():
        raise UsageError(f"--home {home} is a file, not a directory", hint)
    try:
        home.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=home):
            pass
    except OSError as exc:
        raise UsageError(
            f"--home {home} cannot hold the sandbox: {exc.strerror or exc}", hint
        ) from None


def _sayer(json_output: bool) -> Any:
    stream = sys.stderr if json_output else sys.stdout

    def say(text: str) -> None:
        stream.write(text + "\n")
        stream.flush()

    return say


def _runner(
    run_cli: Callable[[list[str]], int], steps: list[dict[str, Any]], json_output: bool, say: Any
) -> Any:
    def run(*args: str) -> int:
        say(f"\n$ ytrix {' '.join(args)}")
        # In JSON mode stdout carries only the demo's own summary.
        target = sys.stderr if json_output else sys.stdout
        with contextlib.redirect_stdout(target):
            code = run_cli(list(args))
        steps.append({"command": f"ytrix {' '.join(args)}", "exit_code": code})
        if code not in (ExitCode.OK, ExitCode.QUOTA_EXHAUSTED, ExitCode.PARTIAL_FAILURE):
            raise DemoFailed(f"`ytrix {' '.join(args)}` failed with exit code {code}")
        return code

    return run


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
