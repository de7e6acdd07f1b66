"""State of the emulated Google Cloud control plane (Resource Manager, Service Usage,
IAM service accounts, Cloud Billing), kept in ``world.ext("cloud")``.

Enabled services live on the world's :class:`~ytemu.model.Project` (``enabled_services``),
the same list the YouTube routes check for ``accessNotConfigured``, so enabling
``youtube.googleapis.com`` through Service Usage really makes a project usable.

Callers hold ``world.lock``.  Who may see or change a cloud project: its ``owners``
(principals, i.e. the account a token was issued to; ``"*"`` = anyone).
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from ytemu import errors
from ytemu.clock import rfc3339
from ytemu.errors import ApiError
from ytemu.model import project_number, stable_etag
from ytemu.world import World

EXT = "cloud"
ANYONE = "*"
COMPUTE = "compute.googleapis.com"
IAM_DOMAIN = "iam.gserviceaccount.com"
# Activating these needs a billing account (Service Usage answers FAILED_PRECONDITION).
BILLING_REQUIRED = frozenset(
    {COMPUTE, "container.googleapis.com", "run.googleapis.com", "cloudfunctions.googleapis.com"}
)
SERVICE_TITLES = {
    "youtube.googleapis.com": "YouTube Data API v3",
    "youtubeanalytics.googleapis.com": "YouTube Analytics API",
    COMPUTE: "Compute Engine API",
    "iam.googleapis.com": "Identity and Access Management (IAM) API",
    "storage.googleapis.com": "Cloud Storage API",
    "logging.googleapis.com": "Cloud Logging API",
    "drive.googleapis.com": "Google Drive API",
    "sheets.googleapis.com": "Google Sheets API",
    "bigquery.googleapis.com": "BigQuery API",
}
PROJECT_ID = re.compile(r"[a-z][a-z0-9-]{4,28}[a-z0-9]")
ACCOUNT_ID = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])")
LABEL_KEY = re.compile(r"[a-z][a-z0-9_-]{0,62}")
LABEL_VALUE = re.compile(r"[a-z0-9_-]{0,63}")
PARENT = re.compile(r"(organizations|folders)/[0-9]+")
SERVICE_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*\.googleapis\.com")


def cloud_error(
    code: int, status: str, message: str, details: list[dict[str, Any]] | None = None
) -> ApiError:
    """The error envelope of Google Cloud's REST APIs (no legacy ``errors`` list)."""
    err: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        err["details"] = details
    return ApiError(code, {"error": err}, status)


def permission_denied() -> ApiError:
    # Missing and foreign projects answer alike, so IDs cannot be probed.
    return cloud_error(403, "PERMISSION_DENIED", "The caller does not have permission")


def invalid_argument(message: str) -> ApiError:
    return cloud_error(400, "INVALID_ARGUMENT", message)


def quota_failure(description: str, subject: str) -> dict[str, Any]:
    return {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [{"subject": subject, "description": description}],
    }


