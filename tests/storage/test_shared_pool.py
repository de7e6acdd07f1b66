"""Two machines (two YTRIX_HOMEs) share three projects through one PostgreSQL database:
four processes copy eight playlists at once against ytemu with small quotas. No
project is charged past its limit, ytrix's ledger equals ytemu's count, the batches
that paused resume from the other machine, and every playlist ends exact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.batch import advance_clocks, set_clocks
from tests.helpers.clock import state_store, ytrix_clock
from tests.helpers.playlists import copyable, items, mix, own
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.core import clock
from ytrix.quota.ledger import Ledger

# 81 videos: 8 playlists.insert + 79 playlistItems.insert (one private, one deleted,
# one listed twice are not copied) = 4,350 units and the reads; three projects of
# 1,200 hold most of it, so the batches pause and finish the next Pacific day.
SIZES = [1, 2, 3, 5, 8, 12, 20, 30]
QUOTAS = {"east": 1200, "west": 1200, "north": 1200}
YTRIX = (sys.executable, "-m", "ytrix")
NOON = clock.parse_iso("2026-07-01T19:00:00+00:00")  # 12:00 Pacific (PDT)


def _spawn(home: Path, file: Path, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ, YTRIX_HOME=str(home), YTRIX_BACKOFF_SCALE="0.01")
    return subprocess.Popen(
        [*YTRIX, "--json", "--quiet", "plists2mlists", str(file), "--no-dedup", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, dict[str, object]]:
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    return proc.returncode, json.loads(out)


def _ledger() -> Ledger:
    return Ledger(state_store())


def test_two_machines_four_processes_share_three_projects(
    ytemu: RunningEmulator,
    tmp_path: Path,
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("YTRIX_DATABASE_URL", pg_url)
    set_clocks(ytemu, NOON, monkeypatch)
    homes = [tmp_path / "machine-a", tmp_path / "machine-b"]
    envs = [setup_env(ytemu, home, QUOTAS) for home in homes]
    before = {p["id"] for p in own(ytemu)}
    files = []
    for n in range(4):  # process n runs on machine n % 2, two playlists each
        file = homes[n % 2] / f"list-{n}.txt"
        file.write_text("".join(f"{mix(s)}\n" for s in SIZES[n::4]))
        files.append(file)
    ytemu.admin.set_latency(30)  # many calls in flight: reservations contend at the limit
    procs = [_spawn(homes[n % 2], files[n], "--jobs", "2") for n in range(4)]
    results = [_finish(p) for p in procs]
    codes = [code for code, _ in results]
    assert set(codes) <= {0, 3} and 3 in codes, results

    day_one = clock.pacific_day(NOON).isoformat()
    ledger = _ledger()
    for name, limit in QUOTAS.items():
        emu = ytemu.admin.quota(envs[0].emu_project(name), day=day_one)
        used = emu[envs[0].emu_project(name)]["used"]
        assert used <= limit, name  # no project charged past its limit
        assert ledger.used(name, clock.pacific_day(NOON)) == used, name  # ledger == server
    # Nothing was even refused for quota: the shared reservations saw every unit.
    assert [f for f in ledger.failures() if f.reason == "quotaExceeded"] == []

    # The next Pacific day, each paused batch resumes on the *other* machine, from a
    # copy of its file at another path there (found by its content).
    advance_clocks(ytemu, clock.seconds_until_reset(ytrix_clock().now()) + 60, monkeypatch)
    resumed = []
    for n, (code, report) in enumerate(results):
        if code != 3:
            continue
        other = homes[(n + 1) % 2]
        copy = other / f"copy-of-list-{n}.txt"
        copy.write_bytes(files[n].read_bytes())
        status = subprocess.run(
            [*YTRIX, "--json", "journal_status", "--batch", str(report["batch_id"])],
            env=dict(os.environ, YTRIX_HOME=str(other)),
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(status.stdout)["batch"]["state"] == "paused"  # seen over there
        resumed.append((report["batch_id"], _spawn(other, copy, "--resume")))
    for batch_id, proc in resumed:
        code, report = _finish(proc)
        assert code == 0, report
        assert report["batch_id"] == batch_id and report["state"] == "completed"

    new = [p for p in own(ytemu) if p["id"] not in before]
    assert sorted(p["title"] for p in new) == sorted(f"Mix {s:03d}" for s in SIZES)
    for size in SIZES:
        [made] = [p for p in new if p["title"] == f"Mix {size:03d}"]
        assert items(ytemu, made["id"]) == copyable(ytemu, mix(size)), size
    day_two = ytrix_clock().pacific_day()
    for name, limit in QUOTAS.items():
        project = envs[0].emu_project(name)
        emu_two = ytemu.admin.quota(project, day=day_two.isoformat())[project]
        mine = ledger.usage_by_method(day_two).get(name, {})
        assert emu_two["used"] <= limit, name
        if ledger.used(name, day_two) != emu_two["used"]:
            for r in ytemu.admin.requests():
                if r.get("project") == project:
                    print({k: r.get(k) for k in r if k not in ("body", "response")})
        assert ledger.used(name, day_two) == emu_two["used"], (name, mine, emu_two)
