"""`projects` and `quota_status` read only the config and the ledger: they must not
import the Google client libraries or yt-dlp (a fresh interpreter per check)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# psycopg too: it is imported only when a PostgreSQL state database is configured.
HEAVY = ("googleapiclient", "yt_dlp", "google_auth_oauthlib", "psycopg")


def write_home(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        "".join(
            f'[[projects]]\nname = "{name}"\nclient_id = "{name}-id"\n'
            f'client_secret = "{name}-secret"\npriority = {i}\n'
            for i, name in enumerate(("main", "backup"))
        )
    )
    tokens = home / "tokens"
    tokens.mkdir()
    (tokens / "main.json").write_text(json.dumps({"refresh_token": "1//r", "token": None}))


@pytest.mark.parametrize(
    "args",
    [
        ["projects"],
        ["--json", "projects"],
        ["projects", "--history"],
        ["projects", "--errors"],
        ["quota_status"],
        ["--json", "quota_status"],
        ["projects_select", "backup"],
    ],
)
def test_reporting_commands_import_no_heavy_libraries(args: list[str], isolated_home: Path) -> None:
    write_home(isolated_home)
    code = (
        "import sys\n"
        "from ytrix.cli.app import run\n"
        f"rc = run({args!r})\n"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('HEAVY', loaded, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stderr, (args, proc.stderr)
