"""Seeding and inspecting the emulated Google Cloud projects.

In-process helpers take a :class:`~ytemu.world.World` (hold ``world.lock``); the same
operations are served under ``/_emu/cloud/`` and wrapped by :class:`CloudAdmin`:

* ``POST projects`` seed a project: ``{project_id, owner?, parent?, display_name?,
  labels?, billing_account?, services?, service_accounts?: [{account_id,
  display_name?, description?}]}`` (``owner`` defaults to ``"*"``: anyone);
* ``GET projects`` / ``GET projects/{id}`` read them back (services, service accounts
  with ``google_managed``, billing, owners);
* ``POST adc`` register an Application Default Credentials identity: an OAuth client
  plus a refresh token for ``account`` with the cloud-platform scope; returns the
  ``authorized_user`` JSON to write to a file for ``GOOGLE_APPLICATION_CREDENTIALS``;
* ``POST principals`` ``{account, project_quota}``: cap how many projects an account
  may own (the create operation then fails with code 8 and a QuotaFailure);
* ``POST billing_accounts`` ``{name, users?, max_projects?, open?}``;
* ``POST settings`` ``{operation_polls}``: how many polls an operation reads not done.
"""

from __future__ import annotations

import secrets
from typing import Any, cast

from ytemu import errors
from ytemu.admin import EmuAdmin
from ytemu.cloud.state import ANYONE, IAM_DOMAIN, CloudState, check_labels
from ytemu.errors import ApiError
from ytemu.oauth.tokens import issue_tokens
from ytemu.router import RequestContext, Response, Router
from ytemu.world import World

CLOUD_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
DEFAULT_ACCOUNT = "adc-user@example.com"
ADC_PROJECT = "ytemu-adc-client"


def _bad(message: str) -> ApiError:
    return errors.bad_request("adminError", message)


def seed_project(world: World, spec: dict[str, Any]) -> dict[str, Any]:
    state = CloudState(world)
    project_id = str(spec.get("project_id") or "")
    if not project_id:
        raise _bad("project_id is required")
    if project_id in state.projects:
        raise _bad(f"cloud project {project_id} exists")
    owner = spec.get("owner") or ANYONE
    owners = [str(o) for o in owner] if isinstance(owner, list) else [str(owner)]
    rec = state.add_project(
        project_id,
        owners=owners,
        parent=spec.get("parent"),
        display_name=spec.get("display_name"),
        labels=check_labels(spec.get("labels") or {}),
    )
    billing = spec.get("billing_account")
    if billing:
        name = str(billing)
        if not name.startswith("billingAccounts/"):
            name = "billingAccounts/" + name
        if state.billing_account(name) is None:
            state.add_billing_account(name)
        rec["billingAccountName"] = name
    state.enable(rec, [str(s) for s in spec.get("services") or []])
    for sa in spec.get("service_accounts") or []:
        state.add_service_account(
            rec,
            str(sa["account_id"]),
            str(sa.get("display_name", "")),
            str(sa.get("description", "")),
        )
    return read_project(world, project_id)


def read_project(world: World, project_id: str) -> dict[str, Any]:
    state = CloudState(world)
    rec = state.projects.get(project_id)
    if rec is None:
        raise errors.not_found("notFound", f"unknown cloud project {project_id!r}")
    user_domain = f"@{project_id}.{IAM_DOMAIN}"
    return {
        "project_id": project_id,
        "number": state.number(project_id),
        "parent": rec["parent"],
        "display_name": rec["displayName"],
        "labels": dict(rec["labels"]),
        "state": rec["state"],
        "owners": list(rec["owners"]),
        "billing_account": rec["billingAccountName"],
        "billing_enabled": bool(rec["billingAccountName"]),
        "services": sorted(state.enabled(project_id)),
        "service_accounts": [
            {
                "email": sa["email"],
                "display_name": sa["displayName"],
                "description": sa["description"],
                "google_managed": not sa["email"].endswith(user_domain),
            }
            for _, sa in sorted(rec["serviceAccounts"].items())
        ],
    }


def register_adc(
    world: World,
    account: str = DEFAULT_ACCOUNT,
    client_id: str | None = None,
    scopes: list[str] | None = None,
) -> dict[str, str]:
    """An OAuth client and a refresh token for ``account``: the ``authorized_user`` ADC."""
    client_id = client_id or f"emu-adc-{secrets.token_hex(4)}.apps.googleusercontent.com"
    client = world.clients.get(client_id)
    if client is None:
        client = world.add_client(client_id, "adc-" + secrets.token_urlsafe(12), ADC_PROJECT)
    rt, _ = issue_tokens(world, client_id, account, list(scopes or [CLOUD_SCOPE]))
    return {
        "type": "authorized_user",
        "client_id": client_id,
        "client_secret": client.client_secret,
        "refresh_token": rt.token,
        "account": account,
    }


