"""`ytrix config` says whether yt-dlp can read current YouTube here: its version, the
challenge solver (yt-dlp[default]), a JavaScript runtime it will use, the cookies it
gets -- without importing yt-dlp (a fresh interpreter per check)."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HEAVY = ("googleapiclient", "yt_dlp", "google_auth_oauthlib")
PROJECT = '[[projects]]\nname = "main"\nclient_id = "main-id"\nclient_secret = "main-secret"\n'


def config(home: Path, extra: str = "", path: str | None = None) -> tuple[Any, str]:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(PROJECT + extra)
    code = (
        "import sys\n"
        "from ytrix.cli.app import run\n"
        "rc = run(sys.argv[1:])\n"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('HEAVY', loaded, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    env = dict(os.environ, PATH=path if path is not None else os.environ.get("PATH", ""))
    runs = []
    for args in (["--json", "config"], ["config"]):
        proc = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert "HEAVY []" in proc.stderr, proc.stderr
        runs.append(proc.stdout)
    return json.loads(runs[0])["ytdlp"], runs[1]


def test_config_reports_ytdlp_version_runtime_and_cookies(
    isolated_home: Path, tmp_path: Path
) -> None:
    cookies = tmp_path / "cookies.txt"
    cookies.write_text("# Netscape HTTP Cookie File\n")
    extra = f'[ytdlp]\ncookies = "{cookies}"\njs_runtimes = ["node"]\n'
    ytdlp, human = config(isolated_home, extra)
    assert ytdlp["version"] == importlib.metadata.version("yt-dlp")
    assert ytdlp["ejs_version"] == importlib.metadata.version("yt-dlp-ejs")
    assert ytdlp["js_runtimes_enabled"] == ["node"]
    node = shutil.which("node")
    assert ytdlp["js_runtime"] == ("node" if node else None)
    assert ytdlp["cookies"] == str(cookies) and ytdlp["cookies_file_exists"] is True
    assert ytdlp["cookies_configured"] is True and ytdlp["ready"] is bool(node)
    assert f"cookies: file {cookies}" in human and "yt-dlp: " in human
    assert "Netscape" not in human  # the cookies themselves are never shown


def test_config_names_what_is_missing(isolated_home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    extra = '[ytdlp]\ncookies = "~/gone.txt"\n'
    ytdlp, human = config(isolated_home, extra, path=str(empty))
    assert ytdlp["js_runtime"] is None and ytdlp["js_runtimes_found"] == {}
    assert ytdlp["js_runtimes_enabled"] == ["deno"]  # yt-dlp's default
    assert ytdlp["cookies_file_exists"] is False and ytdlp["ready"] is False
    assert any("JavaScript runtime" in p for p in ytdlp["problems"])
    assert any("gone.txt does not exist" in p for p in ytdlp["problems"])
    assert "yt-dlp: not ready" in human and "problem: no JavaScript runtime" in human
    bare, human = config(isolated_home)
    assert bare["cookies_configured"] is False
    assert "cookies: none (the bot check and Watch later need them)" in human
