"""The admin client's one HTTP call: JSON in, JSON out, an error status raised as
:class:`EmuAdminError` (stdlib only, so tests and ``ytrix demo`` load it cheaply)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from ytemu.admin.records import EmuAdminError


class AdminTransport:
    """``POST/GET/... /_emu/<path>`` on a running emulator."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        query: dict[str, str] | None = None,
    ) -> Any:
        url = f"{self.base_url}/_emu/{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", "replace")
            try:
                raise EmuAdminError(exc.code, json.loads(text)) from None
            except ValueError:
                raise EmuAdminError(exc.code, text) from None
        return json.loads(raw) if raw else None
