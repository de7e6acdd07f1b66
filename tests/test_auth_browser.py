"""`projects_auth` where no browser can be opened (a server, an SSH session) says to
use `--no-browser` at once, instead of failing with webbrowser's own error."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.clirunner import run_cli_subprocess


def test_no_browser_available_suggests_no_browser(isolated_home: Path, tmp_path: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text(
        '[[projects]]\nname = "main"\nclient_id = "id"\nclient_secret = "secret"\n'
    )
    empty = tmp_path / "no-browsers"
    empty.mkdir()
    env = {
        k: v for k, v in os.environ.items() if k not in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY")
    }
    env["PATH"] = str(empty)  # no xdg-open, www-browser, lynx...
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    for json_output in (False, True):
        args = ["--json"] if json_output else []
        result = run_cli_subprocess(*args, "projects_auth", "main", env=env, replace_env=True)
        assert result.code == 4, result
        assert "No web browser found to authorize project main" in result.stderr
        assert "Hint: Run `ytrix projects_auth main --no-browser`" in result.stderr
        assert "Traceback" not in result.stderr
        if json_output:
            assert "--no-browser" in result.json()["error"]["hint"]
    assert not (isolated_home / "tokens" / "main.json").exists()
