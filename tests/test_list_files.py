"""Playlist list files as people really write them: a line repeated thousands of
times is told once with a count; a huge bad line is named, not echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.playlists import mix
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator

HUGE = "x" * 5_000_000


@pytest.mark.parametrize("command", ["plists2mlists", "plists2mlist", "plists2info"])
def test_a_huge_bad_line_is_cut(command: str, tmp_path: Path) -> None:
    file = tmp_path / "list.txt"
    file.write_text(f"PL{'a' * 32}\n{HUGE}\n")
    result = run_cli(command, str(file))
    assert result.code == 2, result.stderr[:2000]
    assert len(result.stderr) < 1_000, len(result.stderr)
    assert "line 2" in result.stderr or ":2:" in result.stderr
    assert "(5,000,000 characters)" in result.stderr


def test_a_huge_bad_argument_is_cut() -> None:
    result = run_cli("plist2mlist", HUGE)
    assert result.code == 2
    assert len(result.stderr) < 1_000 and "(5,000,000 characters)" in result.stderr


def test_five_thousand_identical_lines_give_one_notice(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    file = tmp_path / "list.txt"
    file.write_text(f"{mix(5)}\n" * 5000)
    result = run_cli("plists2mlists", str(file))
    assert result.code == 0, result
    sentence = "4,999 lines (2, 3, 4 and 4,996 more) list the same playlist as line 1"
    assert result.stderr.count(sentence) == 1, result.stderr[:2000]
    assert result.stdout.count(sentence) == 1
    assert result.stdout.count("same playlist") == 1
    dry = run_cli("plists2mlists", str(file), "--dry-run")
    assert dry.stdout.count("same playlist") == 1
    data = run_cli("--json", "plists2mlists", str(file), "--dry-run").json()
    assert len(data["repeated_lines"]) == 4999  # the JSON keeps every line
