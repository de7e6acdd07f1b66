"""`gcp_clone` end to end: the real CLI and google-api-python-client against ytemu."""

from __future__ import annotations

from tests.clirunner import run_cli
from tests.helpers.cloud import ADC_ACCOUNT, BILLING, SOURCE_SERVICES, Cloud

YOUTUBE = "youtube.googleapis.com"
USER_ACCOUNTS = {
    "backup-bot@src-proj-b2.iam.gserviceaccount.com",
    "deployer@src-proj-b2.iam.gserviceaccount.com",
}


def user_accounts(project: dict) -> dict[str, dict]:
    return {sa["email"]: sa for sa in project["service_accounts"] if not sa["google_managed"]}


def test_clone_copies_parent_labels_billing_services_and_accounts(cloud: Cloud) -> None:
    cloud.seed_source()
    result = run_cli("--json", "gcp_clone", "src-proj", "b2")
    assert result.code == 0, result
    data = result.json()
    assert data["success"] is True and data["new_project"] == "src-proj-b2"

    new = cloud.project("src-proj-b2")
    assert new["parent"] == "organizations/4242"
    assert new["owners"] == [ADC_ACCOUNT]
    assert new["labels"] == {"team": "media", "env": "prod"}
    assert new["billing_account"] == BILLING and new["billing_enabled"]
    assert new["services"] == sorted([*SOURCE_SERVICES, YOUTUBE])
    accounts = user_accounts(new)
    assert set(accounts) == USER_ACCOUNTS
    assert accounts["deployer@src-proj-b2.iam.gserviceaccount.com"]["display_name"] == "Deployer"
    assert accounts["deployer@src-proj-b2.iam.gserviceaccount.com"]["description"] == "CI deploys"

    statuses = {(a["step"], a.get("email")): a["status"] for a in data["actions"]}
    assert statuses[("create_project", None)] == "done"
    assert statuses[("copy_labels", None)] == "done"
    assert statuses[("link_billing", None)] == "done"
    assert statuses[("enable_services", None)] == "done"
    assert statuses[("enable_youtube", None)] == "done"
    for email in USER_ACCOUNTS:
        assert statuses[("create_service_account", email)] == "done"
    managed = [a for a in data["actions"] if a.get("google_managed")]
    assert len(managed) == 1 and managed[0]["status"] == "skipped"
    services = next(a for a in data["actions"] if a["step"] == "enable_services")
    assert services["services"] == SOURCE_SERVICES

    steps = data["manual_steps"]
    assert all(set(s) == {"step", "url", "detail"} for s in steps)
    text = " ".join(f"{s['step']} {s['url']} {s['detail']}" for s in steps)
    for needle in (
        "consent",
        "External",
        "test user",
        "auth/youtube",
        "In production",
        "Desktop",
        "ytrix projects_add src-proj-b2",
        "ytrix projects_auth src-proj-b2",
        "project=src-proj-b2",
    ):
        assert needle in text
    assert "Enabling YouTube Data API... ✅" in result.stderr
    assert "Creating project src-proj-b2 under organizations/4242... ✅" in result.stderr


def test_human_output_lists_actions_and_manual_steps(cloud: Cloud) -> None:
    cloud.seed_source()
    result = run_cli("gcp_clone", "src-proj", "b2")
    assert result.code == 0, result
    assert "src-proj -> src-proj-b2" in result.stdout
    assert "Manual steps" in result.stdout
    assert "https://console.cloud.google.com/auth/clients/create?project=src-proj-b2" in (
        result.stdout
    )


def test_second_run_changes_nothing_and_warns_per_existing_resource(cloud: Cloud) -> None:
    cloud.seed_source()
    assert run_cli("gcp_clone", "src-proj", "b2").code == 0
    before = cloud.project("src-proj-b2")
    mark = cloud.mark()
    result = run_cli("--json", "gcp_clone", "src-proj", "b2")
    assert result.code == 0, result
    assert cloud.writes(mark) == []
    assert cloud.project("src-proj-b2") == before
    statuses = [a["status"] for a in result.json()["actions"] if not a.get("google_managed")]
    assert set(statuses) == {"exists"}
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == len(statuses)  # project, labels, billing, services, API, 2 accounts
    assert "Warning: Project src-proj-b2 already exists" in result.stderr
    assert "deployer@src-proj-b2.iam.gserviceaccount.com already exists" in result.stderr


def test_partly_done_target_gets_only_what_is_missing(cloud: Cloud) -> None:
    cloud.seed_source()
    cloud.admin.seed_cloud_project(
        "src-proj-b2",
        owner=ADC_ACCOUNT,
        services=["drive.googleapis.com"],
        service_accounts=[{"account_id": "deployer"}],
    )
    result = run_cli("--json", "gcp_clone", "src-proj", "b2")
    assert result.code == 0, result
    new = cloud.project("src-proj-b2")
    assert new["services"] == sorted([*SOURCE_SERVICES, YOUTUBE])
    assert set(user_accounts(new)) == USER_ACCOUNTS
    services = next(a for a in result.json()["actions"] if a["step"] == "enable_services")
    assert "drive.googleapis.com" not in services["services"]


def test_rate_limits_on_service_enables_are_retried_visibly(cloud: Cloud) -> None:
    cloud.seed_source()
    cloud.emu.admin.add_fault("serviceusage.services.*nable", status=429, first=3)
    result = run_cli("gcp_clone", "src-proj", "b2")
    assert result.code == 0, result
    notices = [
        line
        for line in result.stderr.splitlines()
        if line.startswith("Google Cloud API rate limit reached, pausing")
    ]
    assert len(notices) == 3
    log = [r for r in cloud.emu.admin.requests() if r["method"].endswith("nable")]
    assert [r["status"] for r in log[:3]] == [429, 429, 429]
    assert all(r["injected"] for r in log[:3])
    assert cloud.project("src-proj-b2")["services"] == sorted([*SOURCE_SERVICES, YOUTUBE])