class CloudState:
    """A view of the cloud data in one world (cheap: build one per request)."""

    def __init__(self, world: World) -> None:
        self.world = world
        data = world.ext(EXT)
        data.setdefault("projects", {})
        data.setdefault("operations", {})
        data.setdefault("billing_accounts", {})
        data.setdefault("principals", {})
        data.setdefault("settings", {"operation_polls": 1})
        data.setdefault("seq", 0)
        self.data = data

    # --- lookups ---------------------------------------------------------------------

    @property
    def projects(self) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = self.data["projects"]
        return result

    def next_seq(self) -> int:
        self.data["seq"] = int(self.data["seq"]) + 1
        return int(self.data["seq"])

    def number(self, project_id: str) -> str:
        project = self.world.projects.get(project_id)
        return project.number if project is not None else project_number(project_id)

    def find(self, ref: str) -> dict[str, Any] | None:
        """A project by ID or number."""
        if ref in self.projects:
            return self.projects[ref]
        for rec in self.projects.values():
            if self.number(rec["projectId"]) == ref:
                return rec
        return None

    def accessible(self, ref: str, account: str) -> dict[str, Any]:
        """The project ``ref`` (ID or number) if ``account`` may use it, else 403."""
        rec = self.find(ref)
        if rec is None or rec["state"] != "ACTIVE":
            raise permission_denied()
        owners = rec["owners"]
        if ANYONE not in owners and account not in owners:
            raise permission_denied()
        return rec

    def id_taken(self, project_id: str) -> bool:
        return project_id in self.projects or project_id in self.world.projects

    def project_quota(self, account: str) -> int | None:
        principal = self.data["principals"].get(account, {})
        value = principal.get("project_quota")
        return None if value is None else int(value)

    def owned_count(self, account: str) -> int:
        # Projects pending deletion still count, as on Google.
        return sum(1 for rec in self.projects.values() if account in rec["owners"])

    # --- projects --------------------------------------------------------------------

    def add_project(
        self,
        project_id: str,
        *,
        owners: list[str],
        parent: str | None = None,
        display_name: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        now = rfc3339(self.world.now())
        rec: dict[str, Any] = {
            "projectId": project_id,
            "displayName": display_name or project_id,
            "parent": parent,
            "labels": dict(labels or {}),
            "state": "ACTIVE",
            "owners": list(owners),
            "createTime": now,
            "updateTime": now,
            "billingAccountName": "",
            "serviceAccounts": {},
        }
        self.projects[project_id] = rec
        project = self.world.ensure_project(project_id)
        project.enabled_services = []
        return rec

    def project_resource(self, rec: dict[str, Any]) -> dict[str, Any]:
        pid = rec["projectId"]
        body: dict[str, Any] = {"name": f"projects/{self.number(pid)}"}
        if rec.get("parent"):
            body["parent"] = rec["parent"]
        body.update(
            {
                "projectId": pid,
                "state": rec["state"],
                "displayName": rec["displayName"],
                "createTime": rec["createTime"],
                "updateTime": rec["updateTime"],
                "etag": 'W/"' + stable_etag(pid, rec["updateTime"], rec["labels"]) + '"',
            }
        )
        if rec["labels"]:
            body["labels"] = dict(rec["labels"])
        return body

    # --- services --------------------------------------------------------------------

    def enabled(self, project_id: str) -> list[str]:
        return list(self.world.ensure_project(project_id).enabled_services)

    def enable(self, rec: dict[str, Any], services: list[str]) -> None:
        project = self.world.ensure_project(rec["projectId"])
        for name in services:
            if name not in project.enabled_services:
                project.enabled_services.append(name)
            if name == COMPUTE:
                self._add_compute_account(rec)

    def require_billing(self, rec: dict[str, Any], names: list[str]) -> None:
        """Services such as Compute Engine cannot be activated without billing."""
        needs = [n for n in names if n in BILLING_REQUIRED]
        if not needs or rec["billingAccountName"]:
            return
        number = self.number(rec["projectId"])
        raise cloud_error(
            400,
            "FAILED_PRECONDITION",
            f"Billing account for project '{number}' is not found. Billing must be enabled "
            f"for activation of service(s) '{','.join(needs)}' to proceed.",
            [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "UREQ_PROJECT_BILLING_NOT_FOUND",
                    "domain": "serviceusage.googleapis.com",
                    "metadata": {"project": number, "services": ",".join(needs)},
                }
            ],
        )

    def service_resource(self, project_id: str, name: str, state: str) -> dict[str, Any]:
        number = self.number(project_id)
        title = SERVICE_TITLES.get(name) or name.split(".", maxsplit=1)[0].title() + " API"
        return {
            "name": f"projects/{number}/services/{name}",
            "config": {"name": name, "title": title},
            "state": state,
            "parent": f"projects/{number}",
        }

    # --- service accounts ------------------------------------------------------------

    def _add_compute_account(self, rec: dict[str, Any]) -> None:
        email = f"{self.number(rec['projectId'])}-compute@developer.gserviceaccount.com"
        if email not in rec["serviceAccounts"]:
            rec["serviceAccounts"][email] = {
                "email": email,
                "displayName": "Compute Engine default service account",
                "description": "",
            }

    def add_service_account(
        self, rec: dict[str, Any], account_id: str, display_name: str = "", description: str = ""
    ) -> dict[str, Any]:
        email = f"{account_id}@{rec['projectId']}.{IAM_DOMAIN}"
        sa = {"email": email, "displayName": display_name, "description": description}
        rec["serviceAccounts"][email] = sa
        return sa

    def sa_resource(self, rec: dict[str, Any], sa: dict[str, Any]) -> dict[str, Any]:
        pid = rec["projectId"]
        unique = str(100_000_000_000_000_000_000 + zlib.crc32(sa["email"].encode()) * 7919)
        body: dict[str, Any] = {
            "name": f"projects/{pid}/serviceAccounts/{sa['email']}",
            "projectId": pid,
            "uniqueId": unique,
            "email": sa["email"],
            "etag": "MDEwMjE5MjA=",
            "oauth2ClientId": unique,
        }
        if sa.get("displayName"):
            body["displayName"] = sa["displayName"]
        if sa.get("description"):
            body["description"] = sa["description"]
        return body

    # --- billing ---------------------------------------------------------------------

    def billing_account(self, name: str) -> dict[str, Any] | None:
        account: dict[str, Any] | None = self.data["billing_accounts"].get(name)
        return account

    def add_billing_account(
        self, name: str, users: list[str] | None = None, max_projects: int | None = None
    ) -> dict[str, Any]:
        account = {"users": list(users or [ANYONE]), "open": True, "max_projects": max_projects}
        self.data["billing_accounts"][name] = account
        return account

    def billing_info(self, rec: dict[str, Any]) -> dict[str, Any]:
        account = rec["billingAccountName"]
        return {
            "name": f"projects/{rec['projectId']}/billingInfo",
            "projectId": rec["projectId"],
            "billingAccountName": account,
            "billingEnabled": bool(account),
        }

    # --- long-running operations -----------------------------------------------------

    def operation(
        self,
        prefix: str,
        metadata: dict[str, Any],
        response: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Record an operation; its first ``settings.operation_polls`` reads (the response
        to the call counts as one) say not done."""
        name = f"operations/{prefix}.{self.next_seq():08d}"
        final: dict[str, Any] = {"name": name, "metadata": metadata, "done": True}
        if error is not None:
            final["error"] = error
        else:
            final["response"] = response or {}
        polls = int(self.data["settings"].get("operation_polls", 1))
        self.data["operations"][name] = {"polls_left": max(polls - 1, 0), "final": final}
        if polls > 0:
            return {"name": name, "metadata": metadata}
        return final

    def poll(self, name: str) -> dict[str, Any]:
        op = self.data["operations"].get(name)
        if op is None:
            raise cloud_error(404, "NOT_FOUND", f"Operation {name} not found.")
        final: dict[str, Any] = op["final"]
        if op["polls_left"] > 0:
            op["polls_left"] -= 1
            return {"name": name, "metadata": final["metadata"]}
        return final


def check_labels(labels: Any) -> dict[str, str]:
    if not isinstance(labels, dict) or len(labels) > 64:
        raise invalid_argument("labels must be a map of at most 64 entries")
    for key, value in labels.items():
        if not (isinstance(key, str) and LABEL_KEY.fullmatch(key)):
            raise invalid_argument(f"field [labels] has issue [invalid label key {key!r}]")
        if not (isinstance(value, str) and LABEL_VALUE.fullmatch(value)):
            raise invalid_argument(f"field [labels] has issue [invalid label value {value!r}]")
    return dict(labels)


def check_project_id(project_id: Any) -> str:
    if not isinstance(project_id, str) or not PROJECT_ID.fullmatch(project_id):
        raise invalid_argument(
            f"field [project_id] has issue [project_id {project_id!r} is invalid: 6 to 30 "
            "lowercase letters, digits or hyphens, starting with a letter and not ending "
            "with a hyphen]"
        )
    return project_id


def check_service_names(names: Any) -> list[str]:
    if not isinstance(names, list) or not names:
        raise invalid_argument("serviceIds must name at least one service")
    if len(names) > 20:
        raise invalid_argument("A batch may enable at most 20 services.")
    bad = [n for n in names if not (isinstance(n, str) and SERVICE_NAME.fullmatch(n))]
    if bad:
        raise errors.make(
            403,
            {
                "error": {
                    "code": 403,
                    "message": "Not found or permission denied for service(s): "
                    + ", ".join(str(b) for b in bad)
                    + ".",
                    "status": "PERMISSION_DENIED",
                    "details": [
                        {
                            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason": "SERVICE_CONFIG_NOT_FOUND_OR_PERMISSION_DENIED",
                            "domain": "serviceusage.googleapis.com",
                        }
                    ],
                }
            },
        )
    return [str(n) for n in names]
