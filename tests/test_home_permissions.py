"""ytrix's home: a mistyped YTRIX_HOME is not created by a command that fails for want
of a config; profile folders are 0700 all the way; config and token files open to
group or others are reported, and made private only when asked."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    "args",
    [
        ("ls",),
        ("projects",),
        ("quota_status",),
        ("projects_auth",),
        ("plist2mlist", "PLxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        ("journal_status",),
        ("journal_status", "--clear", "--yes"),
    ],
)
def test_a_mistyped_home_is_not_created(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typo = tmp_path / "ytrx-home"
    monkeypatch.setenv("YTRIX_HOME", str(typo))
    result = run_cli(*args)
    assert result.code in (0, 2), result
    assert not typo.exists(), sorted(p.name for p in typo.rglob("*"))


def test_profile_folders_are_private_all_the_way(isolated_home: Path) -> None:
    isolated_home.mkdir(mode=0o700)
    (isolated_home / "config.toml").write_text(
        '[[users]]\nname = "alice"\n[[users.projects]]\nname = "main"\n'
        'client_id = "a"\nclient_secret = "b"\n'
    )
    assert run_cli("--user", "alice", "projects").code == 0
    assert (isolated_home / "users" / "alice" / "state.db").exists()
    assert mode(isolated_home / "users") == 0o700
    assert mode(isolated_home / "users" / "alice") == 0o700


def test_open_config_and_tokens_are_reported_and_fixed_on_request(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    config, token = isolated_home / "config.toml", isolated_home / "tokens" / "main.json"
    config.chmod(0o644)
    token.chmod(0o640)
    isolated_home.chmod(0o755)
    human = run_cli("config")
    assert human.code == 0, human
    for path, shown in ((config, "0644"), (token, "0640"), (isolated_home, "0755")):
        assert f"Warning: {path} is readable by group or others (mode {shown})" in human.stdout
    assert "`ytrix config --fix-permissions` makes it 0600" in human.stdout
    data = run_cli("--json", "config").json()
    assert {item["path"] for item in data["loose_permissions"]} == {
        str(config),
        str(token),
        str(isolated_home),
    }
    assert data["fixed_permissions"] == []
    assert mode(config) == 0o644  # reporting changes nothing

    check = run_cli("--json", "projects", "--check")
    assert check.code == 0, check
    # opening state.db already closed the folder (ytrix's folders are always 0700)
    assert mode(isolated_home) == 0o700
    assert {item["path"] for item in check.json()["loose_permissions"]} == {
        str(config),
        str(token),
    }
    fixed = run_cli("projects", "--check", "--fix-permissions")
    assert fixed.code == 0, fixed
    assert f"Made {config} private: mode 0644 -> 0600." in fixed.stderr
    assert (mode(config), mode(token)) == (0o600, 0o600)
    again = run_cli("--json", "config").json()
    assert again["loose_permissions"] == [] and again["fixed_permissions"] == []


def test_config_fix_never_adds_a_right(isolated_home: Path) -> None:
    isolated_home.mkdir(mode=0o700)
    config = isolated_home / "config.toml"
    config.write_text('[oauth]\nclient_id = "x"\nclient_secret = "y"\n')
    config.chmod(0o444)  # read-only for everyone: stays read-only for its owner
    result = run_cli("--json", "config", "--fix-permissions")
    assert result.code == 0, result
    assert result.json()["fixed_permissions"] == [
        {"path": str(config), "mode": "0444", "private_mode": "0400"}
    ]
    assert mode(config) == 0o400


def test_fix_permissions_needs_check() -> None:
    result = run_cli("projects", "--fix-permissions")
    assert result.code == 2 and "--fix-permissions only applies to --check" in result.stderr
