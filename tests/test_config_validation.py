"""Config mistakes a new user makes are refused or warned before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli


def write(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text)


def project(name: str, extra: str = "", client: str | None = None) -> str:
    return (
        f'[[projects]]\nname = "{name}"\nclient_id = "{client or name}-id"\n'
        f'client_secret = "{name}-secret"\n{extra}\n'
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("daily_quota = 100\nreserve = 100", "reserve (100) must be less than daily_quota (100)"),
        ("reserve = 20000", "reserve (20000) must be less than daily_quota (10000)"),
        ("daily_quota = true", "daily_quota: Input should be a valid integer, not true"),
        ("priority = false", "priority: Input should be a valid integer, not false"),
        ('reserve = "50"', 'reserve: Input should be a valid integer, not "50"'),
        ('quota_group = ""', "quota_group: must name a group"),
        ('quota_group = "   "', "quota_group: must name a group"),
    ],
)
def test_bad_values_are_refused(extra: str, message: str, isolated_home: Path) -> None:
    write(isolated_home, project("main", extra))
    result = run_cli("projects")
    assert result.code == 2, result
    assert message in result.stderr, result
    assert "projects[0] (name = 'main')" in result.stderr
    assert result.stderr.count("Error:") == 1 and "Hint:" in result.stderr
    written = {p.name for p in isolated_home.iterdir()} - {"config.toml", "log.txt"}
    assert written == set()  # no state, no tokens


def test_boolean_timeout_is_refused(isolated_home: Path) -> None:
    write(isolated_home, project("main") + "[api]\ntimeout = true\n")
    result = run_cli("projects")
    assert result.code == 2 and "api.timeout: Input should be a valid number, not true" in (
        result.stderr
    )


def test_an_integer_timeout_is_fine(isolated_home: Path) -> None:
    write(
        isolated_home, project("main", "daily_quota = 500\nreserve = 499") + "[api]\ntimeout = 5\n"
    )
    assert run_cli("projects").code == 0


def test_projects_sharing_a_client_id_are_warned(isolated_home: Path) -> None:
    write(isolated_home, project("main") + project("copy", client="main") + project("other"))
    result = run_cli("projects")
    assert result.code == 0, result
    assert result.stderr.count("Warning: Projects main and copy use the same client_id") == 1
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert "other" not in warning
    data = run_cli("--json", "config").json()
    assert len(data["warnings"]) == 1 and "main and copy" in data["warnings"][0]
    human = run_cli("config")
    assert "Warning: Projects main and copy use the same client_id" in human.stdout


def test_distinct_client_ids_give_no_warning(isolated_home: Path) -> None:
    write(isolated_home, project("main") + project("backup"))
    result = run_cli("projects")
    assert result.code == 0 and "Warning" not in result.stderr
    assert run_cli("--json", "config").json()["warnings"] == []


def test_legacy_mode_is_named_in_full(isolated_home: Path) -> None:
    write(isolated_home, '[oauth]\nclient_id = "x"\nclient_secret = "y"\n')
    result = run_cli("config")
    assert result.code == 0, result
    assert "Mode: legacy single project ([oauth])" in result.stdout
