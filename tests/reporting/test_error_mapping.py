"""How a failed Data API request becomes a message, a hint and an exit code."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from ytrix.core.errors import ExitCode
from ytrix.youtube.errors import from_http_error, from_transport_error, transport_was_sent


def http_error(status: int, reason: str | None, message: str = "boom") -> Any:
    errors = [{"reason": reason, "message": message}] if reason else []
    body = {"error": {"code": status, "message": message, "errors": errors}}
    return SimpleNamespace(resp=SimpleNamespace(status=status), content=json.dumps(body).encode())


@pytest.mark.parametrize(
    ("status", "reason", "hint", "code"),
    [
        (403, "forbidden", "check that the token has the youtube scope", 1),
        (403, "insufficientPermissions", "`ytrix projects_auth main`", 4),
        (401, "authError", "`ytrix projects_auth main`", 4),
        (400, "invalidValue", "check the IDs and values you passed", 1),
        (404, "somethingNew", "Check the ID;", 1),
        (503, None, "YouTube had a server error; retry in a moment.", 1),
        (409, "ABORTED", "retry in a few minutes", 1),
        (418, "teapot", "Re-run with --verbose", 1),
    ],
)
def test_every_api_error_has_a_hint(status: int, reason: str | None, hint: str, code: int) -> None:
    error = from_http_error(http_error(status, reason), "playlists.list", "main")
    assert error.hint is not None and hint in error.hint
    assert error.exit_code == code
    assert error.project == "main"


def test_http_body_is_logged_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="ytrix.youtube.errors")
    from_http_error(http_error(403, "forbidden", "secret sauce"), "playlists.insert", "main")
    assert "HTTP 403 body:" in caplog.text and "secret sauce" in caplog.text


def test_dns_failure_was_not_sent() -> None:
    class ServerNotFoundError(Exception):  # httplib2's name for a failed lookup
        pass

    assert transport_was_sent(ServerNotFoundError("no such host")) is False
    assert transport_was_sent(ConnectionRefusedError()) is False
    assert transport_was_sent(ConnectionResetError()) is True
    write = from_transport_error(ServerNotFoundError("x"), "playlistItems.insert", "main")
    assert write.ambiguous is False and write.retryable is True
    timeout = from_transport_error(TimeoutError("timed out"), "playlistItems.insert", "main")
    assert timeout.ambiguous is True and timeout.reason == "timeout"
    assert ExitCode(timeout.exit_code) == ExitCode.ERROR
