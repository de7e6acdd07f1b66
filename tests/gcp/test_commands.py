"""gcp_inventory, gcp_init, gcp_guide and the missing-credentials path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import run_cli, run_cli_subprocess
from tests.helpers.cloud import ADC_ACCOUNT, BILLING, SOURCE_SERVICES, Cloud

YOUTUBE = "youtube.googleapis.com"


def test_inventory_json(cloud: Cloud) -> None:
    seeded = cloud.seed_source()
    result = run_cli("--json", "gcp_inventory", "src-proj")
    assert result.code == 0, result
    data = result.json()
    assert data["project_id"] == "src-proj"
    assert data["project_number"] == seeded["number"]
    assert data["parent"] == "organizations/4242"
    assert data["labels"] == {"team": "media", "env": "prod"}
    assert data["billing_enabled"] is True and data["billing_account"] == BILLING
    assert data["enabled_services"] == SOURCE_SERVICES
    kinds = {sa["email"]: sa["google_managed"] for sa in data["service_accounts"]}
    assert kinds == {
        f"{seeded['number']}-compute@developer.gserviceaccount.com": True,
        "backup-bot@src-proj.iam.gserviceaccount.com": False,
        "deployer@src-proj.iam.gserviceaccount.com": False,
    }
    assert cloud.writes() == []


def test_inventory_table(cloud: Cloud) -> None:
    cloud.seed_source()
    result = run_cli("gcp_inventory", "src-proj")
    assert result.code == 0, result
    for needle in (
        "organizations/4242",
        "team=media",
        BILLING,
        "Compute Engine API",
        "Google-managed",
        "user-managed",
        "deployer@src-proj.iam.gserviceaccount.com",
    ):
        assert needle in result.stdout + result.stderr  # rows; the header lines on stderr
    assert "Compute Engine API" in result.stdout and "team=media" in result.stderr


def test_inventory_of_paged_project(cloud: Cloud) -> None:
    services = [f"api{n:03d}.googleapis.com" for n in range(230)]
    accounts = [{"account_id": f"robot-{n:03d}"} for n in range(130)]
    cloud.seed_source("big-proj", services=services, service_accounts=accounts)
    data = run_cli("--json", "gcp_inventory", "big-proj").json()
    assert data["enabled_services"] == services
    assert len(data["service_accounts"]) == 130


def test_init_creates_project_with_youtube_and_billing(cloud: Cloud) -> None:
    cloud.admin.add_billing_account(BILLING)
    result = run_cli("--json", "gcp_init", "fresh-yt-1", "--billing-account", BILLING)
    assert result.code == 0, result
    project = cloud.project("fresh-yt-1")
    assert project["services"] == [YOUTUBE]
    assert project["billing_account"] == BILLING
    assert project["owners"] == [ADC_ACCOUNT]
    data = result.json()
    assert [a["status"] for a in data["actions"]] == ["done", "done", "done"]
    assert data["manual_steps"][0]["url"].endswith("project=fresh-yt-1")
    again = run_cli("--json", "gcp_init", "fresh-yt-1", "--billing-account", BILLING)
    assert again.code == 0
    assert [a["status"] for a in again.json()["actions"]] == ["exists"] * 3


def test_init_validates_before_calling(cloud: Cloud) -> None:
    mark = cloud.mark()
    assert run_cli("gcp_init", "Bad_ID").code == 2
    assert run_cli("gcp_init", "good-id-1", "--billing-account", "nope").code == 2
    assert run_cli("gcp_init", "good-id-1", "--parent", "orgs/1").code == 2
    assert cloud.calls(mark) == []


def test_init_dry_run(cloud: Cloud) -> None:
    result = run_cli("--json", "gcp_init", "fresh-yt-2", "--dry-run")
    assert result.code == 0, result
    assert [a["status"] for a in result.json()["actions"]] == ["planned", "planned"]
    assert cloud.writes() == []


def test_guide_needs_no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/adc.json")
    result = run_cli("--json", "gcp_guide", "my-proj")
    assert result.code == 0, result
    data = result.json()
    assert data["project_id"] == "my-proj"
    assert [s["step"] for s in data["manual_steps"]][:2] == [
        "Configure the OAuth consent screen",
        "Add yourself as a test user",
    ]
    human = run_cli("gcp_guide", "my-proj")
    assert "In production" in human.stdout and "ytrix projects_auth my-proj" in human.stdout


@pytest.mark.parametrize(
    "args",
    [["gcp_clone", "src-proj", "b2"], ["gcp_inventory", "src-proj"], ["gcp_init", "fresh-yt-3"]],
)
def test_no_adc_exit_4_with_instructions(cloud: Cloud, tmp_path: Path, args: list[str]) -> None:
    cloud.seed_source()
    env = {
        "GOOGLE_APPLICATION_CREDENTIALS": "",
        "CLOUDSDK_CONFIG": str(tmp_path / "empty-gcloud"),
        "PATH": str(tmp_path / "empty-bin"),  # no gcloud on PATH
    }
    mark = cloud.mark()
    result = run_cli_subprocess("--json", *args, env=env)
    assert result.code == 4, result
    assert "Traceback" not in result.stderr
    assert "gcloud auth application-default login" in result.stderr
    assert "Install the Google Cloud CLI" in result.stderr
    assert "GOOGLE_APPLICATION_CREDENTIALS" in result.stderr
    assert result.json()["error"]["code"] == "auth_needed"
    assert cloud.calls(mark) == []


def test_revoked_adc_is_auth_needed(cloud: Cloud) -> None:
    cloud.seed_source()
    refresh = json.loads(cloud.adc_file.read_text())["refresh_token"]
    cloud.emu.admin.revoke_refresh_token(refresh)
    result = run_cli("gcp_inventory", "src-proj")
    assert result.code == 4, result
    assert "rejected your Application Default Credentials" in result.stderr
    assert refresh not in result.stderr


def test_help_imports_no_google_client() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from ytrix.cli.app import run; run(['gcp_clone', '--help']); "
        "print('googleapiclient' in sys.modules, 'google.auth' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False False")
    assert "--skip-service-accounts" in out.stdout


def test_no_adc_with_gcloud_installed_says_login(cloud: Cloud, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gcloud"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    env = {
        "GOOGLE_APPLICATION_CREDENTIALS": "",
        "CLOUDSDK_CONFIG": str(tmp_path / "empty-gcloud"),
        "PATH": str(bin_dir),
    }
    result = run_cli_subprocess("gcp_inventory", "src-proj", env=env)
    assert result.code == 4, result
    assert f"the Google Cloud CLI is installed at {fake}" in result.stderr
    assert "Install the Google Cloud CLI" not in result.stderr


def test_adc_file_missing_is_explained(cloud: Cloud, tmp_path: Path) -> None:
    missing = tmp_path / "gone.json"
    result = run_cli_subprocess(
        "gcp_inventory", "src-proj", env={"GOOGLE_APPLICATION_CREDENTIALS": str(missing)}
    )
    assert result.code == 4, result
    assert str(missing) in result.stderr and "Traceback" not in result.stderr
