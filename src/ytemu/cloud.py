"""Google Cloud control-plane routes: Resource Manager v3, Service Usage v1, IAM v1
(service accounts) and Cloud Billing v1, at the paths google-api-python-client builds
from its bundled discovery documents (the base URL is the emulator's).

Writes that Google runs as long-running operations (project create/patch, service
enable/batchEnable) return an ``Operation``; it reads as not done for the first
``settings.operation_polls`` polls (default 1), so clients must poll.  The caller's
account (the principal its token was issued to) owns what it creates; a project the
caller does not own answers 403, exactly like a missing one.

Admin helpers (seeding, reading back, ADC identities) are in :mod:`ytemu.cloud_admin`.
"""

from __future__ import annotations

from typing import Any

from ytemu import errors
from ytemu.clock import rfc3339
from ytemu.cloud_admin import register as register_admin
from ytemu.cloud_state import (
    ACCOUNT_ID,
    ANYONE,
    PARENT,
    SERVICE_TITLES,
    CloudState,
    check_labels,
    check_project_id,
    check_service_names,
    cloud_error,
    invalid_argument,
    permission_denied,
    quota_failure,
)
from ytemu.router import RequestContext, Response, Router

CLOUD = "https://www.googleapis.com/auth/cloud-platform"
CLOUD_RO = "https://www.googleapis.com/auth/cloud-platform.read-only"
BILLING = "https://www.googleapis.com/auth/cloud-billing"
BILLING_RO = "https://www.googleapis.com/auth/cloud-billing.readonly"
CRM_TYPE = "type.googleapis.com/google.cloud.resourcemanager.v3."
SU_TYPE = "type.googleapis.com/google.api.serviceusage.v1."
PROJECT_QUOTA_MESSAGE = (
    "The project cannot be created because you have exceeded your allotted project quota."
)


def _account(ctx: RequestContext) -> str:
    return ctx.identity.channel_id


def _page(ctx: RequestContext, items: list[Any], default: int, cap: int) -> tuple[list[Any], str]:
    size = int(ctx.param("pageSize") or default)
    size = default if size <= 0 else min(size, cap)
    token = ctx.param("pageToken") or ""
    try:
        start = int(token) if token else 0
    except ValueError:
        raise invalid_argument("Invalid page token") from None
    end = start + size
    return items[start:end], (str(end) if end < len(items) else "")


# --- Resource Manager v3 ---------------------------------------------------------------


def projects_create(ctx: RequestContext) -> Response:
    account = _account(ctx)
    state = CloudState(ctx.world)
    body = ctx.json_object()
    project_id = check_project_id(body.get("projectId"))
    parent = body.get("parent")
    if parent is not None and not (isinstance(parent, str) and PARENT.fullmatch(parent)):
        raise invalid_argument(f"field [parent] has issue [invalid parent {parent!r}]")
    labels = check_labels(body.get("labels", {}))
    if state.id_taken(project_id):
        raise errors.make(
            409,
            errors.envelope(
                409, "Requested entity already exists", "alreadyExists", status="ALREADY_EXISTS"
            ),
        )
    metadata: dict[str, Any] = {
        "@type": CRM_TYPE + "CreateProjectMetadata",
        "createTime": rfc3339(ctx.now()),
    }
    quota = state.project_quota(account)
    if quota is not None and state.owned_count(account) >= quota:
        error = {
            "code": 8,
            "message": PROJECT_QUOTA_MESSAGE,
            "details": [quota_failure(PROJECT_QUOTA_MESSAGE, f"user:{account}")],
        }
        return Response.json(state.operation("cp", metadata, error=error))
    display = body.get("displayName")
    rec = state.add_project(
        project_id,
        owners=[account],
        parent=parent,
        display_name=display if isinstance(display, str) else None,
        labels=labels,
    )
    metadata.update(gettable=True, ready=True)
    response = {"@type": CRM_TYPE + "Project", **state.project_resource(rec)}
    return Response.json(state.operation("cp", metadata, response=response))