def set_project_quota(world: World, account: str, project_quota: int | None) -> None:
    principals = CloudState(world).data["principals"]
    principals.setdefault(account, {})["project_quota"] = project_quota


# --- HTTP ------------------------------------------------------------------------------


def _projects(ctx: RequestContext) -> Response:
    if ctx.method == "POST":
        return Response.plain_json(seed_project(ctx.world, ctx.json_object()))
    state = CloudState(ctx.world)
    return Response.plain_json(
        {"projects": [read_project(ctx.world, pid) for pid in sorted(state.projects)]}
    )


def _project_one(ctx: RequestContext) -> Response:
    return Response.plain_json(read_project(ctx.world, ctx.path_params["project_id"]))


def _adc(ctx: RequestContext) -> Response:
    body = ctx.json_object()
    scopes = body.get("scopes")
    return Response.plain_json(
        register_adc(
            ctx.world,
            str(body.get("account") or DEFAULT_ACCOUNT),
            body.get("client_id"),
            [str(s) for s in scopes] if scopes else None,
        )
    )


def _principals(ctx: RequestContext) -> Response:
    body = ctx.json_object()
    if not body.get("account"):
        raise _bad("account is required")
    quota = body.get("project_quota")
    set_project_quota(ctx.world, str(body["account"]), None if quota is None else int(quota))
    return Response.plain_json({"ok": True})


def _billing_accounts(ctx: RequestContext) -> Response:
    body = ctx.json_object()
    name = str(body.get("name") or "")
    if not name:
        raise _bad("name is required")
    if not name.startswith("billingAccounts/"):
        name = "billingAccounts/" + name
    limit = body.get("max_projects")
    account = CloudState(ctx.world).add_billing_account(
        name, body.get("users"), None if limit is None else int(limit)
    )
    account["open"] = bool(body.get("open", True))
    return Response.plain_json({"name": name, **account})


def _settings(ctx: RequestContext) -> Response:
    settings = CloudState(ctx.world).data["settings"]
    for key, value in ctx.json_object().items():
        if key != "operation_polls":
            raise _bad(f"unknown cloud setting {key!r}")
        settings[key] = int(value)
    return Response.plain_json(dict(settings))


def register(router: Router) -> None:
    def add(method: str, path: str, name: str, handler: Any) -> None:
        router.add(
            method, "/_emu/cloud/" + path, "_emu.cloud." + name, handler, auth="none", admin=True
        )

    add("GET", "projects", "projects", _projects)
    add("POST", "projects", "projects", _projects)
    add("GET", r"projects/(?P<project_id>[^/]+)", "project", _project_one)
    add("POST", "adc", "adc", _adc)
    add("POST", "principals", "principals", _principals)
    add("POST", "billing_accounts", "billingAccounts", _billing_accounts)
    add("POST", "settings", "settings", _settings)


class CloudAdmin(EmuAdmin):
    """:class:`EmuAdmin` plus the ``/_emu/cloud/`` endpoints."""

    def seed_cloud_project(self, project_id: str, **spec: Any) -> dict[str, Any]:
        body = {"project_id": project_id, **spec}
        return cast(dict[str, Any], self._call("POST", "cloud/projects", body))

    def cloud_project(self, project_id: str) -> dict[str, Any]:
        return cast(dict[str, Any], self._call("GET", f"cloud/projects/{project_id}"))

    def cloud_projects(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self._call("GET", "cloud/projects")["projects"])

    def register_adc(
        self, account: str = DEFAULT_ACCOUNT, scopes: list[str] | None = None
    ) -> dict[str, str]:
        body = {"account": account, "scopes": scopes}
        return cast(dict[str, str], self._call("POST", "cloud/adc", body))

    def set_project_quota(self, account: str, project_quota: int | None) -> None:
        self._call("POST", "cloud/principals", {"account": account, "project_quota": project_quota})

    def add_billing_account(
        self,
        name: str,
        users: list[str] | None = None,
        max_projects: int | None = None,
        open: bool = True,
    ) -> dict[str, Any]:
        body = {"name": name, "users": users, "max_projects": max_projects, "open": open}
        return cast(dict[str, Any], self._call("POST", "cloud/billing_accounts", body))

    def spend_elsewhere(self, project: str, units: int, method: str | None = None) -> int:
        """Charge ``units`` to ``project`` today as another application would (the
        ledger only; no request is logged). Returns the project's total today."""
        body = {"units": units, "method": method}
        return int(self._call("POST", f"cloud/quota/{project}/spend", body)["used"])

    def grant_daily_limit(self, project: str, daily_limit: int) -> None:
        """An extension Google granted: Service Usage shows it as the effective limit."""
        self._call("POST", f"cloud/quota/{project}/grant", {"daily_limit": daily_limit})
