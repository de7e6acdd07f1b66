"""Channel identity (platform-limits §5): an account owning several channels (Brand
Accounts), the chooser that prompt=select_account shows, and a token that belongs to the
channel picked there (channels.list mine=true says which)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from googleapiclient.discovery import build
from tests.helpers.consent import YOUTUBE, installed_app_consent

from ytemu.seed import MINE_CHANNEL_ID, channel_id
from ytemu.testing import RunningEmulator, click_consent


def my_channel(emu: RunningEmulator, creds: Any) -> str:
    yt = build(
        "youtube",
        "v3",
        credentials=creds,
        static_discovery=True,
        client_options={"api_endpoint": emu.base_url},
        cache_discovery=False,
    )
    items = yt.channels().list(part="id", mine=True).execute()["items"]
    return str(items[0]["id"])


def test_the_token_belongs_to_the_channel_picked_on_the_chooser(
    ytemu: RunningEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    brand = ytemu.admin.create_channel("Demo Brand", "@demobrand", account="demo.user@example.com")
    assert ytemu.admin.account_channels() == [MINE_CHANNEL_ID, brand]
    prompt = "select_account consent"
    picked = installed_app_consent(ytemu, capsys, pick="@demobrand", prompt=prompt)
    assert "prompt=select_account+consent" in picked["url"]
    assert my_channel(ytemu, picked["creds"]) == brand
    # the first channel listed is the account's own; picking it gives a token for it
    own = installed_app_consent(ytemu, capsys, prompt=prompt)
    assert my_channel(ytemu, own["creds"]) == MINE_CHANNEL_ID
    # without the chooser, consent goes straight to the signed-in channel
    direct = installed_app_consent(ytemu, capsys, prompt="consent")
    assert my_channel(ytemu, direct["creds"]) == MINE_CHANNEL_ID


def auth_url(emu: RunningEmulator, **extra: str) -> str:
    query = {
        "client_id": "demo-main",
        "redirect_uri": "http://127.0.0.1:9/cb",
        "response_type": "code",
        "scope": YOUTUBE,
        "state": "s",
        **extra,
    }
    return emu.auth_uri + "?" + urllib.parse.urlencode(query)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_chooser_page_lists_the_accounts_channels_only(ytemu: RunningEmulator) -> None:
    brand = ytemu.admin.create_channel("Side Project", "@sideproject", account=MINE_CHANNEL_ID)
    ytemu.admin.create_channel("Someone Else", "@someoneelse", email="else@example.com")
    status, page = fetch(auth_url(ytemu, prompt="select_account"))
    assert status == 200
    assert "Choose an account or brand account" in page
    assert f'data-channel-id="{MINE_CHANNEL_ID}"' in page
    assert f'data-channel-id="{brand}"' in page
    assert "@someoneelse" not in page and channel_id("chess") not in page
    # a forged click on a channel of another account is refused
    forged = (
        ytemu.base_url
        + "/o/oauth2/auth/choose?"
        + urllib.parse.urlencode(
            {
                "client_id": "demo-main",
                "redirect_uri": "http://127.0.0.1:9/cb",
                "response_type": "code",
                "scope": YOUTUBE,
                "channel": channel_id("chess"),
            }
        )
    )
    assert fetch(forged)[0] == 400
    # the chooser follows the signed-in account
    ytemu.admin.set_account("@chesscorner")
    status, page = fetch(auth_url(ytemu, prompt="select_account consent"))
    assert status == 200 and f'data-channel-id="{channel_id("chess")}"' in page
    assert brand not in page
    with pytest.raises(ValueError, match="not offered"):
        click_consent(auth_url(ytemu, prompt="select_account"), "@sideproject")