def projects_get(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    return Response.json(state.project_resource(rec))


def projects_patch(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    body = ctx.json_object()
    fields = ctx.params("updateMask") or [k for k in ("labels", "displayName") if k in body]
    for name in fields:
        if name == "labels":
            rec["labels"] = check_labels(body.get("labels", {}))
        elif name == "displayName":
            rec["displayName"] = str(body.get("displayName") or rec["projectId"])
        else:
            raise invalid_argument(f"field [update_mask] has issue [{name} cannot be updated]")
    rec["updateTime"] = rfc3339(ctx.now())
    metadata = {"@type": CRM_TYPE + "UpdateProjectMetadata"}
    response = {"@type": CRM_TYPE + "Project", **state.project_resource(rec)}
    return Response.json(state.operation("up", metadata, response=response))


def operations_get(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    return Response.json(state.poll("operations/" + ctx.path_params["op"]))


# --- Service Usage v1 ------------------------------------------------------------------


def services_list(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    pid = rec["projectId"]
    wanted = (ctx.param("filter") or "").replace(" ", "").upper()
    enabled = sorted(state.enabled(pid))
    services = [state.service_resource(pid, n, "ENABLED") for n in enabled]
    if wanted != "STATE:ENABLED":
        disabled = sorted(n for n in SERVICE_TITLES if n not in enabled)
        others = [state.service_resource(pid, n, "DISABLED") for n in disabled]
        services = (
            others
            if wanted == "STATE:DISABLED"
            else sorted(services + others, key=lambda s: str(s["config"]["name"]))
        )
    page, token = _page(ctx, services, 50, 200)
    body: dict[str, Any] = {}
    if page:
        body["services"] = page
    if token:
        body["nextPageToken"] = token
    return Response.json(body)


def services_get(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    name = ctx.path_params["service"]
    enabled = name in state.enabled(rec["projectId"])
    return Response.json(
        state.service_resource(rec["projectId"], name, "ENABLED" if enabled else "DISABLED")
    )


def services_enable(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    names = check_service_names([ctx.path_params["service"]])
    state.require_billing(rec, names)
    state.enable(rec, names)
    pid = rec["projectId"]
    response = {
        "@type": SU_TYPE + "EnableServiceResponse",
        "service": state.service_resource(pid, names[0], "ENABLED"),
    }
    prefix = f"acf.p2-{state.number(pid)}"
    return Response.json(state.operation(prefix, {}, response=response))


def services_batch_enable(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    names = check_service_names(ctx.json_object().get("serviceIds"))
    state.require_billing(rec, names)  # atomic: all or nothing
    state.enable(rec, names)
    pid = rec["projectId"]
    response = {
        "@type": SU_TYPE + "BatchEnableServicesResponse",
        "services": [state.service_resource(pid, n, "ENABLED") for n in names],
    }
    prefix = f"acat.p2-{state.number(pid)}"
    return Response.json(state.operation(prefix, {}, response=response))


# --- IAM v1 ----------------------------------------------------------------------------


def service_accounts_list(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    accounts = [state.sa_resource(rec, sa) for _, sa in sorted(rec["serviceAccounts"].items())]
    page, token = _page(ctx, accounts, 20, 100)
    body: dict[str, Any] = {}
    if page:
        body["accounts"] = page
    if token:
        body["nextPageToken"] = token
    return Response.json(body)


def service_accounts_create(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    body = ctx.json_object()
    account_id = body.get("accountId")
    if not (
        isinstance(account_id, str)
        and 6 <= len(account_id) <= 30
        and ACCOUNT_ID.fullmatch(account_id)
    ):
        raise invalid_argument(
            f"Invalid account ID {account_id!r}: 6 to 30 lowercase letters, digits or hyphens, "
            "starting with a letter and not ending with a hyphen."
        )
    pid = rec["projectId"]
    email = f"{account_id}@{pid}.iam.gserviceaccount.com"
    if email in rec["serviceAccounts"]:
        raise cloud_error(
            409,
            "ALREADY_EXISTS",
            f"Service account {account_id} already exists within project projects/{pid}.",
            [
                {
                    "@type": "type.googleapis.com/google.rpc.ResourceInfo",
                    "resourceName": f"projects/{pid}/serviceAccounts/{email}",
                }
            ],
        )
    spec = body.get("serviceAccount") or {}
    if not isinstance(spec, dict):
        raise invalid_argument("serviceAccount must be an object")
    sa = state.add_service_account(
        rec, account_id, str(spec.get("displayName") or ""), str(spec.get("description") or "")
    )
    return Response.json(state.sa_resource(rec, sa))


# --- Cloud Billing v1 ------------------------------------------------------------------


def billing_get(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], _account(ctx))
    return Response.json(state.billing_info(rec))


def billing_update(ctx: RequestContext) -> Response:
    account = _account(ctx)
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], account)
    name = ctx.json_object().get("billingAccountName") or ""
    if not isinstance(name, str):
        raise invalid_argument("billingAccountName must be a string")
    if name:
        billing = state.billing_account(name)
        if billing is None or (ANYONE not in billing["users"] and account not in billing["users"]):
            raise permission_denied()
        if not billing["open"]:
            raise cloud_error(400, "FAILED_PRECONDITION", f"Billing account {name} is closed.")
        limit = billing.get("max_projects")
        linked = sum(
            1
            for other in state.projects.values()
            if other["billingAccountName"] == name and other is not rec
        )
        if limit is not None and linked >= int(limit) and rec["billingAccountName"] != name:
            raise cloud_error(
                400,
                "FAILED_PRECONDITION",
                "Precondition check failed.",
                [quota_failure("Cloud billing quota exceeded", f"billingAccounts/{name}")],
            )
    rec["billingAccountName"] = name
    return Response.json(state.billing_info(rec))


def register(router: Router) -> None:
    """Add the Cloud API routes (and the cloud admin routes) to ``router``."""
    project = r"(?P<project>[^/:]+)"
    read = (CLOUD, CLOUD_RO)
    crm, su, iam, cb = (
        "cloudresourcemanager.v3",
        "serviceusage.v1",
        "iam.v1",
        "cloudbilling.v1",
    )
    routes: list[tuple[str, str, str, Any, tuple[str, ...], str]] = [
        (
            "POST",
            "/v3/projects",
            "cloudresourcemanager.projects.create",
            projects_create,
            (CLOUD,),
            crm,
        ),
        (
            "GET",
            f"/v3/projects/{project}",
            "cloudresourcemanager.projects.get",
            projects_get,
            read,
            crm,
        ),
        (
            "PATCH",
            f"/v3/projects/{project}",
            "cloudresourcemanager.projects.patch",
            projects_patch,
            (CLOUD,),
            crm,
        ),
        (
            "GET",
            r"/v3/operations/(?P<op>.+)",
            "cloudresourcemanager.operations.get",
            operations_get,
            read,
            crm,
        ),
        (
            "GET",
            f"/v1/projects/{project}/services",
            "serviceusage.services.list",
            services_list,
            read,
            su,
        ),
        (
            "GET",
            f"/v1/projects/{project}/services/(?P<service>[^/:]+)",
            "serviceusage.services.get",
            services_get,
            read,
            su,
        ),
        (
            "POST",
            f"/v1/projects/{project}/services/(?P<service>[^/:]+):enable",
            "serviceusage.services.enable",
            services_enable,
            (CLOUD,),
            su,
        ),
        (
            "POST",
            f"/v1/projects/{project}/services:batchEnable",
            "serviceusage.services.batchEnable",
            services_batch_enable,
            (CLOUD,),
            su,
        ),
        (
            "GET",
            r"/v1/operations/(?P<op>.+)",
            "serviceusage.operations.get",
            operations_get,
            read,
            su,
        ),
        (
            "GET",
            f"/v1/projects/{project}/serviceAccounts",
            "iam.projects.serviceAccounts.list",
            service_accounts_list,
            read,
            iam,
        ),
        (
            "POST",
            f"/v1/projects/{project}/serviceAccounts",
            "iam.projects.serviceAccounts.create",
            service_accounts_create,
            (CLOUD,),
            iam,
        ),
        (
            "GET",
            f"/v1/projects/{project}/billingInfo",
            "cloudbilling.projects.getBillingInfo",
            billing_get,
            (*read, BILLING, BILLING_RO),
            cb,
        ),
        (
            "PUT",
            f"/v1/projects/{project}/billingInfo",
            "cloudbilling.projects.updateBillingInfo",
            billing_update,
            (CLOUD, BILLING),
            cb,
        ),
    ]
    for http_method, path, api_method, handler, scopes, doc in routes:
        router.add(http_method, path, api_method, handler, scopes=scopes, discovery=doc)
    register_admin(router)
