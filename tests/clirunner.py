"""Run the real ytrix CLI: in-process (fast) or as a subprocess (exactly as a user)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def run_cli(*args: str) -> CliResult:
    from ytrix.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))  # each run makes its own console: nothing to reset
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli_subprocess(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    stdin: str | None = None,
    replace_env: bool = False,
) -> CliResult:
    """`env` adds to the test's environment, or with `replace_env` is the whole of it."""
    full_env = {} if replace_env else dict(os.environ)
    if env:
        full_env.update(env)
    proc = subprocess.run(
        [sys.executable, "-m", "ytrix", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        input=stdin,
        check=False,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)
