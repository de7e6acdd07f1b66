"""Token records: minting access/refresh tokens, whether a refresh token still works,
and revocation (used by the OAuth endpoints and the admin API).

Refresh tokens die when revoked, when their client is deleted, or -- for clients marked
Testing -- ``settings.testing_refresh_ttl`` (7 days) after issue.
"""

from __future__ import annotations

import secrets

from ytemu.model import AccessToken, RefreshToken
from ytemu.world import World

RETIRED_KEPT = 100_000  # expired access tokens whose client is still known


def new_access_token(
    world: World, client_id: str, channel_id: str, scopes: list[str], refresh_token: str | None
) -> AccessToken:
    token = "ya29.emu-" + secrets.token_urlsafe(32)
    now = world.now()
    for key in [k for k, t in world.access_tokens.items() if t.expires_at < now - 3600]:
        # long expired: drop the record, but remember whose it was, so a request that
        # still carries it is billed to its project (ytemu.quota: a 401 costs 1)
        world.retired_tokens[key] = world.access_tokens.pop(key).client_id
    excess = len(world.retired_tokens) - RETIRED_KEPT
    for key in list(world.retired_tokens)[: max(excess, 0)]:
        del world.retired_tokens[key]
    record = AccessToken(
        token,
        client_id,
        channel_id,
        list(scopes),
        now + world.settings.access_token_ttl,
        refresh_token,
    )
    world.access_tokens[token] = record
    return record


def issue_tokens(
    world: World, client_id: str, channel_id: str, scopes: list[str]
) -> tuple[RefreshToken, AccessToken]:
    """Mint a refresh token and a first access token (as a code exchange would)."""
    rt = RefreshToken(
        "1//emu-" + secrets.token_urlsafe(40), client_id, channel_id, list(scopes), world.now()
    )
    world.refresh_tokens[rt.token] = rt
    return rt, new_access_token(world, client_id, channel_id, scopes, rt.token)


def refresh_alive(world: World, rt: RefreshToken) -> bool:
    client = world.clients.get(rt.client_id)
    if rt.revoked or client is None or client.deleted:
        return False
    return not (client.testing and world.now() >= rt.issued_at + world.settings.testing_refresh_ttl)


def revoke_refresh_token(world: World, token: str) -> bool:
    rt = world.refresh_tokens.get(token)
    if rt is None:
        return False
    rt.revoked = True
    for at in world.access_tokens.values():
        if at.refresh_token == token:
            at.revoked = True
    return True


def revoke_client_tokens(world: World, client_id: str) -> int:
    count = 0
    for rt in world.refresh_tokens.values():
        if rt.client_id == client_id and not rt.revoked:
            revoke_refresh_token(world, rt.token)
            count += 1
    for at in world.access_tokens.values():
        if at.client_id == client_id:
            at.revoked = True
    return count
