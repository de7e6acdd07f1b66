"""`ytrix --version`, `ytrix version` (what a bug report needs) and shell completion
installed the usual Typer way."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from ytrix import __version__

HEAVY = ("googleapiclient", "yt_dlp", "google_auth_oauthlib")
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_root_version_flag(flag: str, isolated_home: Path) -> None:
    result = run_cli(flag)
    assert result.code == 0, result
    assert result.stdout == f"ytrix {__version__}\n"
    assert not isolated_home.exists()


def test_version_command_names_python_and_libraries() -> None:
    result = run_cli("version")
    assert result.code == 0, result
    assert result.stdout.splitlines() == [
        f"ytrix {__version__}",
        f"Python {platform.python_version()} ({platform.platform(terse=True)})",
        f"yt-dlp {metadata.version('yt-dlp')}",
        f"google-api-python-client {metadata.version('google-api-python-client')}",
    ]
    data = run_cli("--json", "version").json()
    assert data["yt_dlp"] == metadata.version("yt-dlp")
    assert data["google_api_python_client"] == metadata.version("google-api-python-client")
    assert data["python"] == platform.python_version()


def test_version_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from ytrix.cli.app import run\n"
        "rc = run(['version'])\n"
        f"print('HEAVY', [m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stderr, proc.stderr


def _bash(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    full = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **(env or {})}
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=full, check=False, timeout=60
    )


def test_show_completion_prints_a_bash_script() -> None:
    proc = _bash("ytrix --show-completion")
    assert proc.returncode == 0, proc.stderr
    assert "complete -o default -F _ytrix_completion ytrix" in proc.stdout
    assert "_YTRIX_COMPLETE=complete_bash" in proc.stdout


def test_completion_completes_commands_and_options() -> None:
    proc = _bash(
        "ytrix",
        env={"_YTRIX_COMPLETE": "complete_bash", "COMP_WORDS": "ytrix plists2", "COMP_CWORD": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["plists2info", "plists2mlist", "plists2mlists"]
    proc = _bash(
        "ytrix",
        env={
            "_YTRIX_COMPLETE": "complete_bash",
            "COMP_WORDS": "ytrix plist2mlist --pri",
            "COMP_CWORD": "2",
        },
    )
    assert proc.stdout.split() == ["--privacy"]


def test_install_completion_writes_the_bash_files(tmp_path: Path) -> None:
    home = tmp_path / "user-home"
    home.mkdir(parents=True, exist_ok=True)
    proc = _bash("ytrix --install-completion", env={"HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    assert "bash completion installed" in proc.stdout
    script = home / ".bash_completions" / "ytrix.sh"
    assert "_ytrix_completion" in script.read_text()
    assert str(script) in (home / ".bashrc").read_text()
