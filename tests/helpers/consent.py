"""The real google-auth-oauthlib consent flow against ytemu, with the user's clicks
played by `click_consent` (the one browser step that cannot run here)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from google_auth_oauthlib.flow import InstalledAppFlow

from ytemu.testing import RunningEmulator, click_consent

YOUTUBE = "https://www.googleapis.com/auth/youtube"


def installed_app_consent(
    emu: RunningEmulator,
    capsys: pytest.CaptureFixture[str],
    *,
    client_id: str = "demo-main",
    pick: str | None = None,
    **flow_kwargs: str,
) -> dict[str, Any]:
    """Run `InstalledAppFlow.run_local_server` and click through ytemu's consent screen
    (picking `pick` on the account chooser when one is shown). Returns the flow's
    `creds` and the consent `url` it printed."""
    flow = InstalledAppFlow.from_client_config(emu.client_config(client_id), scopes=[YOUTUBE])
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["creds"] = flow.run_local_server(
                port=0,
                open_browser=False,
                timeout_seconds=20,
                authorization_prompt_message="AUTH-URL {url}",
                **flow_kwargs,
            )
        except BaseException as exc:  # surfaced below
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    url = None
    deadline = time.monotonic() + 10
    while url is None and time.monotonic() < deadline:
        for line in capsys.readouterr().out.splitlines():
            if line.startswith("AUTH-URL "):
                url = line.split(" ", 1)[1]
        time.sleep(0.01)
    assert url is not None
    result["url"] = url
    click_consent(url, pick)
    thread.join(timeout=20)
    assert "error" not in result, result.get("error")
    return result
