"""`projects --sync-usage` and `[api] sync_usage`: the ledger reconciled with Google's
own count (Cloud Monitoring) and limit (Service Usage), served by ytemu."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.cloud import ADC_ACCOUNT
from tests.helpers.playlists import copyable, items, mix, own_titled
from tests.helpers.tables import table_row
from tests.ytrix_env import Env, setup_env
from ytemu.cloud.admin import CloudAdmin
from ytemu.testing import RunningEmulator
from ytrix.gcp.usage import cloud_project_of


def use_adc(emu: RunningEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CloudAdmin:
    admin = CloudAdmin(emu.base_url)
    adc_file = tmp_path / "adc.json"
    adc_file.write_text(json.dumps(admin.register_adc(ADC_ACCOUNT)))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(adc_file))
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.001")
    monkeypatch.setenv("NO_GCE_CHECK", "true")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "no-gcloud"))
    return admin


def make_env(
    emu: RunningEmulator, home: Path, admin: CloudAdmin, *, owners: dict[str, str], api: str = ""
) -> Env:
    """Projects a (no daily_quota in config: Google's limit is adopted) and b (10,000
    in config), each naming its Cloud project; `owners`: who owns each Cloud project."""
    env = setup_env(emu, home, {"a": 10_000, "b": 10_000})
    for name, owner in owners.items():
        admin.seed_cloud_project(
            env.emu_project(name), owner=owner, services=["youtube.googleapis.com"]
        )
    text = (home / "config.toml").read_text()
    text = text.replace('name = "a"\n', 'name = "a"\ncloud_project = "proj-a"\n')
    text = text.replace('name = "b"\n', 'name = "b"\ncloud_project = "proj-b"\n')
    text = re.sub(r'(name = "a"\n(?:.*\n)*?)daily_quota = 10000\n', r"\1", text)
    text = text.replace("[api]\n", f"[api]\n{api}", 1)
    base = emu.base_url
    text += f'[api.cloud_endpoints]\nmonitoring = "{base}"\nserviceusage = "{base}"\n'
    (home / "config.toml").write_text(text)
    return env


def test_sync_raises_the_ledger_and_adopts_a_granted_limit(
    ytemu: RunningEmulator,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = use_adc(ytemu, tmp_path, monkeypatch)
    env = make_env(ytemu, isolated_home, admin, owners={"a": ADC_ACCOUNT, "b": ADC_ACCOUNT})
    assert run_cli("--project", "a", "ls").code == 0  # a few units the ledger saw
    seen = env.ledger_used("a")
    assert seen == ytemu.admin.quota_used("proj-a") > 0
    admin.spend_elsewhere("proj-a", 1000)  # "another application"
    admin.grant_daily_limit("proj-a", 50_000)

    result = run_cli("--json", "projects", "--sync-usage")
    assert result.code == 0, result
    rows = {row["name"]: row for row in result.json()["projects"]}
    a, b = rows["a"], rows["b"]
    assert (a["ledger_before"], a["google_used"], a["raised_by"]) == (seen, seen + 1000, 1000)
    assert (a["daily_quota"], a["limit_source"], a["google_limit"]) == (50_000, "google", 50_000)
    assert a["limit_changed"] and not b["limit_changed"]
    assert (b["raised_by"], b["daily_quota"], b["limit_source"]) == (0, 10_000, "config")
    assert result.json()["notice"] is None
    assert env.ledger_used("a") == ytemu.admin.quota_used("proj-a") == seen + 1000

    status = {row["name"]: row for row in run_cli("--json", "projects").json()["projects"]}
    assert status["a"]["quota_used"] == seen + 1000 and status["a"]["daily_quota"] == 50_000
    # Again: nothing to raise; the ledger is never lowered.
    again = run_cli("--json", "projects", "--sync-usage").json()["projects"]
    assert [r["raised_by"] for r in again] == [0, 0]
    text = run_cli("projects", "--sync-usage")
    assert text.code == 0, text
    total = f"{seen + 1000:,}"
    row = table_row(text.stdout, "a").split("\t")
    assert row == ["a", "proj-a", total, total, "-", "50,000 (Google)"]
    assert table_row(text.stdout, "b").split("\t")[-1] == "10,000 (config)"


def test_without_adc_or_permission_the_ledger_is_used_as_before(
    ytemu: RunningEmulator,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = use_adc(ytemu, tmp_path, monkeypatch)
    env = make_env(ytemu, isolated_home, admin, owners={"a": ADC_ACCOUNT, "b": "other@example.com"})
    admin.spend_elsewhere("proj-a", 700)
    admin.spend_elsewhere("proj-b", 300)
    result = run_cli("--json", "projects", "--sync-usage")
    assert result.code == 0, result
    data = result.json()
    assert "b (no permission" in data["notice"] and "ledger is used as before" in data["notice"]
    assert result.stderr.count("Google's quota numbers were not read") == 1
    assert env.ledger_used("a") == 700 and env.ledger_used("b") == 0

    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS")
    monkeypatch.setenv("HOME", str(tmp_path / "bare-home"))
    admin.spend_elsewhere("proj-a", 5)
    result = run_cli("--json", "projects", "--sync-usage")
    assert result.code == 0, result
    data = result.json()
    assert "Application Default Credentials" in data["notice"]
    assert [r["google_used"] for r in data["projects"]] == [None, None]
    assert env.ledger_used("a") == 700  # untouched
    assert "Traceback" not in result.stderr


def test_sync_usage_in_config_runs_once_before_the_first_write(
    ytemu: RunningEmulator,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = use_adc(ytemu, tmp_path, monkeypatch)
    env = make_env(
        ytemu,
        isolated_home,
        admin,
        owners={"a": ADC_ACCOUNT, "b": ADC_ACCOUNT},
        api="sync_usage = true\n",
    )
    admin.spend_elsewhere("proj-a", 1000)
    calls = len(ytemu.admin.requests())
    result = run_cli("--project", "a", "plist2mlist", mix(8), "--title", "Synced")
    assert result.code == 0, result
    # The reads before the first write are in the ledger already; 1,000 were not.
    assert re.search(r"the ledger had \d+ and is raised by 1,000\.", result.stderr), result
    assert "daily limit" not in result.stderr  # Google's is the default 10,000
    [made] = own_titled(ytemu, "Synced")
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(8))
    # The ledger equals Google's count, other applications' spending included.
    assert env.ledger_used("a") == ytemu.admin.quota_used("proj-a")
    methods = [r["method"] for r in ytemu.admin.requests(calls)]
    syncs = methods.count("monitoring.projects.timeSeries.list")
    assert syncs == 2  # once per run: one read per project
    assert methods.index("monitoring.projects.timeSeries.list") < methods.index(
        "youtube.playlists.insert"
    )


def test_sync_usage_in_config_without_adc_is_one_notice(
    ytemu: RunningEmulator,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = use_adc(ytemu, tmp_path, monkeypatch)
    env = make_env(
        ytemu,
        isolated_home,
        admin,
        owners={"a": ADC_ACCOUNT, "b": ADC_ACCOUNT},
        api="sync_usage = true\n",
    )
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS")
    result = run_cli("--project", "a", "plist2mlist", mix(8), "--title", "Unsynced")
    assert result.code == 0, result
    assert result.stderr.count("Google's quota numbers were not read") == 1
    assert "ledger is used as before" in result.stderr
    [made] = own_titled(ytemu, "Unsynced")
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(8))
    assert env.ledger_used("a") == ytemu.admin.quota_used("proj-a")


def test_cloud_project_from_the_client_id() -> None:
    assert cloud_project_of("123456789012-abc.apps.googleusercontent.com", None) == "123456789012"
    assert cloud_project_of("ytrix-a.apps.googleusercontent.com", None) is None
    assert cloud_project_of("123456789012-abc.apps.googleusercontent.com", "mine") == "mine"
