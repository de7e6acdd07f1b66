"""`gcp_clone` and `gcp_init`: read, plan (pure), then execute the plan step by step.

The plan compares the source with the target as it is now, so a second run finds
everything in place and changes nothing: each existing resource is reported with a
warning and skipped. `--dry-run` stops after the plan (reads only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ytrix.gcp import ids
from ytrix.gcp.actions import (
    EXISTS,
    FAILED_STATUS,
    PLANNED,
    SKIPPED,
    Action,
    Executor,
)
from ytrix.gcp.guide import ManualStep, manual_steps
from ytrix.gcp.inventory import (
    YOUTUBE_API,
    Billing,
    Inventory,
    ServiceAccount,
    get_project,
    inventory_from,
    read_inventory,
    user_sa_domain,
)
from ytrix.gcp.steps import DONE, StepLog
from ytrix.gcp.transport import CloudClient, GcpError

BILLING_CONSOLE = "https://console.cloud.google.com/billing/linkedaccount?project="


@dataclass
class CloneOptions:
    skip_labels: bool = False
    skip_service_accounts: bool = False
    dry_run: bool = False


@dataclass
class Outcome:
    new_project: str
    dry_run: bool
    actions: list[Action]
    source_project: str | None = None
    parent: str | None = None
    manual_steps: list[ManualStep] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(a.status != FAILED_STATUS for a in self.actions)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"success": self.success, "dry_run": self.dry_run}
        if self.source_project is not None:
            data["source_project"] = self.source_project
        data.update(
            new_project=self.new_project,
            parent=self.parent,
            actions=[a.as_dict() for a in self.actions],
            manual_steps=[step.as_dict() for step in self.manual_steps],
        )
        return data


def next_suffix(suffix: str) -> str:
    """`b2` -> `b3`, `test` -> `test2`."""
    match = re.fullmatch(r"(.*?)(\d+)", suffix)
    if match:
        return f"{match.group(1)}{int(match.group(2)) + 1}"
    return f"{suffix}2"


def _create_action(project_id: str, parent: str | None, exists: bool) -> Action:
    title = f"Creating project {project_id}" + (f" under {parent}" if parent else "")
    action = Action("create_project", title, data={"project_id": project_id, "parent": parent})
    if exists:
        action.status, action.detail = EXISTS, "already exists; reused"
    return action


def _billing_action(source: Billing, target: Billing | None) -> Action:
    account = source.account
    action = Action(
        "link_billing",
        f"Linking billing account {account}" if account else "Linking billing",
        data={"billing_account": account or None},
    )
    if source.enabled is None:
        action.status = SKIPPED
        action.detail = f"cannot read the source's billing: {source.note}"
    elif not account:
        action.status = SKIPPED
        action.detail = (
            "the source has no billing account, so none is linked (the YouTube Data API "
            "does not need billing)"
        )
    elif target is not None and target.account == account:
        action.status, action.detail = EXISTS, "already linked"
    elif target is not None and target.account:
        action.status = SKIPPED
        action.detail = f"the project is linked to {target.account}; left as is"
    return action


def plan_clone(
    source: Inventory, new_id: str, target: Inventory | None, options: CloneOptions
) -> list[Action]:
    """Every step with its status: planned, exists (nothing to do) or skipped."""
    actions = [_create_action(new_id, source.parent, target is not None)]
    target_labels = target.labels if target else {}
    labels = Action("copy_labels", f"Copying labels ({len(source.labels)})")
    labels.data["labels"] = {**target_labels, **source.labels}
    if options.skip_labels:
        labels.status, labels.detail = SKIPPED, "--skip-labels"
    elif not source.labels:
        labels.status, labels.detail = SKIPPED, "the source has no labels"
    elif all(target_labels.get(k) == v for k, v in source.labels.items()):
        labels.status, labels.detail = EXISTS, "already set"
    actions.append(labels)
    actions.append(_billing_action(source.billing, target.billing if target else None))
    have = set(target.services) if target else set()
    wanted = [s for s in source.services if s != YOUTUBE_API]
    missing = [s for s in wanted if s not in have]
    count = len(missing or wanted)
    services = Action("enable_services", f"Enabling {count} service{'s' * (count != 1)}")
    services.data["services"] = missing or wanted
    if not wanted:
        services.status, services.detail = SKIPPED, "the source has no other enabled services"
    elif not missing:
        services.status, services.detail = EXISTS, f"all {len(wanted)} already enabled"
    actions.append(services)
    youtube = Action("enable_youtube", "Enabling YouTube Data API", data={"service": YOUTUBE_API})
    if YOUTUBE_API in have:
        youtube.status, youtube.detail = EXISTS, "already enabled"
    actions.append(youtube)
    existing = {sa.account_id for sa in target.service_accounts} if target else set()
    for sa in source.service_accounts:
        email = f"{sa.account_id}{user_sa_domain(new_id)}"
        action = Action(
            "create_service_account",
            f"Creating service account {email}",
            data={"email": email, "source_email": sa.email, "google_managed": sa.google_managed},
        )
        if sa.google_managed:
            action.title = f"Service account {sa.email}"
            action.data["email"] = None
            action.status = SKIPPED
            action.detail = "Google-managed: Google creates its own when the API is enabled"
        elif options.skip_service_accounts:
            action.status, action.detail = SKIPPED, "--skip-service-accounts"
        elif sa.account_id in existing:
            action.status, action.detail = EXISTS, "already exists"
        actions.append(action)
    return actions


def _exists_warning(action: Action, project_id: str) -> str:
    data = action.data
    return {
        "create_project": f"Project {project_id} already exists and you can use it; reusing it.",
        "copy_labels": f"Labels already set on {project_id}; skipped.",
        "link_billing": f"Billing account {data.get('billing_account')} already linked; skipped.",
        "enable_services": f"Services already enabled on {project_id} "
        f"({', '.join(data.get('services', []))}); skipped.",
        "enable_youtube": f"YouTube Data API already enabled on {project_id}; skipped.",
        "create_service_account": f"Service account {data.get('email')} already exists; skipped.",
    }.get(action.step, f"{action.title}: {action.detail}")


def execute(
    client: CloudClient,
    steps: StepLog,
    project_id: str,
    actions: list[Action],
    retry_hint: str,
    accounts: dict[str, ServiceAccount] | None = None,
) -> None:
    """Run the planned actions in order; `accounts` maps source emails to accounts."""
    executor = Executor(client, steps, project_id)
    for action in actions:
        if action.status == EXISTS:
            steps.warn(_exists_warning(action, project_id))
            continue
        if action.status == SKIPPED:
            steps.note(f"{action.title}: skipped ({action.detail}).")
            continue
        if action.status != PLANNED:
            continue
        step, data = action.step, action.data
        if step == "create_project":
            executor.create_project(action, data.get("parent"), retry_hint)
        elif step == "copy_labels":
            executor.set_labels(action, data["labels"])
        elif step == "link_billing":
            executor.link_billing(action, data["billing_account"])
        elif step == "enable_services":
            executor.enable_services(action, data["services"])
        elif step == "enable_youtube":
            executor.enable_youtube(action)
        elif step == "create_service_account" and accounts:
            executor.create_service_account(action, accounts[data["source_email"]])


def _target(client: CloudClient, project_id: str) -> Inventory | None:
    project = get_project(client, project_id)
    if project is None:
        return None
    if project.get("state") != "ACTIVE":
        raise GcpError(
            f"Project {project_id} exists but is {project.get('state')} (pending deletion)",
            "Restore it in the console (IAM & Admin > Manage resources > Pending deletion), "
            "or choose another ID.",
        )
    return inventory_from(client, project)


def clone(
    client: CloudClient,
    source_id: str,
    new_id: str,
    suffix: str,
    options: CloneOptions,
    steps: StepLog,
) -> Outcome:
    client.interrupt = steps.interrupt
    client.connect()  # no credentials -> AuthNeeded before anything else
    steps.start(f"Reading project {source_id}")
    source = read_inventory(client, source_id)
    target = _target(client, new_id)
    steps.finish(f"Reading project {source_id}", DONE)
    actions = plan_clone(source, new_id, target, options)
    outcome = Outcome(
        new_id, options.dry_run, actions, source_id, source.parent, manual_steps(new_id)
    )
    if options.dry_run:
        if target is None:
            actions[0].detail = "if the ID is free: Google tells only when creating"
        return outcome
    other = f"{source_id}-{next_suffix(suffix)}"
    hint = "Project IDs are global. Choose another suffix" + (
        f", e.g. `ytrix gcp_clone {source_id} {next_suffix(suffix)}`."
        if ids.problem(other) is None
        else " (or pick the whole ID with --new-id)."
    )
    accounts = {sa.email: sa for sa in source.service_accounts}
    execute(client, steps, new_id, actions, hint, accounts)
    return outcome


def init(
    client: CloudClient,
    project_id: str,
    billing_account: str | None,
    parent: str | None,
    dry_run: bool,
    steps: StepLog,
) -> Outcome:
    client.interrupt = steps.interrupt
    client.connect()
    steps.start(f"Checking project {project_id}")
    target = _target(client, project_id)
    steps.finish(f"Checking project {project_id}", DONE)
    actions = [_create_action(project_id, parent, target is not None)]
    if billing_account:
        billing = Action(
            "link_billing",
            f"Linking billing account {billing_account}",
            data={"billing_account": billing_account},
        )
        if target is not None and target.billing.account == billing_account:
            billing.status, billing.detail = EXISTS, "already linked"
        actions.append(billing)
    youtube = Action("enable_youtube", "Enabling YouTube Data API", data={"service": YOUTUBE_API})
    if target is not None and YOUTUBE_API in target.services:
        youtube.status, youtube.detail = EXISTS, "already enabled"
    actions.append(youtube)
    outcome = Outcome(project_id, dry_run, actions, None, parent, manual_steps(project_id))
    if not dry_run:
        alt = f"{project_id}-2"
        hint = "Project IDs are global; choose another" + (
            f", e.g. `ytrix gcp_init {alt}`." if ids.problem(alt) is None else "."
        )
        execute(client, steps, project_id, actions, hint)
    return outcome
