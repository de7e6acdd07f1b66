"""Mirrors on a PostgreSQL store: a copy made on one machine is a mirror every machine
pointed at the same database lists (two YTRIX_HOMEs stand for two machines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.playlists import make_source, own_titled
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator


def test_a_mirror_recorded_through_postgresql_is_listed_from_another_home(
    ytemu: RunningEmulator,
    isolated_home: Path,
    tmp_path: Path,
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("YTRIX_DATABASE_URL", pg_url)
    setup_env(ytemu, isolated_home, {"main": 10000})
    source, _videos = make_source(ytemu, 5, "Shared mirror")
    copied = run_cli("plist2mlist", source)
    assert copied.code == 0, copied
    [target] = own_titled(ytemu, "Shared mirror")
    assert not (isolated_home / "state.db").exists()  # recorded on the server only
    other = tmp_path / "other-home"
    monkeypatch.setenv("YTRIX_HOME", str(other))
    listed = run_cli("--json", "mirrors", "--no-check")
    assert listed.code == 0, listed
    [row] = listed.json()["mirrors"]
    assert row["target"] == target["id"] and row["sources"] == [source]
    assert row["kind"] == "copy" and row["title"] == "Shared mirror"
    assert not (other / "state.db").exists()
