"""The write steps shared by `gcp_clone` and `gcp_init`, each idempotent, each shown
on stderr as it runs and recorded as an :class:`Action` for the JSON result."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ytrix.core.errors import UsageError
from ytrix.core.jsonify import pick
from ytrix.gcp.inventory import YOUTUBE_API, ServiceAccount, get_project
from ytrix.gcp.steps import DONE, FAILED, StepLog
from ytrix.gcp.transport import CloudClient, CloudHttpError, GcpError

BATCH_SIZE = 20  # services:batchEnable takes at most 20 services, all or nothing
_BILLING_ID = re.compile(r"[A-Za-z0-9]{6}-[A-Za-z0-9]{6}-[A-Za-z0-9]{6}")

PLANNED, DONE_STATUS, EXISTS, SKIPPED, FAILED_STATUS = (
    "planned",
    "done",
    "exists",
    "skipped",
    "failed",
)


class ProjectIdTaken(GcpError):
    code = "project_id_taken"


@dataclass
class Action:
    step: str  # create_project, copy_labels, link_billing, enable_services, ...
    title: str
    status: str = PLANNED
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {**pick(self, "step title status detail"), **self.data}


def billing_account_name(value: str) -> str:
    """`012345-6789AB-CDEF01` or `billingAccounts/012345-...` -> the resource name."""
    account = value.removeprefix("billingAccounts/")
    if not _BILLING_ID.fullmatch(account):
        raise UsageError(
            f"Invalid billing account {value!r}",
            "Use the ID shown at https://console.cloud.google.com/billing, "
            "e.g. 012345-6789AB-CDEF01.",
        )
    return f"billingAccounts/{account}"


def batches(items: list[str], size: int = BATCH_SIZE) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class Executor:
    """Runs actions against one target project."""

    def __init__(self, client: CloudClient, steps: StepLog, project_id: str) -> None:
        self.client = client
        self.steps = steps
        self.project_id = project_id

    def _done(self, action: Action) -> None:
        action.status = DONE_STATUS
        self.steps.finish(action.title, DONE)

    def _fail(self, action: Action, exc: GcpError) -> None:
        action.status = FAILED_STATUS
        action.detail = exc.message
        self.steps.finish(action.title, FAILED, exc.message)

    def create_project(self, action: Action, parent: str | None, retry_hint: str) -> bool:
        """Create the project (polling the operation). Returns False when it turned out
        to exist already and we can use it; a project we cannot use raises."""
        crm = self.client.crm
        body: dict[str, Any] = {"projectId": self.project_id, "displayName": self.project_id}
        if parent:
            body["parent"] = parent
        self.steps.start(action.title)
        what = f"Creating project {self.project_id}"
        try:
            op = self.client.call(crm.projects().create(body=body), what)
            self.client.wait(crm.operations(), op, what)
        except CloudHttpError as exc:
            if exc.status != 409:
                raise
            if get_project(self.client, self.project_id) is None:
                self.steps.finish(action.title, FAILED, "ID already in use")
                raise ProjectIdTaken(
                    f"Project ID already in use: {self.project_id!r} (by a project you cannot "
                    "access, or one deleted in the last 30 days)",
                    retry_hint,
                    status=409,
                    reason="ALREADY_EXISTS",
                ) from None
            self.steps.finish(action.title, "✔", "exists")
            self.steps.warn(f"Project {self.project_id} already exists; reusing it.")
            action.status, action.detail = EXISTS, "already existed; reused"
            return False
        self._done(action)
        return True

    def _attempt(self, action: Action, work: Callable[[], object]) -> None:
        """One step: started, then done, or failed with Google's message (the next
        steps still run)."""
        self.steps.start(action.title)
        try:
            work()
        except GcpError as exc:
            self._fail(action, exc)
            return
        self._done(action)

    def set_labels(self, action: Action, labels: dict[str, str]) -> None:
        crm = self.client.crm
        what = f"Setting labels on {self.project_id}"

        def patch() -> None:
            request = crm.projects().patch(
                name=f"projects/{self.project_id}", updateMask="labels", body={"labels": labels}
            )
            self.client.wait(crm.operations(), self.client.call(request, what), what)

        self._attempt(action, patch)

    def link_billing(self, action: Action, account: str) -> None:
        request = self.client.billing.projects().updateBillingInfo(
            name=f"projects/{self.project_id}", body={"billingAccountName": account}
        )
        what = f"Linking {account} to {self.project_id}"
        self._attempt(action, lambda: self.client.call(request, what))

    def _enable_one(self, service: str) -> None:
        su = self.client.serviceusage
        what = f"Enabling {service}"
        name = f"projects/{self.project_id}/services/{service}"
        op = self.client.call(su.services().enable(name=name), what)
        self.client.wait(su.operations(), op, what)

    def enable_services(self, action: Action, services: list[str]) -> None:
        """Batches of at most 20; a batch Google refuses (it is atomic) is retried one
        service at a time, so one bad service does not block the rest."""
        su = self.client.serviceusage
        failures: dict[str, str] = {}
        groups = batches(services)
        for index, batch in enumerate(groups, 1):
            title = action.title
            if len(groups) > 1:
                title = f"Enabling services {', '.join(batch)} (batch {index} of {len(groups)})"
            self.steps.start(title)
            what = f"Enabling services on {self.project_id}"
            try:
                request = su.services().batchEnable(
                    parent=f"projects/{self.project_id}", body={"serviceIds": batch}
                )
                self.client.wait(su.operations(), self.client.call(request, what), what)
                self.steps.finish(title, DONE)
                continue
            except GcpError as exc:
                self.steps.finish(title, FAILED, "retrying one by one")
                self.steps.note(f"The batch was refused ({exc.message}).")
            for service in batch:
                one = f"Enabling {service}"
                self.steps.start(one)
                try:
                    self._enable_one(service)
                except GcpError as exc:
                    failures[service] = exc.message
                    self.steps.finish(one, FAILED, exc.message)
                else:
                    self.steps.finish(one, DONE)
        if failures:
            action.status = FAILED_STATUS
            action.detail = f"{len(failures)} of {len(services)} services could not be enabled"
            action.data["failures"] = failures
        else:
            action.status = DONE_STATUS

    def enable_youtube(self, action: Action) -> None:
        self._attempt(action, lambda: self._enable_one(YOUTUBE_API))

    def create_service_account(self, action: Action, source: ServiceAccount) -> None:
        self.steps.start(action.title)
        body = {
            "accountId": source.account_id,
            "serviceAccount": {
                "displayName": source.display_name,
                "description": source.description,
            },
        }
        request = (
            self.client.iam.projects()
            .serviceAccounts()
            .create(name=f"projects/{self.project_id}", body=body)
        )
        try:
            self.client.call(request, f"Creating service account {source.account_id}")
        except CloudHttpError as exc:
            if exc.status == 409:
                self.steps.finish(action.title, "✔", "exists")
                self.steps.warn(f"Service account {action.data['email']} already exists; skipped.")
                action.status, action.detail = EXISTS, "already existed"
                return
            self._fail(action, exc)
            return
        except GcpError as exc:
            self._fail(action, exc)
            return
        self._done(action)
