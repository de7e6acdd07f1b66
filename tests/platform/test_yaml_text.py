"""Text YouTube would refuse (a lone surrogate, a control character) is caught in the
YAML file, before any write, with the line named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.yamlfiles import snapshot
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ('    title: "Bad \\ud800 title"', "title contains U+D800 (a lone surrogate)"),
        ('    description: "bell \\x07 here"', "description contains U+0007 (a control"),
    ],
)
def test_refused_text_stops_before_any_write(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, line: str, named: str
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    before = snapshot(ytemu)
    start = len(ytemu.admin.requests())
    text = "playlists:\n  - title: Fine one\n  - title: Second\n" + line + "\n"
    if "title:" in line:
        text = "playlists:\n  - title: Fine one\n  - privacy: private\n" + line + "\n"
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("yaml2mlists", str(path))
    assert result.code == 2, result
    assert named in result.stderr and "line 4" in result.stderr
    assert "Traceback" not in result.stderr
    assert ytemu.admin.requests()[start:] == []  # not even a read
    assert snapshot(ytemu) == before
