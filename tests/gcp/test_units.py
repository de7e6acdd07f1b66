"""Pure pieces: project-ID rules, the clone plan, error parsing, backoff settings."""

from __future__ import annotations

import json

import pytest

from ytrix.core.errors import UsageError
from ytrix.gcp import ids
from ytrix.gcp.actions import batches, billing_account_name
from ytrix.gcp.clone import CloneOptions, next_suffix, plan_clone
from ytrix.gcp.inventory import Billing, Inventory, ServiceAccount, is_google_managed
from ytrix.gcp.transport import ErrorInfo, fmt_wait, operation_error
from ytrix.quota.throttle import backoff_scale


@pytest.mark.parametrize("good", ["abcdef", "my-project-1", "a" * 30, "a1-b2-c3"])
def test_valid_ids(good: str) -> None:
    assert ids.problem(good) is None


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("abcde", "at least 6"),
        ("a" * 31, "at most 30"),
        ("1abcdef", "start with a lowercase letter"),
        ("Abcdef", "start with a lowercase letter"),
        ("abcdef-", "not end with a hyphen"),
        ("abc_def", "only lowercase letters"),
        ("abcDef", "only lowercase letters"),
    ],
)
def test_invalid_ids(bad: str, why: str) -> None:
    reason = ids.problem(bad)
    assert reason is not None and why in reason


def test_clone_id_suggestions() -> None:
    assert ids.clone_id("src-proj", "b2") == "src-proj-b2"
    with pytest.raises(UsageError) as too_long:
        ids.clone_id("twenty-five-characters-xx", "backup")
    assert "32 characters" in too_long.value.message
    assert "at most 4 characters" in (too_long.value.hint or "")
    assert "gcp_clone twenty-five-characters-xx back" in (too_long.value.hint or "")
    with pytest.raises(UsageError) as no_room:
        ids.clone_id("a" * 29, "b2")
    assert "--new-id" in (no_room.value.hint or "")
    with pytest.raises(UsageError):
        ids.clone_id("src-proj", "B2")


def test_next_suffix() -> None:
    assert next_suffix("b2") == "b3"
    assert next_suffix("b9") == "b10"
    assert next_suffix("copy") == "copy2"


def test_billing_account_name() -> None:
    assert billing_account_name("0A1B2C-3D4E5F-6A7B8C") == "billingAccounts/0A1B2C-3D4E5F-6A7B8C"
    assert billing_account_name("billingAccounts/0A1B2C-3D4E5F-6A7B8C").count("/") == 1
    with pytest.raises(UsageError):
        billing_account_name("123")


def test_batches_of_twenty() -> None:
    items = [str(n) for n in range(45)]
    assert [len(b) for b in batches(items)] == [20, 20, 5]


def test_google_managed_accounts() -> None:
    assert is_google_managed("123-compute@developer.gserviceaccount.com", "p-1")
    assert is_google_managed("p-1@appspot.gserviceaccount.com", "p-1")
    assert is_google_managed("firebase-adminsdk-x1@p-1.iam.gserviceaccount.com", "p-1")
    assert not is_google_managed("bot@p-1.iam.gserviceaccount.com", "p-1")
    assert not is_google_managed("bot@p.example.com.iam.gserviceaccount.com", "example.com:p")


def source_inventory(**changes: object) -> Inventory:
    inventory = Inventory(
        project_id="src",
        number="1",
        name="src",
        parent="folders/7",
        state="ACTIVE",
        labels={"a": "1"},
        billing=Billing(True, "billingAccounts/X"),
        services=["drive.googleapis.com", "youtube.googleapis.com"],
        service_accounts=[
            ServiceAccount("bot@src.iam.gserviceaccount.com"),
            ServiceAccount("1-compute@developer.gserviceaccount.com", google_managed=True),
        ],
    )
    for key, value in changes.items():
        setattr(inventory, key, value)
    return inventory


def test_plan_for_new_target() -> None:
    actions = plan_clone(source_inventory(), "src-b2", None, CloneOptions())
    plan = [(a.step, a.status) for a in actions]
    assert plan == [
        ("create_project", "planned"),
        ("copy_labels", "planned"),
        ("link_billing", "planned"),
        ("enable_services", "planned"),
        ("enable_youtube", "planned"),
        ("create_service_account", "planned"),
        ("create_service_account", "skipped"),
    ]
    services = actions[3].data["services"]
    assert services == ["drive.googleapis.com"]  # YouTube has its own step
    assert actions[5].data["email"] == "bot@src-b2.iam.gserviceaccount.com"


def test_plan_against_a_complete_target() -> None:
    target = source_inventory(project_id="src-b2", parent="folders/7", labels={"a": "1", "b": "2"})
    target.service_accounts = [ServiceAccount("bot@src-b2.iam.gserviceaccount.com")]
    actions = plan_clone(source_inventory(), "src-b2", target, CloneOptions())
    assert [a.status for a in actions] == ["exists"] * 6 + ["skipped"]


def test_plan_billing_cases() -> None:
    unreadable = source_inventory(billing=Billing(None, "", "no permission"))
    assert plan_clone(unreadable, "n-1234", None, CloneOptions())[2].status == "skipped"
    other = source_inventory(project_id="n-1234", billing=Billing(True, "billingAccounts/Y"))
    action = plan_clone(source_inventory(), "n-1234", other, CloneOptions())[2]
    assert action.status == "skipped" and "left as is" in action.detail


def test_error_info_parsing() -> None:
    body = {
        "error": {
            "code": 429,
            "message": "Quota exceeded",
            "status": "RESOURCE_EXHAUSTED",
            "details": [{"reason": "RATE_LIMIT_EXCEEDED"}],
        }
    }
    info = ErrorInfo(429, json.dumps(body).encode())
    assert info.rate_limited() and not info.transient() and info.reason == "RESOURCE_EXHAUSTED"
    legacy = {"error": {"code": 403, "message": "x", "errors": [{"reason": "rateLimitExceeded"}]}}
    assert ErrorInfo(403, json.dumps(legacy)).rate_limited()
    assert not ErrorInfo(403, b'{"error": {"status": "PERMISSION_DENIED"}}').rate_limited()
    assert ErrorInfo(503, b"<html>").transient()


def test_operation_error_explains_project_quota() -> None:
    error = {
        "code": 8,
        "message": "The project cannot be created because you have exceeded "
        "your allotted project quota.",
        "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure"}],
    }
    exc = operation_error("Creating project x", error)
    assert exc.code == "project_quota_exceeded" and "project_quota_increase" in (exc.hint or "")
    other = operation_error("Enabling", {"code": 9, "message": "nope"})
    assert other.code == "gcp_error" and "code 9" in other.message


def test_backoff_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YTRIX_BACKOFF_SCALE", raising=False)
    assert backoff_scale() == 1.0
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.5")
    assert backoff_scale() == 0.5
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "fast")
    with pytest.raises(UsageError):
        backoff_scale()
    assert fmt_wait(30.0) == "30s" and fmt_wait(0.03) == "0.03s" and fmt_wait(7.5) == "7.5s"
