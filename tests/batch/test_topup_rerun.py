"""A top-up (dedup update) job re-run or resumed never re-inserts the videos its
target held before the job: regression for the plan's resume branch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.playlists import copyable, items, mix
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator

# Every test here runs on both state backends: SQLite and PostgreSQL.
pytestmark = pytest.mark.usefixtures("state_backend")


def test_rerun_of_a_top_up_adds_nothing(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 100_000})
    wanted = copyable(ytemu, mix(45))
    held = [v for n, v in enumerate(wanted) if n % 5 != 4]
    target = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Most", video_ids=held)
    missing = [v for v in wanted if v not in held]
    for _ in range(2):
        result = run_cli("--json", "plist2mlist", mix(45))
        assert result.code == 0, result
        assert items(ytemu, target) == held + missing
    assert result.json()["videos_added"] == 0
