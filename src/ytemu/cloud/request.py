"""Reading a Cloud API request: who calls, and which page of a list it wants."""

from __future__ import annotations

from typing import Any

from ytemu.cloud.state import invalid_argument
from ytemu.router import RequestContext


def caller_account(ctx: RequestContext) -> str:
    return ctx.identity.channel_id


def page_of(ctx: RequestContext, items: list[Any], default: int, cap: int) -> tuple[list[Any], str]:
    size = int(ctx.param("pageSize") or default)
    size = default if size <= 0 else min(size, cap)
    token = ctx.param("pageToken") or ""
    try:
        start = int(token) if token else 0
    except ValueError:
        raise invalid_argument("Invalid page token") from None
    end = start + size
    return items[start:end], (str(end) if end < len(items) else "")


def list_body(
    ctx: RequestContext, key: str, items: list[Any], default: int, cap: int
) -> dict[str, Any]:
    """A list response's body: the page under `key` and the next page's token, each left
    out when empty, as Google's JSON leaves out empty fields."""
    page, token = page_of(ctx, items, default, cap)
    body: dict[str, Any] = {}
    if page:
        body[key] = page
    if token:
        body["nextPageToken"] = token
    return body
