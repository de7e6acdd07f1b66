"""The PostgreSQL server restarts under a running batch: back within the retry window,
the batch carries on; gone for longer, the batch stops cleanly (exit 1, one clear
error, no traceback) and `--resume` finishes it exactly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers.pg_server import PgServer
from tests.helpers.playlists import copyable, items, mix, own
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator

QUOTAS = {"main": 100_000}


def _batch(home: Path, file: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ytrix", "--json", "plists2mlists", str(file), *extra],
        env=dict(os.environ, YTRIX_HOME=str(home), YTRIX_BACKOFF_SCALE="0.01"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _retry_seconds(home: Path, seconds: float) -> None:
    config = home / "config.toml"
    text = config.read_text().split("[storage]")[0]
    config.write_text(f"{text}[storage]\nretry_seconds = {seconds}\n")


def _check_copied(emu: RunningEmulator, sizes: list[int]) -> None:
    for size in sizes:
        made = [p for p in own(emu) if p["title"] == f"Mix {size:03d}"]
        assert len(made) == 1, size
        assert items(emu, made[0]["id"]) == copyable(emu, mix(size)), size


@pytest.mark.slow
def test_database_restarts_mid_batch(
    ytemu: RunningEmulator,
    isolated_home: Path,
    own_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("YTRIX_DATABASE_URL", own_server.create_database("state"))
    env = setup_env(ytemu, isolated_home, QUOTAS)
    ytemu.admin.set_latency(40)  # the batches take seconds: the restart lands mid-run
    first, second = isolated_home / "a.txt", isolated_home / "b.txt"
    first.write_text(f"{mix(20)}\n{mix(30)}\n")
    second.write_text(f"{mix(45)}\n{mix(50)}\n")

    # Back within the retry window: the run waits for it and finishes.
    _retry_seconds(isolated_home, 30)
    proc = _batch(isolated_home, first)
    time.sleep(1.5)
    assert proc.poll() is None
    own_server.stop()
    restart = threading.Timer(1.5, own_server.start)
    restart.start()
    out, err = proc.communicate(timeout=90)
    restart.join()
    assert proc.returncode == 0, err
    assert "Lost the connection to the state database" in err  # the one warning
    assert json.loads(out)["state"] == "completed"
    _check_copied(ytemu, [20, 30])

    # Gone for longer: a clean stop, then --resume once it is back.
    _retry_seconds(isolated_home, 1)
    proc = _batch(isolated_home, second)
    time.sleep(1.5)
    assert proc.poll() is None
    own_server.stop()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    error = json.loads(out)["error"]
    assert error["code"] == "storage" and "Lost the connection" in error["message"]
    assert "--resume" in error["hint"]
    own_server.start()
    proc = _batch(isolated_home, second, "--resume")
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, err
    assert json.loads(out)["state"] == "completed"
    _check_copied(ytemu, [20, 30, 45, 50])
    # The ledger kept every unit the server charged (at most one call over: the
    # one whose outcome could not be recorded).
    assert 0 <= env.ledger_used("main") - env.emu_used("main") <= 50
