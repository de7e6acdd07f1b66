"""What a Cloud project holds: number, name, parent, labels, billing, enabled services
and service accounts (Google-managed ones marked) — read-only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ytrix.core.jsonify import pick
from ytrix.gcp.transport import CloudClient, CloudHttpError, GcpError

YOUTUBE_API = "youtube.googleapis.com"
SA_DOMAIN = "iam.gserviceaccount.com"
_GOOGLE_CREATED_PREFIXES = ("firebase-adminsdk-",)


def user_sa_domain(project_id: str) -> str:
    """`@proj.iam.gserviceaccount.com` (domain-scoped `example.com:proj` ->
    `@proj.example.com.iam.gserviceaccount.com`)."""
    domain, _, name = project_id.rpartition(":")
    return f"@{name}.{domain}.{SA_DOMAIN}" if domain else f"@{name}.{SA_DOMAIN}"


def is_google_managed(email: str, project_id: str) -> bool:
    """Default accounts (`N-compute@developer...`, `P@appspot...`) and ones Google
    products create for you cannot (and need not) be recreated by hand."""
    if not email.endswith(user_sa_domain(project_id)):
        return True
    return email.startswith(_GOOGLE_CREATED_PREFIXES)


@dataclass
class ServiceAccount:
    email: str
    display_name: str = ""
    description: str = ""
    google_managed: bool = False

    @property
    def account_id(self) -> str:
        return self.email.split("@", 1)[0]

    def as_dict(self) -> dict[str, Any]:
        return pick(self, "email account_id display_name description google_managed")


@dataclass
class Billing:
    enabled: bool | None  # None: we may not read it
    account: str  # "billingAccounts/..." or ""
    note: str | None = None


@dataclass
class Inventory:
    project_id: str
    number: str
    name: str
    parent: str | None
    state: str
    labels: dict[str, str] = field(default_factory=dict)
    billing: Billing = field(default_factory=lambda: Billing(None, ""))
    services: list[str] = field(default_factory=list)
    service_titles: dict[str, str] = field(default_factory=dict)
    service_accounts: list[ServiceAccount] = field(default_factory=list)

    @property
    def user_accounts(self) -> list[ServiceAccount]:
        return [sa for sa in self.service_accounts if not sa.google_managed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "project_number": self.number,
            **pick(self, "name parent state"),
            "labels": dict(self.labels),
            "billing_enabled": self.billing.enabled,
            "billing_account": self.billing.account or None,
            "billing_note": self.billing.note,
            "enabled_services": list(self.services),
            "service_titles": dict(self.service_titles),
            "service_accounts": [sa.as_dict() for sa in self.service_accounts],
        }


def get_project(client: CloudClient, project_id: str) -> dict[str, Any] | None:
    """The project resource, or None when it is missing or not ours (Google answers
    403 for both, on purpose)."""
    request = client.crm.projects().get(name=f"projects/{project_id}")
    try:
        return client.call(request, f"Reading project {project_id}")
    except CloudHttpError as exc:
        if exc.status in (403, 404):
            return None
        raise


def _pages(client: CloudClient, collection: Any, request: Any, what: str) -> list[dict[str, Any]]:
    pages = []
    while request is not None:
        response = client.call(request, what)
        pages.append(response)
        request = collection.list_next(request, response)
    return pages


def enabled_services(client: CloudClient, project_id: str) -> tuple[list[str], dict[str, str]]:
    services = client.serviceusage.services()
    request = services.list(parent=f"projects/{project_id}", filter="state:ENABLED", pageSize=200)
    names: list[str] = []
    titles: dict[str, str] = {}
    for page in _pages(client, services, request, f"Listing services of {project_id}"):
        for item in page.get("services", []):
            config = item.get("config") or {}
            name = str(config.get("name") or str(item.get("name", "")).rsplit("/", 1)[-1])
            if name and name not in titles:
                names.append(name)
                titles[name] = str(config.get("title") or name)
    return sorted(names), titles


def service_accounts(client: CloudClient, project_id: str) -> list[ServiceAccount]:
    accounts = client.iam.projects().serviceAccounts()
    request = accounts.list(name=f"projects/{project_id}", pageSize=100)
    found: list[ServiceAccount] = []
    for page in _pages(client, accounts, request, f"Listing service accounts of {project_id}"):
        for item in page.get("accounts", []):
            email = str(item.get("email", ""))
            found.append(
                ServiceAccount(
                    email=email,
                    display_name=str(item.get("displayName", "")),
                    description=str(item.get("description", "")),
                    google_managed=is_google_managed(email, project_id),
                )
            )
    return sorted(found, key=lambda sa: sa.email)


def billing_info(client: CloudClient, project_id: str) -> Billing:
    request = client.billing.projects().getBillingInfo(name=f"projects/{project_id}")
    try:
        info = client.call(request, f"Reading billing of {project_id}")
    except CloudHttpError as exc:
        if exc.status != 403:
            raise
        return Billing(None, "", "no permission to read billing (needs billing.viewer)")
    account = str(info.get("billingAccountName") or "")
    return Billing(bool(info.get("billingEnabled")), account)


def read_inventory(client: CloudClient, project_id: str) -> Inventory:
    project = get_project(client, project_id)
    if project is None:
        raise GcpError(
            f"Project {project_id!r} does not exist or your account cannot access it",
            "Check the ID (console: https://console.cloud.google.com/cloud-resource-manager) "
            "and that your Application Default Credentials belong to an account with "
            "access to it.",
            status=403,
        )
    return inventory_from(client, project)


def inventory_from(client: CloudClient, project: dict[str, Any]) -> Inventory:
    project_id = str(project["projectId"])
    names, titles = enabled_services(client, project_id)
    return Inventory(
        project_id=project_id,
        number=str(project.get("name", "")).rsplit("/", 1)[-1],
        name=str(project.get("displayName") or project_id),
        parent=project.get("parent") or None,
        state=str(project.get("state", "")),
        labels=dict(project.get("labels") or {}),
        billing=billing_info(client, project_id),
        services=names,
        service_titles=titles,
        service_accounts=service_accounts(client, project_id),
    )