def test_transient_server_errors_are_retried(cloud: Cloud) -> None:
    cloud.seed_source()
    cloud.emu.admin.add_fault("iam.projects.serviceAccounts.create", status=503, first=1)
    result = run_cli("gcp_clone", "src-proj", "b2")
    assert result.code == 0, result
    assert "Google Cloud API error 503" in result.stderr and "retrying in" in result.stderr
    assert set(user_accounts(cloud.project("src-proj-b2"))) == USER_ACCOUNTS


def test_dry_run_reads_the_source_and_writes_nothing(cloud: Cloud) -> None:
    cloud.seed_source()
    result = run_cli("--json", "gcp_clone", "src-proj", "b2", "--dry-run")
    assert result.code == 0, result
    data = result.json()
    assert data["dry_run"] is True
    assert cloud.writes() == []
    assert "src-proj-b2" not in [p["project_id"] for p in cloud.admin.cloud_projects()]
    planned = {a["step"] for a in data["actions"] if a["status"] == "planned"}
    assert planned == {
        "create_project",
        "copy_labels",
        "link_billing",
        "enable_services",
        "enable_youtube",
        "create_service_account",
    }
    services = next(a for a in data["actions"] if a["step"] == "enable_services")
    assert services["services"] == SOURCE_SERVICES  # the real source, not a fake
    assert data["manual_steps"]


def test_skip_flags(cloud: Cloud) -> None:
    cloud.seed_source()
    result = run_cli("gcp_clone", "src-proj", "b2", "--skip-labels", "--skip-service-accounts")
    assert result.code == 0, result
    new = cloud.project("src-proj-b2")
    assert new["labels"] == {}
    assert user_accounts(new) == {}
    assert "skipped (--skip-labels)" in result.stderr


def test_source_without_billing_is_explained(cloud: Cloud) -> None:
    cloud.seed_source(billing_account=None, services=["drive.googleapis.com"])
    result = run_cli("--json", "gcp_clone", "src-proj", "b2")
    assert result.code == 0, result
    billing = next(a for a in result.json()["actions"] if a["step"] == "link_billing")
    assert billing["status"] == "skipped"
    assert "no billing account" in billing["detail"]
    assert "does not need billing" in result.stderr
    assert cloud.project("src-proj-b2")["billing_enabled"] is False


def test_failed_step_is_reported_not_hidden(cloud: Cloud) -> None:
    cloud.seed_source()
    cloud.admin.add_billing_account(BILLING, users=["someone-else@example.com"])
    result = run_cli("--json", "gcp_clone", "src-proj", "b2")
    assert result.code == 5, result
    data = result.json()
    assert data["success"] is False
    billing = next(a for a in data["actions"] if a["step"] == "link_billing")
    assert billing["status"] == "failed" and "permission" in billing["detail"]
    # compute needs billing: its batch is refused, the rest go in one by one
    services = next(a for a in data["actions"] if a["step"] == "enable_services")
    assert services["status"] == "failed"
    assert list(services["failures"]) == ["compute.googleapis.com"]
    new = cloud.project("src-proj-b2")
    assert new["services"] == [
        "drive.googleapis.com",
        "iam.googleapis.com",
        "sheets.googleapis.com",
        YOUTUBE,
    ]
    assert set(user_accounts(new)) == USER_ACCOUNTS


def test_taken_id_suggests_another_suffix(cloud: Cloud) -> None:
    cloud.seed_source()
    cloud.admin.seed_cloud_project("src-proj-b2", owner="stranger@example.com")
    result = run_cli("gcp_clone", "src-proj", "b2")
    assert result.code == 1, result
    assert "Project ID already in use" in result.stderr
    assert "ytrix gcp_clone src-proj b3" in result.stderr
    assert "Traceback" not in result.stderr


def test_project_count_quota_is_explained(cloud: Cloud) -> None:
    cloud.seed_source()
    cloud.admin.set_project_quota(ADC_ACCOUNT, 1)
    result = run_cli("--json", "gcp_clone", "src-proj", "b2")
    assert result.code == 1, result
    error = result.json()["error"]
    assert error["code"] == "project_quota_exceeded"
    assert "allotted project quota" in error["message"]
    assert "pending deletion" in error["hint"]


def test_too_long_id_is_refused_before_any_call(cloud: Cloud) -> None:
    source = "a-rather-long-source-project"  # 27 characters
    mark = cloud.mark()
    result = run_cli("gcp_clone", source, "backup")
    assert result.code == 2, result
    assert "Google allows at most 30" in result.stderr
    assert f"ytrix gcp_clone {source} b" in result.stderr
    assert cloud.calls(mark) == []
    assert run_cli("gcp_clone", "src-proj", "B2").code == 2
    assert run_cli("gcp_clone", "src-proj", "b2-").code == 2


def test_new_id_option(cloud: Cloud) -> None:
    cloud.seed_source()
    result = run_cli("gcp_clone", "src-proj", "x", "--new-id", "media-copy-2")
    assert result.code == 0, result
    assert cloud.project("media-copy-2")["parent"] == "organizations/4242"


def test_unknown_source_is_a_clear_error(cloud: Cloud) -> None:
    cloud.admin.seed_cloud_project("not-mine", owner="stranger@example.com")
    result = run_cli("gcp_clone", "not-mine", "b2")
    assert result.code == 1
    assert "does not exist or your account cannot access it" in result.stderr
    assert cloud.writes() == []
