"""`projects_add`: tomlkit edit that keeps comments, escapes values, never prompts
without a terminal, never prints the secret."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.clirunner import run_cli, run_cli_subprocess

SECRET = "GOCSPX-do-not-print-me-42"
COMMENTED = """\
# ytrix config — hand written
channel_id = "UCxxxxxxxxxxxxxxxxxxxxxx"  # my channel

# the first project
[[projects]]
name = "main"
client_id = "main.apps.googleusercontent.com"
client_secret = "GOCSPX-main"  # keep me

[api]
# endpoints stay default
youtube_endpoint = "https://youtube.googleapis.com"
"""


def client_file(
    tmp_path: Path, client_id: str = "new.apps.googleusercontent.com", kind: str = "installed"
) -> Path:
    path = tmp_path / "client_secret_123.json"
    path.write_text(
        json.dumps(
            {
                kind: {
                    "client_id": client_id,
                    "client_secret": SECRET,
                    "redirect_uris": ["http://localhost"],
                }
            }
        )
    )
    return path


def write_config(home: Path, text: str = COMMENTED) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text)
    return path


def assert_secret_hidden(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text


def test_keeps_comments_and_shows_in_config_and_projects(
    isolated_home: Path, tmp_path: Path
) -> None:
    path = write_config(isolated_home)
    result = run_cli(
        "projects_add",
        "second",
        "--client-secret-file",
        str(client_file(tmp_path)),
        "--quota-group",
        "g2",
        "--priority",
        "3",
        "--daily-quota",
        "20000",
    )
    assert result.code == 0, result
    text = path.read_text()
    for comment in (
        "# ytrix config — hand written",
        "# my channel",
        "# the first project",
        "# keep me",
        "# endpoints stay default",
    ):
        assert comment in text
    assert text.startswith(COMMENTED.split("[api]", maxsplit=1)[0])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    parsed = tomllib.loads(text)
    assert parsed["projects"][1] == {
        "name": "second",
        "client_id": "new.apps.googleusercontent.com",
        "client_secret": SECRET,
        "quota_group": "g2",
        "priority": 3,
        "daily_quota": 20000,
    }
    config = run_cli("--json", "config")
    assert config.code == 0, config
    names = {p["name"]: p for p in config.json()["projects"]}
    assert names["second"]["quota_group"] == "g2" and names["second"]["daily_quota"] == 20000
    projects = run_cli("--json", "projects")
    assert projects.code == 0, projects
    listed = projects.json()
    rows = listed["projects"] if isinstance(listed, dict) else listed
    assert "second" in [row["name"] for row in rows]
    log = isolated_home / "log.txt"
    assert_secret_hidden(
        result.stdout, result.stderr, config.stdout, log.read_text() if log.exists() else ""
    )


def test_json_result_and_created_config(isolated_home: Path, tmp_path: Path) -> None:
    result = run_cli(
        "--json", "projects_add", "main", "--client-secret-file", str(client_file(tmp_path))
    )
    assert result.code == 0, result
    data = result.json()
    assert data["created_config"] is True and data["name"] == "main"
    assert data["next_steps"] == ["ytrix projects_auth main"]
    assert_secret_hidden(result.stdout, result.stderr)
    path = isolated_home / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tomllib.loads(path.read_text())["projects"][0]["client_secret"] == SECRET


def test_values_are_escaped(isolated_home: Path, tmp_path: Path) -> None:
    tricky = 'id"with\\quotes\nand = "newline"'
    result = run_cli(
        "projects_add", "odd", "--client-secret-file", str(client_file(tmp_path, client_id=tricky))
    )
    assert result.code == 0, result
    parsed = tomllib.loads((isolated_home / "config.toml").read_text())
    assert parsed["projects"][0]["client_id"] == tricky
    assert list(parsed) == ["projects"]


def test_duplicate_name_is_an_error(isolated_home: Path, tmp_path: Path) -> None:
    path = write_config(isolated_home)
    result = run_cli("projects_add", "main", "--client-secret-file", str(client_file(tmp_path)))
    assert result.code == 2, result
    assert "already configured" in result.stderr
    assert path.read_text() == COMMENTED


@pytest.mark.parametrize("json_mode", [False, True])
def test_never_prompts_without_a_terminal(isolated_home: Path, json_mode: bool) -> None:
    args = ["--json"] if json_mode else []
    missing_id = run_cli_subprocess(*args, "projects_add", "x1", stdin="typed-id\n")
    assert missing_id.code == 2, missing_id
    assert "Missing the OAuth client ID" in missing_id.stderr
    missing_secret = run_cli_subprocess(
        *args, "projects_add", "x1", "--client-id", "a.apps", stdin="typed-secret\n"
    )
    assert missing_secret.code == 2
    assert "Missing the OAuth client secret" in missing_secret.stderr
    if json_mode:
        assert missing_secret.json()["error"]["code"] == "usage"
    assert not (isolated_home / "config.toml").exists()


def test_prompts_on_a_terminal_with_hidden_secret(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    asked: list[tuple[str, dict[str, Any]]] = []
    answers = {
        "OAuth client ID": " typed.apps.googleusercontent.com ",
        "OAuth client secret": SECRET,
    }

    def fake_prompt(text: str, **kwargs: Any) -> str:
        asked.append((text, kwargs))
        return answers[text]

    monkeypatch.setattr(typer, "prompt", fake_prompt)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    result = run_cli("projects_add", "typed")
    assert result.code == 0, result
    assert [text for text, _ in asked] == ["OAuth client ID", "OAuth client secret"]
    assert asked[1][1].get("hide_input") is True
    assert all(kwargs.get("err") is True for _, kwargs in asked)  # stdout stays clean
    project = tomllib.loads((isolated_home / "config.toml").read_text())["projects"][0]
    assert project["client_id"] == "typed.apps.googleusercontent.com"
    assert project["client_secret"] == SECRET
    assert_secret_hidden(result.stdout, result.stderr)


def test_tos_reminder_from_five_projects_in_a_group(isolated_home: Path, tmp_path: Path) -> None:
    secret_file = client_file(tmp_path)
    for n in range(4):
        result = run_cli("projects_add", f"p{n}", "--client-secret-file", str(secret_file))
        assert result.code == 0 and "distinct purpose" not in result.stderr
    other = run_cli(
        "projects_add",
        "elsewhere",
        "--client-secret-file",
        str(secret_file),
        "--quota-group",
        "other",
    )
    assert "distinct purpose" not in other.stderr
    fifth = run_cli("--json", "projects_add", "p4", "--client-secret-file", str(secret_file))
    assert fifth.code == 0
    assert "5 projects now share quota group 'default'" in fifth.stderr
    assert "distinct purpose" in fifth.json()["tos_reminder"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file"),
        ("not json", "not a readable OAuth client JSON"),
        (json.dumps({"web": {"client_id": "w", "client_secret": SECRET}}), "Web application"),
        (json.dumps({"installed": {"client_id": "w"}}), "lacks client_id or client_secret"),
    ],
)
def test_bad_client_files(
    isolated_home: Path, tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "client.json"
    if content is not None:
        path.write_text(content)
    result = run_cli("projects_add", "x", "--client-secret-file", str(path))
    assert result.code == 2, result
    assert message in result.stderr
    assert_secret_hidden(result.stdout, result.stderr)


def test_mismatched_client_id_and_bad_name(isolated_home: Path, tmp_path: Path) -> None:
    secret_file = str(client_file(tmp_path))
    mismatch = run_cli(
        "projects_add", "x", "--client-secret-file", secret_file, "--client-id", "other.apps"
    )
    assert mismatch.code == 2 and "differs" in mismatch.stderr
    bad_name = run_cli("projects_add", "../evil", "--client-secret-file", secret_file)
    assert bad_name.code == 2 and "Invalid project name" in bad_name.stderr


def test_user_profile_gets_its_own_entry(isolated_home: Path, tmp_path: Path) -> None:
    write_config(isolated_home, COMMENTED + '\n[[users]]\nname = "alice"\n')
    result = run_cli(
        "--user",
        "alice",
        "projects_add",
        "alice-main",
        "--client-secret-file",
        str(client_file(tmp_path)),
    )
    assert result.code == 0, result
    parsed = tomllib.loads((isolated_home / "config.toml").read_text())
    assert [p["name"] for p in parsed["users"][0]["projects"]] == ["alice-main"]
    assert [p["name"] for p in parsed["projects"]] == ["main"]
    config = run_cli("--json", "--user", "alice", "config")
    assert [p["name"] for p in config.json()["projects"]] == ["alice-main"]
    missing = run_cli(
        "--user", "bob", "projects_add", "b", "--client-secret-file", str(client_file(tmp_path))
    )
    assert missing.code == 2


def test_broken_config_is_not_touched(isolated_home: Path, tmp_path: Path) -> None:
    path = write_config(isolated_home, "[[projects]\nname = 'x'\n")
    result = run_cli("projects_add", "x2", "--client-secret-file", str(client_file(tmp_path)))
    assert result.code == 2
    assert "invalid TOML" in result.stderr
    assert path.read_text() == "[[projects]\nname = 'x'\n"
