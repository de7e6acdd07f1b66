"""OAuth: code flow details, refresh, revocation, Testing clients, access-token expiry."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import google.auth.transport.requests
import pytest
from google.auth.exceptions import RefreshError
from googleapiclient.discovery import build

from ytemu.seed import channel_id
from ytemu.testing import RunningEmulator

# quota days, resets and token lifetimes: run again at the awkward instants
pytestmark = pytest.mark.clock

YOUTUBE = "https://www.googleapis.com/auth/youtube"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def authorize(emu: RunningEmulator, **params: str) -> tuple[int, dict[str, str]]:
    query = {
        "client_id": "demo-main",
        "redirect_uri": "http://127.0.0.1:9/cb",
        "response_type": "code",
        "scope": YOUTUBE,
        "state": "st4te",
        **params,
    }
    url = emu.auth_uri + "?" + urllib.parse.urlencode(query)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(url, timeout=5)
    except urllib.error.HTTPError as exc:
        if exc.code != 302:
            return exc.code, {}
        location = exc.headers["Location"]
        return 302, dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query)) | {
            "_location": location
        }
    raise AssertionError("expected a redirect")


def token(emu: RunningEmulator, **form: str) -> tuple[int, dict[str, Any]]:
    data = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(emu.token_uri, data=data, method="POST")
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_code_flow_pkce_single_use_and_errors(ytemu: RunningEmulator) -> None:
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode()
    status, got = authorize(
        ytemu, code_challenge=challenge.rstrip("="), code_challenge_method="S256"
    )
    assert status == 302
    assert got["_location"].startswith("http://127.0.0.1:9/cb?state=st4te&code=")
    assert got["state"] == "st4te" and got["scope"] == YOUTUBE
    base = {
        "grant_type": "authorization_code",
        "code": got["code"],
        "client_id": "demo-main",
        "redirect_uri": "http://127.0.0.1:9/cb",
    }
    assert token(ytemu, **base, client_secret="wrong") == (
        401,
        {"error": "invalid_client", "error_description": "Unauthorized"},
    )
    assert token(ytemu, **base, client_secret="demo-main-secret")[1]["error_description"] == (
        "Missing code verifier."
    )
    assert (
        token(ytemu, **base, client_secret="demo-main-secret", code_verifier="x" * 50)[1][
            "error_description"
        ]
        == "Invalid code verifier."
    )
    status, ok = token(ytemu, **base, client_secret="demo-main-secret", code_verifier=verifier)
    assert status == 200
    assert set(ok) == {"access_token", "expires_in", "refresh_token", "scope", "token_type"}
    assert ok["token_type"] == "Bearer" and ok["expires_in"] == 3600 and ok["scope"] == YOUTUBE
    # single use
    assert token(ytemu, **base, client_secret="demo-main-secret", code_verifier=verifier) == (
        400,
        {"error": "invalid_grant", "error_description": "Token has been expired or revoked."},
    )
    # refresh grant
    status, refreshed = token(
        ytemu,
        grant_type="refresh_token",
        client_id="demo-main",
        client_secret="demo-main-secret",
        refresh_token=ok["refresh_token"],
    )
    assert status == 200 and "refresh_token" not in refreshed
    # bad requests on the consent endpoint
    assert authorize(ytemu, redirect_uri="https://evil.example/cb")[0] == 400
    assert authorize(ytemu, client_id="nope")[0] == 401
    assert authorize(ytemu, response_type="token")[0] == 400


def test_login_hint_and_signed_in_account(ytemu: RunningEmulator) -> None:
    _, got = authorize(ytemu, login_hint="@chesscorner")
    _, tok = token(
        ytemu,
        grant_type="authorization_code",
        code=got["code"],
        client_id="demo-main",
        client_secret="demo-main-secret",
        redirect_uri="http://127.0.0.1:9/cb",
    )
    info = ytemu.admin.dump()["access_tokens"]
    assert [t["channel_id"] for t in info if t["token"] == tok["access_token"]] == [
        channel_id("chess")
    ]
    ytemu.admin.set_account("@kitchenlab")
    _, got = authorize(ytemu)
    _, tok = token(
        ytemu,
        grant_type="authorization_code",
        code=got["code"],
        client_id="demo-main",
        client_secret="demo-main-secret",
        redirect_uri="http://127.0.0.1:9/cb",
    )
    req = urllib.request.Request(
        ytemu.base_url + "/youtube/v3/channels?part=snippet&mine=true",
        headers={"Authorization": "Bearer " + tok["access_token"]},
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert json.loads(resp.read())["items"][0]["snippet"]["title"] == "Kitchen Lab"


def test_revoked_refresh_token_raises_refresh_error(ytemu: RunningEmulator) -> None:
    creds = ytemu.credentials("demo-main")
    request = google.auth.transport.requests.Request()
    creds.refresh(request)
    assert creds.valid
    assert ytemu.admin.revoke_refresh_token(creds.refresh_token) == 1
    with pytest.raises(RefreshError) as info:
        creds.refresh(request)
    assert info.value.args[0] == "invalid_grant: Token has been expired or revoked."
    assert info.value.args[1] == {
        "error": "invalid_grant",
        "error_description": "Token has been expired or revoked.",
    }
    assert info.value.retryable is False


def test_revoke_all_of_a_client(ytemu: RunningEmulator) -> None:
    a = ytemu.credentials("demo-backup")
    b = ytemu.credentials("demo-backup")
    keep = ytemu.credentials("demo-main")
    assert ytemu.admin.revoke_client_tokens("demo-backup") == 2
    request = google.auth.transport.requests.Request()
    for creds in (a, b):
        with pytest.raises(RefreshError, match="invalid_grant"):
            creds.refresh(request)
    keep.refresh(request)


def test_testing_client_refresh_tokens_die_after_7_days(ytemu: RunningEmulator) -> None:
    ytemu.admin.set_testing("demo-spare", True)
    creds = ytemu.credentials("demo-spare")
    request = google.auth.transport.requests.Request()
    ytemu.admin.advance_clock(7 * 86400 - 120)
    creds.refresh(request)  # still alive 2 minutes before the deadline
    ytemu.admin.advance_clock(120)
    with pytest.raises(RefreshError, match="invalid_grant"):
        creds.refresh(request)
    # a production client's token outlives the week
    prod = ytemu.credentials("demo-main")
    ytemu.admin.advance_clock(30 * 86400)
    prod.refresh(request)


def test_access_token_expiry_gives_401_and_client_refreshes(ytemu: RunningEmulator) -> None:
    ytemu.admin.set_access_token_ttl(600)
    creds = ytemu.credentials("demo-main")
    yt = build(
        "youtube",
        "v3",
        credentials=creds,
        static_discovery=True,
        client_options={"api_endpoint": ytemu.base_url},
    )
    yt.channels().list(part="id", mine=True).execute()
    first = creds.token
    ytemu.admin.advance_clock(601)  # google-auth doesn't know: its expiry is wall-clock based
    yt.channels().list(part="id", mine=True).execute()
    assert creds.token != first
    log = [(r["method"], r["status"], r["reason"]) for r in ytemu.admin.requests()]
    assert ("youtube.channels.list", 401, "authError") in log
    assert [m for m, _, _ in log].count("oauth2.token") == 2


def test_plain_pkce_and_email_login_hint(ytemu: RunningEmulator) -> None:
    status, got = authorize(
        ytemu, code_challenge="plain-verifier-" + "x" * 40, login_hint="demo.user@example.com"
    )
    assert status == 302
    form = {
        "grant_type": "authorization_code",
        "code": got["code"],
        "client_id": "demo-main",
        "client_secret": "demo-main-secret",
        "redirect_uri": "http://127.0.0.1:9/cb",
    }
    assert token(ytemu, **form, code_verifier="wrong")[0] == 400
    status, ok = token(ytemu, **form, code_verifier="plain-verifier-" + "x" * 40)
    assert status == 200 and ok["refresh_token"]
    assert token(ytemu, **form | {"redirect_uri": "http://127.0.0.1:9/other"})[1]["error"] in (
        "invalid_grant",
        "redirect_uri_mismatch",
    )
    assert token(ytemu, grant_type="password", client_id="demo-main")[1]["error"] == (
        "unsupported_grant_type"
    )
