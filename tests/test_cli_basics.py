"""The CLI skeleton: strict parsing, global options anywhere, one JSON document,
clean errors, secrets masked, profiles, fast imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirunner import run_cli, run_cli_subprocess
from ytrix import __version__

SECRET = "GOCSPX-very-secret-value-123"


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["--json-output", "version"],
        ["version", "--json-output"],
        ["--json", "version"],
        ["version", "--json"],
    ],
)
def test_version_json_anywhere(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.code == 0, result
    data = json.loads(result.stdout)
    assert set(data) == {"version", "python", "platform", "yt_dlp", "google_api_python_client"}
    assert data["version"] == __version__


def test_version_human() -> None:
    result = run_cli("version")
    assert result.code == 0
    assert result.stdout.splitlines()[0] == f"ytrix {__version__}"


def test_unknown_flag_is_usage_error_and_runs_nothing(isolated_home: Path) -> None:
    result = run_cli("version", "--dryrun")
    assert result.code == 2
    assert result.stdout == ""
    assert "No such option" in result.stderr and "--dryrun" in result.stderr
    assert "Traceback" not in result.stderr
    assert not isolated_home.exists()


def test_unknown_command_is_usage_error() -> None:
    result = run_cli("plist2mlistt")
    assert result.code == 2
    assert "No such command" in result.stderr


def test_usage_error_as_json() -> None:
    result = run_cli("--json", "version", "--dryrun")
    assert result.code == 2
    assert result.json()["error"]["code"] == "usage"


def test_help_lists_commands_and_globals() -> None:
    for args in (["--help"], ["help"], []):
        result = run_cli(*args)
        assert result.code == 0, result
        for word in ("version", "config", "--json-output", "--quota-group", "--user"):
            assert word in result.stdout


def test_config_guide_when_missing(isolated_home: Path) -> None:
    result = run_cli("--json", "config")
    assert result.code == 0
    data = result.json()
    assert data["config_exists"] is False
    assert len(data["setup_guide"]) >= 5
    human = run_cli("config")
    assert "projects_auth" in human.stdout
    assert not isolated_home.exists(), "config must not create files"


def test_config_syntax_error_names_line(isolated_home: Path) -> None:
    write_config(isolated_home, 'channel_id = "UC1"\n[[projects]\nname = "main"\n')
    result = run_cli("config")
    assert result.code == 2
    assert "line 2" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("Error:") == 1


def test_config_missing_secret_names_key(isolated_home: Path) -> None:
    write_config(isolated_home, '[[projects]]\nname = "main"\nclient_id = "abc"\n')
    result = run_cli("--json", "config")
    assert result.code == 2
    message = result.json()["error"]["message"]
    assert "projects[0]" in message and "client_secret" in message and "'main'" in message
    assert "Traceback" not in result.stderr


def test_config_unknown_key_and_bad_type(isolated_home: Path) -> None:
    write_config(
        isolated_home,
        '[[projects]]\nname = "main"\nclient_id = "a"\nclient_secret = "b"\n'
        'daily_quota = "lots"\ncolour = "red"\n',
    )
    result = run_cli("config")
    assert result.code == 2
    assert "daily_quota" in result.stderr and "colour" in result.stderr


def test_config_never_shows_secrets(isolated_home: Path) -> None:
    write_config(
        isolated_home,
        f'[oauth]\nclient_id = "legacy-id"\nclient_secret = "{SECRET}"\n'
        f'[[projects]]\nname = "main"\nclient_id = "id1"\nclient_secret = "{SECRET}"\n'
        f'[[projects]]\nname = "backup"\nclient_id = "id2"\nclient_secret = "{SECRET}x"\n',
    )
    for args in (["--json-output", "config"], ["config"], ["--verbose", "config"]):
        result = run_cli(*args)
        assert result.code == 0, result
        assert SECRET not in result.stdout + result.stderr
    data = run_cli("--json", "config").json()
    assert [p["name"] for p in data["projects"]] == ["main", "backup"]
    assert data["legacy"] is False


def test_legacy_oauth_config(isolated_home: Path) -> None:
    write_config(isolated_home, f'[oauth]\nclient_id = "legacy-id"\nclient_secret = "{SECRET}"\n')
    data = run_cli("--json", "config").json()
    assert data["legacy"] is True
    assert data["projects"][0]["token_file"] == str(isolated_home / "token.json")


def test_user_profile_paths(isolated_home: Path) -> None:
    write_config(
        isolated_home,
        '[[users]]\nname = "alice"\nchannel_id = "UCalice"\n'
        '[[users.projects]]\nname = "main"\nclient_id = "a"\nclient_secret = "s"\n'
        '[[users]]\nname = "bob"\n[users.oauth]\nclient_id = "b"\nclient_secret = "t"\n',
    )
    data = run_cli("--user", "alice", "--json", "config").json()
    alice = isolated_home / "users" / "alice"
    assert data["paths"]["config_dir"] == str(alice)
    assert data["paths"]["state_db"] == str(alice / "state.db")
    assert data["projects"][0]["token_file"] == str(alice / "tokens" / "main.json")
    assert data["channel_id"] == "UCalice"
    # the option also works after the command
    assert run_cli("config", "--user", "bob", "--json").json()["legacy"] is True


def test_unknown_user_lists_known(isolated_home: Path) -> None:
    write_config(isolated_home, '[[users]]\nname = "alice"\n[[users]]\nname = "bob"\n')
    result = run_cli("--user", "carol", "config")
    assert result.code == 2
    assert "carol" in result.stderr and "alice, bob" in result.stderr


def test_user_name_cannot_escape_home() -> None:
    result = run_cli("--user", "../evil", "config")
    assert result.code == 2
    assert "Invalid user name" in result.stderr


def test_fast_commands_import_no_heavy_libraries() -> None:
    heavy = ("googleapiclient", "yt_dlp", "google_auth_oauthlib")
    for args in (["--help"], ["version"], ["config"]):
        code = (
            "import sys\n"
            "from ytrix.cli.app import run\n"
            f"rc = run({args!r})\n"
            f"loaded = [m for m in {heavy!r} if m in sys.modules]\n"
            "print('HEAVY', loaded, file=sys.stderr)\n"
            "sys.exit(rc)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stderr
        assert "HEAVY []" in proc.stderr, (args, proc.stderr)


def test_subprocess_entry_point() -> None:
    result = run_cli_subprocess("--json", "version")
    assert result.code == 0
    assert json.loads(result.stdout)["version"] == __version__
