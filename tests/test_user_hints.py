"""Under `--user alice`, every command ytrix tells the user to run carries `--user
alice` (a bare `ytrix projects_auth main` would authorize the top-level `main`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from ytrix.cli.console import Console

CONFIG = """
[[projects]]
name = "main"
client_id = "top-id"
client_secret = "top-secret"

[[users]]
name = "alice"
[[users.projects]]
name = "main"
client_id = "alice-id"
client_secret = "alice-secret"
"""


@pytest.fixture
def home(isolated_home: Path) -> Path:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(CONFIG)
    return isolated_home


def test_error_hint_names_the_user(home: Path) -> None:
    result = run_cli("--user", "alice", "ls")
    assert result.code == 4, result
    assert "Hint: Run `ytrix --user alice projects_auth main`." in result.stderr
    data = run_cli("--user", "alice", "--json", "ls").json()
    assert data["error"]["hint"] == "Run `ytrix --user alice projects_auth main`."


def test_tables_footers_and_json_fixes_name_the_user(home: Path) -> None:
    check = run_cli("ls", "--user", "@someone", "--count")  # ls's own --user is no profile
    assert "--user alice" not in check.stderr
    result = run_cli("--user", "alice", "projects", "--check")
    assert "Fix: ytrix --user alice projects_auth main" in result.stderr
    assert "need `ytrix --user alice projects_auth`" in result.stderr
    assert "ytrix projects_auth" not in result.stdout + result.stderr
    data = run_cli("projects", "--check", "--json", "--user", "alice").json()
    assert data["projects"][0]["fix"] == "ytrix --user alice projects_auth main"
    footer = run_cli("--user", "alice", "projects")
    assert "run `ytrix --user alice projects_auth main` to add its quota" in footer.stderr


def test_without_a_user_hints_are_unchanged(home: Path) -> None:
    result = run_cli("projects", "--check")
    assert "Fix: ytrix projects_auth main" in result.stderr
    assert "--user" not in result.stdout + result.stderr


def test_only_command_names_are_rewritten() -> None:
    console = Console()
    console.name_user_in_commands("alice", ["ls", "projects_auth", "projects"])
    assert console.with_user("run ytrix projects_auth main") == (
        "run ytrix --user alice projects_auth main"
    )
    assert console.with_user("`ytrix projects` and `ytrix ls`") == (
        "`ytrix --user alice projects` and `ytrix --user alice ls`"
    )
    for same in (
        "ytrix finds your channel",
        "~/.ytrix ls",
        "ytrix lsx",
        "ytrix --user bob ls",
        "ytrix's log",
    ):
        assert console.with_user(same) == same
    assert Console().with_user("run ytrix ls") == "run ytrix ls"  # no --user: unchanged
