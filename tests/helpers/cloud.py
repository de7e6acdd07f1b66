"""A ytemu with a seeded source project, an ADC identity it accepts, and a ytrix
config whose [api] points every Cloud endpoint and the token URI at it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ytemu.cloud.admin import CloudAdmin
from ytemu.testing import RunningEmulator

ADC_ACCOUNT = "curator@example.com"
BILLING = "billingAccounts/0A1B2C-3D4E5F-6A7B8C"
SOURCE_SERVICES = [
    "compute.googleapis.com",
    "drive.googleapis.com",
    "iam.googleapis.com",
    "sheets.googleapis.com",
]
SOURCE_ACCOUNTS = [
    {"account_id": "deployer", "display_name": "Deployer", "description": "CI deploys"},
    {"account_id": "backup-bot", "display_name": "Backups"},
]
WRITE_METHODS = (
    "cloudresourcemanager.projects.create",
    "cloudresourcemanager.projects.patch",
    "serviceusage.services.enable",
    "serviceusage.services.batchEnable",
    "iam.projects.serviceAccounts.create",
    "cloudbilling.projects.updateBillingInfo",
)


@dataclass
class Cloud:
    emu: RunningEmulator
    admin: CloudAdmin
    home: Path
    adc_file: Path

    def project(self, project_id: str) -> dict[str, Any]:
        return self.admin.cloud_project(project_id)

    def calls(self, since: int = 0) -> list[str]:
        return [r["method"] for r in self.emu.admin.requests(since)]

    def writes(self, since: int = 0) -> list[str]:
        return [m for m in self.calls(since) if m in WRITE_METHODS]

    def mark(self) -> int:
        return len(self.emu.admin.requests())

    def seed_source(self, project_id: str = "src-proj", **overrides: Any) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "owner": ADC_ACCOUNT,
            "parent": "organizations/4242",
            "labels": {"team": "media", "env": "prod"},
            "billing_account": BILLING,
            "services": SOURCE_SERVICES,
            "service_accounts": SOURCE_ACCOUNTS,
        }
        spec.update(overrides)
        return self.admin.seed_cloud_project(project_id, **spec)


@pytest.fixture
def cloud(
    ytemu_factory: Callable[..., RunningEmulator],
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Cloud:
    emu = ytemu_factory(seed=None)
    admin = CloudAdmin(emu.base_url)
    adc = admin.register_adc(ADC_ACCOUNT)
    adc_file = tmp_path / "adc.json"
    adc_file.write_text(json.dumps(adc))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(adc_file))
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.001")
    monkeypatch.setenv("NO_GCE_CHECK", "true")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "no-gcloud"))
    base = emu.base_url
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(
        "[api]\n"
        f'token_uri = "{emu.token_uri}"\n'
        "[api.cloud_endpoints]\n"
        f'cloudresourcemanager = "{base}"\n'
        f'serviceusage = "{base}"\n'
        f'iam = "{base}"\n'
        f'cloudbilling = "{base}"\n'
    )
    return Cloud(emu, admin, isolated_home, adc_file)
