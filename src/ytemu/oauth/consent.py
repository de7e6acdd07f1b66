"""The consent screen (``/o/oauth2/auth``) and its account/channel chooser.

Requesting the auth URL "clicks allow" for the world's signed-in account (``login_hint``
-- channel id, ``@handle`` or email -- picks another) and 302-redirects to the loopback
``redirect_uri`` with ``state``, ``code`` and ``scope``; the code's token belongs to that
account's channel.  Codes are single use and live ``settings.code_ttl`` seconds; PKCE
``S256`` and ``plain`` are verified.

A Google account can own several channels (Brand Accounts); a token authorizes the one
picked on the consent screen, and ``prompt=select_account`` makes Google show the
account and channel chooser (platform-limits.md §5).  So when ``prompt`` names
``select_account`` the screen answers 200 with a chooser page listing every channel of
the account, each a link (``<a data-channel-id="UC..." href=...>``) to
``/o/oauth2/auth/choose``; following one is the click on that channel and redirects as
above with a code for it.  :func:`ytemu.testing.click_consent` drives both screens.
"""

from __future__ import annotations

import html
import secrets
import urllib.parse

from ytemu.model import AuthCode, Channel, OAuthClient
from ytemu.router import RequestContext, Response

LOOPBACK = ("127.0.0.1", "localhost", "::1")
CHOOSE_PATH = "/o/oauth2/auth/choose"
CHOOSER_TITLE = "Choose an account or brand account"


def error_page(status: int, error: str, detail: str) -> Response:
    page = (
        "<!DOCTYPE html><html><head><title>Error</title></head><body>"
        f"<h1>Access blocked: authorization error</h1><p>Error {status}: {html.escape(error)}</p>"
        f"<p>{html.escape(detail)}</p></body></html>"
    )
    resp = Response.text(page, status, "text/html")
    resp.reason = error
    return resp


def is_loopback_redirect(uri: str) -> bool:
    parts = urllib.parse.urlsplit(uri)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in LOOPBACK


def _checked(ctx: RequestContext) -> tuple[OAuthClient, Channel] | Response:
    """The client and the consenting account's channel, or the error page Google shows."""
    world = ctx.world
    client = world.clients.get(ctx.param("client_id") or "")
    if client is None or client.deleted:
        return error_page(401, "invalid_client", "The OAuth client was not found.")
    if not is_loopback_redirect(ctx.param("redirect_uri") or ""):
        return error_page(
            400,
            "redirect_uri_mismatch",
            "Only loopback redirect URIs are allowed for desktop clients.",
        )
    if ctx.param("response_type") != "code":
        return error_page(400, "unsupported_response_type", "response_type must be 'code'.")
    if not (ctx.param("scope") or "").split():
        return error_page(400, "invalid_request", "Missing required parameter: scope")
    challenge = ctx.param("code_challenge")
    method = ctx.param("code_challenge_method") or ("plain" if challenge else None)
    if method not in (None, "S256", "plain"):
        return error_page(400, "invalid_request", "Invalid code_challenge_method.")
    hint = ctx.param("login_hint")
    account = world.find_channel(hint) if hint else None
    if account is None:
        current = world.account()
        account = world.channels.get(current) if current else None
    if account is None:
        return error_page(400, "access_denied", "No signed-in account in the emulator.")
    return client, account


def _choices(ctx: RequestContext, account: Channel) -> list[Channel]:
    return ctx.world.account_channels(account.owner_account) or [account]


def _grant(ctx: RequestContext, client: OAuthClient, channel: Channel) -> Response:
    """Issue a code for ``channel`` and redirect back to the app."""
    world = ctx.world
    redirect_uri = ctx.param("redirect_uri") or ""
    scopes = (ctx.param("scope") or "").split()
    challenge = ctx.param("code_challenge")
    method = ctx.param("code_challenge_method") or ("plain" if challenge else None)
    code = "4/0Aemu" + secrets.token_urlsafe(30)
    world.auth_codes[code] = AuthCode(
        code, client.client_id, channel.id, redirect_uri, scopes, world.now(), challenge, method
    )
    query: dict[str, str] = {}
    state = ctx.param("state")
    if state is not None:
        query["state"] = state
    query["code"] = code
    query["scope"] = " ".join(scopes)
    sep = "&" if "?" in redirect_uri else "?"
    return Response.redirect(redirect_uri + sep + urllib.parse.urlencode(query))


def _chooser(ctx: RequestContext, client: OAuthClient, account: Channel) -> Response:
    params = {k: v[-1] for k, v in ctx.query.items() if k != "channel"}
    rows = []
    for channel in _choices(ctx, account):
        href = CHOOSE_PATH + "?" + urllib.parse.urlencode({**params, "channel": channel.id})
        rows.append(
            f'<li><a data-channel-id="{channel.id}" href="{html.escape(href)}">'
            f"{html.escape(channel.title)} ({html.escape(channel.handle)})</a></li>"
        )
    page = (
        f"<!DOCTYPE html><html><head><title>{CHOOSER_TITLE}</title></head><body>"
        f"<h1>{CHOOSER_TITLE}</h1><p>to continue to {html.escape(client.client_id)}</p>"
        f"<p>{html.escape(account.owner_account)}</p><ul>{''.join(rows)}</ul></body></html>"
    )
    return Response.text(page, 200, "text/html")


def authorize(ctx: RequestContext) -> Response:
    checked = _checked(ctx)
    if isinstance(checked, Response):
        return checked
    client, account = checked
    if "select_account" in (ctx.param("prompt") or "").split():
        return _chooser(ctx, client, account)
    return _grant(ctx, client, account)


def choose(ctx: RequestContext) -> Response:
    """The click on one channel of the chooser."""
    checked = _checked(ctx)
    if isinstance(checked, Response):
        return checked
    client, account = checked
    wanted = ctx.param("channel") or ""
    picked = next((c for c in _choices(ctx, account) if c.id == wanted), None)
    if picked is None:
        return error_page(400, "invalid_request", "That channel is not one of this account's.")
    return _grant(ctx, client, picked)
