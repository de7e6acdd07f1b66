"""`projects --check`: credential health through real refreshes against ytemu's
token endpoint, without spending a single quota unit."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.clock import shift_ytrix_clock, state_store, ytrix_clock
from tests.helpers.tables import table_row
from tests.ytrix_env import Env, setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator
from ytrix.core.fsutil import atomic_write_text
from ytrix.quota.ledger import Ledger

# quota days, resets and token lifetimes: run again at the awkward instants
pytestmark = pytest.mark.clock

READONLY = "https://www.googleapis.com/auth/youtube.readonly"
WEEK = 7 * 86400


def api_calls(ytemu: RunningEmulator) -> list[str]:
    return [r["method"] for r in ytemu.admin.requests() if not r["method"].startswith("oauth2.")]


def units_spent(ytemu: RunningEmulator, env: Env) -> int:
    return sum(env.emu_used(name) for name in env.projects)


def auth_dead(name: str) -> str | None:
    ledger = Ledger(state_store())
    try:
        return ledger.auth_dead(name)
    finally:
        ledger.close()


def test_revoked_token_is_named_with_its_fix(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000})
    ytemu.admin.revoke_refresh_token(env.refresh_tokens["main"])
    ytemu.admin.clear_requests()

    result = run_cli("projects", "--check")
    assert result.code == 4, result
    assert "AUTH NEEDED" in table_row(result.stdout, "main")
    assert "healthy" in table_row(result.stdout, "backup")
    assert "main: refresh failed (invalid_grant" in result.stderr
    assert "Fix: ytrix projects_auth main" in result.stderr
    assert "1 of 2 projects need `ytrix projects_auth`: main" in result.stderr
    assert "Traceback" not in result.stderr

    assert units_spent(ytemu, env) == 0
    assert api_calls(ytemu) == []
    assert [r["method"] for r in ytemu.admin.requests()] == ["oauth2.token"] * 2

    # Rotation now skips main without trying it; `projects` says why.
    assert auth_dead("main") == "invalid_grant: Token has been expired or revoked."
    assert auth_dead("backup") is None
    shown = run_cli("projects")
    overview = shown.stdout + shown.stderr  # rows; the notes on stderr when piped
    assert "AUTH NEEDED" in table_row(overview, "main")
    assert "Project main needs `ytrix projects_auth main`" in overview

    data = run_cli("--json", "projects", "--check").json()
    assert data["needs_auth"] == ["main"]
    main, backup = data["projects"]
    assert (main["refresh_ok"], main["state"], main["fix"]) == (
        False,
        "auth_needed",
        "ytrix projects_auth main",
    )
    assert backup["granted_scopes"] == ["https://www.googleapis.com/auth/youtube"]
    assert (backup["refresh_ok"], backup["scopes_ok"], backup["state"]) == (True, True, "healthy")
    assert units_spent(ytemu, env) == 0


def test_stale_dead_mark_is_cleared(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    ledger = Ledger(state_store())
    ledger.mark_auth_dead("main", ytrix_clock().now(), "rejected access token (401)")
    ledger.close()
    assert run_cli("--json", "projects").json()["projects"][0]["state"] == "auth_dead"

    result = run_cli("projects", "--check")
    assert result.code == 0, result
    assert "main: credentials work again" in result.stderr
    assert "All 1 projects have working credentials." in result.stderr
    assert auth_dead("main") is None
    assert run_cli("--json", "projects").json()["projects"][0]["state"] == "available"


def test_missing_token_and_readonly_scope(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10_000, "reader": 10_000, "spare": 10_000})
    (isolated_home / "tokens" / "spare.json").unlink()
    grant = ytemu.admin.issue_tokens(
        "ytrix-reader.apps.googleusercontent.com", MINE_CHANNEL_ID, [READONLY]
    )
    token_file = isolated_home / "tokens" / "reader.json"
    token = json.loads(token_file.read_text())
    token.update(refresh_token=grant["refresh_token"], scopes=[READONLY])
    atomic_write_text(token_file, json.dumps(token))

    result = run_cli("--json", "projects", "--check")
    assert result.code == 4, result
    data = {p["name"]: p for p in result.json()["projects"]}
    assert result.json()["needs_auth"] == ["reader", "spare"]
    assert data["reader"]["refresh_ok"] is True
    assert data["reader"]["scopes_ok"] is False
    assert data["reader"]["granted_scopes"] == [READONLY]
    assert "youtube.readonly" in data["reader"]["problem"]
    assert data["spare"]["state"] == "not_authenticated"
    assert data["spare"]["token_present"] is False
    assert data["main"]["state"] == "healthy"
    assert units_spent(ytemu, env) == 0
    # A scope problem is not a dead token: rotation may still read with it.
    assert auth_dead("reader") is None

    text = run_cli("projects", "--check").stdout
    assert "INSUFFICIENT" in table_row(text, "reader")
    assert "missing" in table_row(text, "spare")


def test_testing_consent_screen_warnings(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000})
    ytemu.admin.set_testing("ytrix-main.apps.googleusercontent.com")
    ytemu.admin.set_testing("ytrix-backup.apps.googleusercontent.com")
    # Day 2: main's token still works but will die; backup is re-issued now.
    ytemu.admin.advance_clock(2 * 86400)
    shift_ytrix_clock(monkeypatch, 2 * 86400)
    result = run_cli("--json", "projects", "--check")
    assert result.code == 0, result
    main = result.json()["projects"][0]
    assert main["state"] == "healthy"
    assert 4 * 86400 <= main["refresh_token_expires_in"] <= 5 * 86400
    assert "'Testing'" in main["warning"] and "expires in 4d 23h" in main["warning"]

    # Day 7: the weekly expiry: dead, and the warning says why.
    ytemu.admin.advance_clock(5 * 86400 + 60)
    shift_ytrix_clock(monkeypatch, WEEK - 2 * 86400 + 60)
    result = run_cli("projects", "--check")
    assert result.code == 4, result
    assert "invalid_grant" in result.stderr
    assert "about 7 days after it was issued" in result.stderr
    assert "'In production'" in result.stderr


def test_unreachable_token_endpoint_marks_nothing(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = isolated_home / "config.toml"
    config.write_text(config.read_text().replace(ytemu.token_uri, f"http://127.0.0.1:{port}/t"))
    result = run_cli("--json", "projects", "--check")
    assert result.code == 1, result
    main = result.json()["projects"][0]
    assert main["state"] == "unreachable"
    assert "ConnectionRefusedError" in main["problem"]
    assert auth_dead("main") is None


def test_deleted_oauth_client(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    ytemu.admin.delete_client("ytrix-main.apps.googleusercontent.com")
    result = run_cli("projects", "--check")
    assert result.code == 4, result
    assert "client_id and client_secret of project main" in result.stderr
    assert auth_dead("main") is not None


def test_check_respects_project_pin(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000})
    ytemu.admin.revoke_refresh_token(env.refresh_tokens["main"])
    result = run_cli("--json", "--project", "backup", "projects", "--check")
    assert result.code == 0, result
    assert [p["name"] for p in result.json()["projects"]] == ["backup"]
    assert auth_dead("main") is None
