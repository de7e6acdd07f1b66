"""Cloud routes for IAM v1 (service accounts) and Cloud Billing v1; registered with
the other Cloud routes in :mod:`ytemu.cloud.routes`."""

from __future__ import annotations

from ytemu.cloud.request import caller_account, list_body
from ytemu.cloud.state import (
    ACCOUNT_ID,
    ANYONE,
    CloudState,
    cloud_error,
    invalid_argument,
    permission_denied,
    quota_failure,
)
from ytemu.router import RequestContext, Response

# --- IAM v1 ----------------------------------------------------------------------------


def service_accounts_list(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
    accounts = [state.sa_resource(rec, sa) for _, sa in sorted(rec["serviceAccounts"].items())]
    return Response.json(list_body(ctx, "accounts", accounts, 20, 100))


def service_accounts_create(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
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
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
    return Response.json(state.billing_info(rec))


def billing_update(ctx: RequestContext) -> Response:
    account = caller_account(ctx)
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
