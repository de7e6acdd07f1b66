"""Helpers for the ytemu tests (the `ytemu` fixture comes from ytemu.pytest_plugin)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from ytemu.testing import RunningEmulator

YOUTUBE = "https://www.googleapis.com/auth/youtube"
READONLY = "https://www.googleapis.com/auth/youtube.readonly"


class Raw:
    """Plain-HTTP access to the emulator with a token minted by the admin API."""

    def __init__(
        self,
        emu: RunningEmulator,
        client_id: str = "demo-main",
        scopes: list[str] | None = None,
        channel_id: str | None = None,
    ) -> None:
        self.emu = emu
        grant = emu.admin.issue_tokens(client_id, channel_id, scopes or [YOUTUBE])
        self.token: str | None = grant["access_token"]
        self.refresh_token = grant["refresh_token"]

    def call(
        self,
        method: str,
        resource: str,
        query: dict[str, Any] | None = None,
        body: Any = None,
        token: str | None = "default",
        raw_body: bytes | None = None,
    ) -> tuple[int, Any, bytes]:
        url = f"{self.emu.base_url}/youtube/v3/{resource}"
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        data = (
            raw_body
            if raw_body is not None
            else (None if body is None else json.dumps(body).encode())
        )
        req = urllib.request.Request(url, data=data, method=method)
        tok = self.token if token == "default" else token
        if tok:
            req.add_header("Authorization", f"Bearer {tok}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                payload = resp.read()
                status = resp.status
        except urllib.error.HTTPError as exc:
            payload = exc.read()
            status = exc.code
        return status, (json.loads(payload) if payload else None), payload

    def reason(self, *args: Any, **kwargs: Any) -> tuple[int, str | None]:
        status, data, _ = self.call(*args, **kwargs)
        if status < 300:
            return status, None
        err = data["error"]
        return status, err["errors"][0]["reason"] if "errors" in err else err.get("status")


@pytest.fixture
def raw(ytemu: RunningEmulator) -> Raw:
    return Raw(ytemu)


@pytest.fixture
def yt(ytemu: RunningEmulator) -> Any:
    return ytemu.youtube("demo-main")
