"""Google OAuth 2.0 endpoints: the consent screen (:mod:`ytemu.oauth.consent`),
``/token``, ``/revoke`` and ``/tokeninfo`` (token records live in
:mod:`ytemu.oauth.tokens`).

Refresh tokens die when revoked, when their client is deleted, or -- for clients marked
Testing -- ``settings.testing_refresh_ttl`` (7 days) after issue, all answered with
``400 {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}``.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import urllib.parse

from ytemu.model import AccessToken, AuthCode, OAuthClient, RefreshToken
from ytemu.oauth.consent import CHOOSE_PATH, authorize, choose
from ytemu.oauth.tokens import issue_tokens, new_access_token, refresh_alive, revoke_refresh_token
from ytemu.router import RequestContext, Response, Router
from ytemu.world import World

INVALID_GRANT = "Token has been expired or revoked."


def _oauth_error(status: int, error: str, description: str | None = None) -> Response:
    body: dict[str, str] = {"error": error}
    if description is not None:
        body["error_description"] = description
    resp = Response.plain_json(body, status)
    resp.headers["Cache-Control"] = "no-cache, no-store, max-age=0, must-revalidate"
    resp.reason = error
    return resp


def _token_payload(
    world: World, at: AccessToken, rt: RefreshToken | None, include_refresh: bool
) -> dict[str, object]:
    body: dict[str, object] = {
        "access_token": at.token,
        "expires_in": round(at.expires_at - world.now()),
        "scope": " ".join(at.scopes),
        "token_type": "Bearer",
    }
    if include_refresh and rt is not None:
        body["refresh_token"] = rt.token
    client = world.clients.get(at.client_id)
    if rt is not None and client is not None and client.testing:
        left = rt.issued_at + world.settings.testing_refresh_ttl - world.now()
        body["refresh_token_expires_in"] = max(int(left), 0)
    return body


# --- handlers --------------------------------------------------------------------------


def _client_auth(ctx: RequestContext, form: dict[str, str]) -> OAuthClient | Response:
    client_id = form.get("client_id")
    secret = form.get("client_secret")
    auth = ctx.headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        try:
            user, _, pwd = base64.b64decode(auth[6:]).decode().partition(":")
        except ValueError:
            return _oauth_error(401, "invalid_client", "Unauthorized")
        client_id = client_id or urllib.parse.unquote(user)
        secret = secret or urllib.parse.unquote(pwd)
    client = ctx.world.clients.get(client_id or "")
    if client is None:
        return _oauth_error(401, "invalid_client", "The OAuth client was not found.")
    if client.deleted:
        return _oauth_error(401, "deleted_client", "The OAuth client was deleted.")
    if secret != client.client_secret:
        return _oauth_error(401, "invalid_client", "Unauthorized")
    return client


def _pkce_ok(code: AuthCode, verifier: str) -> bool:
    if code.code_challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        expected = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        return secrets.compare_digest(expected, code.code_challenge or "")
    return secrets.compare_digest(verifier, code.code_challenge or "")


def token(ctx: RequestContext) -> Response:
    world = ctx.world
    form = ctx.form()
    grant = form.get("grant_type", "")
    if grant not in ("authorization_code", "refresh_token"):
        return _oauth_error(400, "unsupported_grant_type", f"Invalid grant_type: {grant}")
    client = _client_auth(ctx, form)
    if isinstance(client, Response):
        return client
    if grant == "authorization_code":
        code = world.auth_codes.get(form.get("code", ""))
        if (
            code is None
            or code.used
            or code.client_id != client.client_id
            or world.now() > code.issued_at + world.settings.code_ttl
        ):
            return _oauth_error(400, "invalid_grant", INVALID_GRANT)
        if form.get("redirect_uri") != code.redirect_uri:
            return _oauth_error(400, "redirect_uri_mismatch", "Bad Request")
        if code.code_challenge:
            verifier = form.get("code_verifier")
            if not verifier:
                return _oauth_error(400, "invalid_grant", "Missing code verifier.")
            if not _pkce_ok(code, verifier):
                return _oauth_error(400, "invalid_grant", "Invalid code verifier.")
        code.used = True
        rt, at = issue_tokens(world, client.client_id, code.channel_id, code.scopes)
        return Response.plain_json(_token_payload(world, at, rt, include_refresh=True))
    rt_record = world.refresh_tokens.get(form.get("refresh_token", ""))
    if (
        rt_record is None
        or rt_record.client_id != client.client_id
        or not refresh_alive(world, rt_record)
    ):
        return _oauth_error(400, "invalid_grant", INVALID_GRANT)
    scopes = list(rt_record.scopes)
    requested = form.get("scope", "").split()
    if requested:
        if not set(requested) <= set(rt_record.scopes):
            return _oauth_error(
                400,
                "invalid_scope",
                "Some requested scopes were invalid. {invalid=["
                + ", ".join(sorted(set(requested) - set(rt_record.scopes)))
                + "]}",
            )
        scopes = requested
    at = new_access_token(world, client.client_id, rt_record.channel_id, scopes, rt_record.token)
    return Response.plain_json(_token_payload(world, at, rt_record, include_refresh=False))


def revoke(ctx: RequestContext) -> Response:
    world = ctx.world
    value = ctx.param("token") or ctx.form().get("token", "")
    if revoke_refresh_token(world, value):
        return Response.plain_json({})
    at = world.access_tokens.get(value)
    if at is not None:
        at.revoked = True
        return Response.plain_json({})
    return _oauth_error(400, "invalid_token", "Token expired or revoked")


def tokeninfo(ctx: RequestContext) -> Response:
    world = ctx.world
    value = ctx.param("access_token") or ctx.form().get("access_token", "")
    at = world.access_tokens.get(value)
    if at is None or at.revoked or at.expires_at <= world.now():
        return _oauth_error(400, "invalid_token", "Invalid Value")
    left = int(at.expires_at - world.now())
    return Response.plain_json(
        {
            "azp": at.client_id,
            "aud": at.client_id,
            "sub": at.channel_id,
            "scope": " ".join(at.scopes),
            "exp": str(int(at.expires_at)),
            "expires_in": str(left),
            "access_type": "offline",
        }
    )


def register(router: Router) -> None:
    router.add("GET", r"/o/oauth2(?:/v2)?/auth", "oauth2.authorize", authorize, auth="none")
    router.add("GET", CHOOSE_PATH, "oauth2.choose", choose, auth="none")
    router.add("POST", r"/token|/o/oauth2/token", "oauth2.token", token, auth="none")
    router.add("POST", r"/revoke|/o/oauth2/revoke", "oauth2.revoke", revoke, auth="none")
    router.add(
        "GET", r"/tokeninfo|/oauth2/v3/tokeninfo", "oauth2.tokeninfo", tokeninfo, auth="none"
    )
