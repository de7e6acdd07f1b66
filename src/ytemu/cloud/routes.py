"""Google Cloud control-plane routes: Resource Manager v3, Service Usage v1, IAM v1
(service accounts) and Cloud Billing v1, at the paths google-api-python-client builds
from its bundled discovery documents (the base URL is the emulator's).

Writes that Google runs as long-running operations (project create/patch, service
enable/batchEnable) return an ``Operation``; it reads as not done for the first
``settings.operation_polls`` polls (default 1), so clients must poll.  The caller's
account (the principal its token was issued to) owns what it creates; a project the
caller does not own answers 403, exactly like a missing one.

Admin helpers (seeding, reading back, ADC identities) are in :mod:`ytemu.cloud.admin`.
"""

from __future__ import annotations

from typing import Any

from ytemu import errors
from ytemu.clock import rfc3339
from ytemu.cloud.admin import register as register_admin
from ytemu.cloud.iam import (
    billing_get,
    billing_update,
    service_accounts_create,
    service_accounts_list,
)
from ytemu.cloud.quota import register as register_quota
from ytemu.cloud.request import caller_account, list_body
from ytemu.cloud.state import (
    PARENT,
    SERVICE_TITLES,
    CloudState,
    check_labels,
    check_project_id,
    check_service_names,
    invalid_argument,
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


# --- Resource Manager v3 ---------------------------------------------------------------


def projects_create(ctx: RequestContext) -> Response:
    account = caller_account(ctx)
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
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
    return Response.json(state.project_resource(rec))


def projects_patch(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
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
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
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
    return Response.json(list_body(ctx, "services", services, 50, 200))


def services_get(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
    name = ctx.path_params["service"]
    enabled = name in state.enabled(rec["projectId"])
    return Response.json(
        state.service_resource(rec["projectId"], name, "ENABLED" if enabled else "DISABLED")
    )


def services_enable(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
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
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
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
    register_quota(router)
