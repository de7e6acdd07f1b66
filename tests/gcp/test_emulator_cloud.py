"""ytemu's Cloud routes over plain HTTP: the rules the CLI tests do not reach."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.helpers.cloud import ADC_ACCOUNT, Cloud


class Http:
    def __init__(self, cloud: Cloud) -> None:
        self.base = cloud.emu.base_url
        adc = json.loads(cloud.adc_file.read_text())
        form = urllib.parse.urlencode(
            {
                "grant_type": "refresh_token",
                "refresh_token": adc["refresh_token"],
                "client_id": adc["client_id"],
                "client_secret": adc["client_secret"],
            }
        ).encode()
        with urllib.request.urlopen(f"{self.base}/token", data=form, timeout=10) as resp:
            self.token = json.loads(resp.read())["access_token"]

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.token}")
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")


@pytest.fixture
def http(cloud: Cloud) -> Http:
    cloud.seed_source()
    return Http(cloud)


def test_create_is_a_long_running_operation(cloud: Cloud, http: Http) -> None:
    status, op = http("POST", "/v3/projects", {"projectId": "lro-proj-1"})
    assert status == 200 and not op.get("done")
    status, op = http("GET", f"/v3/{op['name']}")
    assert op["done"] is True and op["response"]["projectId"] == "lro-proj-1"
    assert cloud.project("lro-proj-1")["owners"] == [ADC_ACCOUNT]
    status, again = http("POST", "/v3/projects", {"projectId": "lro-proj-1"})
    assert status == 409 and again["error"]["status"] == "ALREADY_EXISTS"


def test_create_validates_the_id(http: Http) -> None:
    for bad in ("short", "Upper-case-id", "ends-with-", "1starts-with-digit", "a" * 31):
        status, body = http("POST", "/v3/projects", {"projectId": bad})
        assert status == 400 and body["error"]["status"] == "INVALID_ARGUMENT", bad


def test_foreign_and_missing_projects_both_answer_403(cloud: Cloud, http: Http) -> None:
    cloud.admin.seed_cloud_project("theirs-proj", owner="stranger@example.com")
    for project in ("theirs-proj", "nobody-has-this"):
        for method, path in (
            ("GET", f"/v3/projects/{project}"),
            ("GET", f"/v1/projects/{project}/services"),
            ("GET", f"/v1/projects/{project}/serviceAccounts"),
            ("GET", f"/v1/projects/{project}/billingInfo"),
        ):
            status, body = http(method, path)
            assert status == 403 and body["error"]["status"] == "PERMISSION_DENIED"


def test_batch_enable_limits_and_atomicity(cloud: Cloud, http: Http) -> None:
    http("POST", "/v3/projects", {"projectId": "batch-proj-1"})
    too_many = [f"api{n}.googleapis.com" for n in range(21)]
    status, _ = http(
        "POST", "/v1/projects/batch-proj-1/services:batchEnable", {"serviceIds": too_many}
    )
    assert status == 400
    status, body = http(
        "POST",
        "/v1/projects/batch-proj-1/services:batchEnable",
        {"serviceIds": ["drive.googleapis.com", "compute.googleapis.com"]},
    )
    assert status == 400 and body["error"]["status"] == "FAILED_PRECONDITION"  # no billing
    status, body = http(
        "POST",
        "/v1/projects/batch-proj-1/services:batchEnable",
        {"serviceIds": ["drive.googleapis.com", "not a service"]},
    )
    assert status == 403
    assert cloud.project("batch-proj-1")["services"] == []  # nothing half-enabled


def test_service_enable_is_seen_by_the_youtube_side(cloud: Cloud, http: Http) -> None:
    http("POST", "/v3/projects", {"projectId": "yt-side-1"})
    with cloud.emu.world.lock:
        assert (
            "youtube.googleapis.com" not in cloud.emu.world.projects["yt-side-1"].enabled_services
        )
    http("POST", "/v1/projects/yt-side-1/services/youtube.googleapis.com:enable")
    with cloud.emu.world.lock:
        assert "youtube.googleapis.com" in cloud.emu.world.projects["yt-side-1"].enabled_services


def test_enabling_compute_adds_the_default_service_account(cloud: Cloud, http: Http) -> None:
    http("POST", "/v3/projects", {"projectId": "compute-1"})
    http(
        "PUT",
        "/v1/projects/compute-1/billingInfo",
        {"billingAccountName": "billingAccounts/0A1B2C-3D4E5F-6A7B8C"},
    )
    http("POST", "/v1/projects/compute-1/services/compute.googleapis.com:enable")
    accounts = cloud.project("compute-1")["service_accounts"]
    assert [a["google_managed"] for a in accounts] == [True]
    assert accounts[0]["email"].endswith("-compute@developer.gserviceaccount.com")


def test_service_account_rules(cloud: Cloud, http: Http) -> None:
    path = "/v1/projects/src-proj/serviceAccounts"
    status, body = http("POST", path, {"accountId": "deployer"})
    assert status == 409 and "already exists within project" in body["error"]["message"]
    assert http("POST", path, {"accountId": "ab"})[0] == 400
    status, page = http("GET", path + "?pageSize=2")
    assert len(page["accounts"]) == 2 and page["nextPageToken"]
    status, rest = http("GET", path + f"?pageSize=2&pageToken={page['nextPageToken']}")
    assert len(rest["accounts"]) == 1 and "nextPageToken" not in rest


def test_project_quota_fails_the_operation_with_code_8(cloud: Cloud, http: Http) -> None:
    cloud.admin.set_project_quota(ADC_ACCOUNT, 1)  # src-proj already counts
    status, op = http("POST", "/v3/projects", {"projectId": "one-too-many"})
    assert status == 200
    status, op = http("GET", f"/v3/{op['name']}")
    assert op["done"] and op["error"]["code"] == 8
    assert op["error"]["details"][0]["@type"].endswith("QuotaFailure")
    assert "one-too-many" not in [p["project_id"] for p in cloud.admin.cloud_projects()]


def test_billing_account_limits(cloud: Cloud, http: Http) -> None:
    cloud.admin.add_billing_account("0A0A0A-0A0A0A-0A0A0A", max_projects=0)
    status, body = http(
        "PUT",
        "/v1/projects/src-proj/billingInfo",
        {"billingAccountName": "billingAccounts/0A0A0A-0A0A0A-0A0A0A"},
    )
    assert status == 400 and body["error"]["message"] == "Precondition check failed."
    status, body = http(
        "PUT",
        "/v1/projects/src-proj/billingInfo",
        {"billingAccountName": "billingAccounts/FFFFFF-FFFFFF-FFFFFF"},
    )
    assert status == 403
    status, body = http("PUT", "/v1/projects/src-proj/billingInfo", {"billingAccountName": ""})
    assert status == 200 and body["billingEnabled"] is False


def test_state_survives_save_and_load(cloud: Cloud, tmp_path: Any) -> None:
    from ytemu.cloud.admin import read_project
    from ytemu.world import World

    cloud.seed_source()
    path = cloud.emu.world.save(tmp_path / "state.json")
    world = World()
    world.load(path)
    with world.lock:
        assert read_project(world, "src-proj") == cloud.project("src-proj")
