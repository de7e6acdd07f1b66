"""Admin and inspection endpoints under ``/_emu/`` (JSON in, JSON out).

Admin routes bypass auth, quota, fault injection and the request log.  The typed Python
client for them is :class:`ytemu.admin.EmuAdmin`; its docstring lists every endpoint.
"""

from __future__ import annotations

from typing import Any

from ytemu import errors
from ytemu.admin import content
from ytemu.admin.content import bad as _bad
from ytemu.admin.content import body_of as _body
from ytemu.admin.content import ok as _ok
from ytemu.admin.content import timestamp as _ts
from ytemu.clock import rfc3339
from ytemu.faults import FaultRule
from ytemu.model import Settings
from ytemu.oauth.tokens import issue_tokens, revoke_client_tokens, revoke_refresh_token
from ytemu.router import RequestContext, Response, Router

DEFAULT_SCOPES = ["https://www.googleapis.com/auth/youtube"]


# --- world / settings ------------------------------------------------------------------


def reset(ctx: RequestContext) -> Response:
    from ytemu.seed import apply_seed

    seed = _body(ctx).get("seed")
    world = ctx.world
    world.reset()
    if seed:
        apply_seed(world, str(seed))
    return _ok()


def health(ctx: RequestContext) -> Response:
    return _ok({"ok": True, "base_url": ctx.base_url})


def settings(ctx: RequestContext) -> Response:
    world = ctx.world
    if ctx.method == "POST":
        data = world.settings.to_dict()
        for key, value in _body(ctx).items():
            if key not in data:
                raise _bad(f"unknown setting {key!r}")
            data[key] = int(value)
        new = Settings.from_dict(data)
        try:
            new.check()
        except ValueError as exc:
            raise _bad(str(exc)) from None
        world.settings = new
    return _ok(world.settings.to_dict())


def latency(ctx: RequestContext) -> Response:
    ctx.world.settings.latency_ms = int(_body(ctx).get("ms", 0))
    return _ok({"ms": ctx.world.settings.latency_ms})


def save(ctx: RequestContext) -> Response:
    path = _body(ctx).get("path") or ctx.world.state_path
    if not path:
        raise _bad("no path given and the emulator was started without --state")
    return _ok({"path": str(ctx.world.save(path))})


def dump(ctx: RequestContext) -> Response:
    return _ok(ctx.world.to_dict())


# --- clients / projects ----------------------------------------------------------------


def clients(ctx: RequestContext) -> Response:
    world = ctx.world
    if ctx.method == "POST":
        b = _body(ctx)
        if not b.get("client_id") or not b.get("project"):
            raise _bad("client_id and project are required")
        quota = b.get("daily_quota")
        world.add_client(
            str(b["client_id"]),
            str(b.get("client_secret") or b["client_id"] + "-secret"),
            str(b["project"]),
            int(quota) if quota is not None else None,
            bool(b.get("testing", False)),
        )
        return _ok(world.clients[str(b["client_id"])].to_dict())
    return _ok({"clients": [c.to_dict() for c in world.clients.values()]})


def client_update(ctx: RequestContext) -> Response:
    world = ctx.world
    client = world.clients.get(ctx.path_params["client_id"])
    if client is None:
        raise errors.not_found("notFound", "unknown client")
    b = _body(ctx)
    if "testing" in b:
        client.testing = bool(b["testing"])
    if "deleted" in b:
        client.deleted = bool(b["deleted"])
    if "daily_quota" in b:
        world.ensure_project(client.project, int(b["daily_quota"]))
    return _ok(client.to_dict())


def projects(ctx: RequestContext) -> Response:
    world = ctx.world
    if ctx.method == "POST":
        b = _body(ctx)
        pid = str(b.get("id") or b.get("project") or "")
        if not pid:
            raise _bad("id is required")
        project = world.ensure_project(pid)
        if "daily_quota" in b:
            project.daily_quota = int(b["daily_quota"])
        if "writes_per_minute" in b:
            wpm = b["writes_per_minute"]
            project.writes_per_minute = None if wpm is None else int(wpm)
        if "enabled_services" in b:
            project.enabled_services = [str(s) for s in b["enabled_services"]]
        return _ok(project.to_dict())
    return _ok({"projects": [p.to_dict() for p in world.projects.values()]})


# --- quota / log / clock ---------------------------------------------------------------


def quota(ctx: RequestContext) -> Response:
    world = ctx.world
    day = ctx.param("day") or world.today()
    wanted = ctx.param("project")
    out: dict[str, Any] = {}
    for project in world.projects.values():
        if wanted and project.id != wanted:
            continue
        used = world.quota.used(project.id, day)
        out[project.id] = {
            "used": used,
            "limit": project.daily_quota,
            "remaining": max(project.daily_quota - used, 0),
            "by_method": world.quota.by_method(project.id, day),
        }
    return _ok({"day": day, "projects": out})


def requests_log(ctx: RequestContext) -> Response:
    world = ctx.world
    if ctx.method == "DELETE":
        world.log.clear()
        return _ok()
    since = int(ctx.param("since") or 0)
    rows = []
    for entry in world.log[since:]:
        row = entry.to_dict()
        row["iso_time"] = rfc3339(entry.time)
        rows.append(row)
    return _ok({"requests": rows, "total": len(world.log)})


def clock(ctx: RequestContext) -> Response:
    world = ctx.world
    if ctx.method == "POST":
        b = _body(ctx)
        if b.get("set") is not None:
            world.clock.set(_ts(b["set"], world.now()))
        if b.get("advance") is not None:
            world.clock.advance(float(b["advance"]))
    now = world.clock.now()
    return _ok(
        {
            "now": now.isoformat().replace("+00:00", "Z"),
            "epoch": now.timestamp(),
            "offset": world.clock.offset,
            "pacific_day": world.today(),
            "next_reset": world.clock.next_pacific_midnight().isoformat().replace("+00:00", "Z"),
        }
    )


# --- tokens / faults -------------------------------------------------------------------


def tokens_issue(ctx: RequestContext) -> Response:
    world = ctx.world
    b = _body(ctx)
    client = world.clients.get(str(b.get("client_id", "")))
    if client is None:
        raise _bad("unknown client_id")
    ref = b.get("channel_id") or world.account()
    channel = world.find_channel(str(ref)) if ref else None
    if channel is None:
        raise _bad("no channel to issue tokens for")
    scopes = [str(s) for s in b.get("scopes") or DEFAULT_SCOPES]
    rt, at = issue_tokens(world, client.client_id, channel.id, scopes)
    return _ok(
        {
            "refresh_token": rt.token,
            "access_token": at.token,
            "expires_in": round(at.expires_at - world.now()),
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "channel_id": channel.id,
            "scopes": scopes,
        }
    )


def tokens_revoke(ctx: RequestContext) -> Response:
    world = ctx.world
    b = _body(ctx)
    count = 0
    if b.get("refresh_token"):
        count += int(revoke_refresh_token(world, str(b["refresh_token"])))
    if b.get("client_id"):
        count += revoke_client_tokens(world, str(b["client_id"]))
    return _ok({"revoked": count})


def faults(ctx: RequestContext) -> Response:
    book = ctx.world.faults
    if ctx.method == "POST":
        data = dict(_body(ctx))
        for key in ("id", "seen", "fired"):
            data.pop(key, None)
        try:
            rule = book.add(FaultRule.from_dict(data))
        except (TypeError, ValueError) as exc:
            raise _bad(str(exc)) from None
        return _ok(rule.to_dict())
    if ctx.method == "DELETE":
        book.clear()
        return _ok()
    return _ok({"rules": book.to_list()})


def fault_delete(ctx: RequestContext) -> Response:
    return _ok({"removed": ctx.world.faults.remove(int(ctx.path_params["rule_id"]))})


def register(router: Router) -> None:
    def add(method: str, path: str, name: str, handler: Any) -> None:
        router.add(method, "/_emu/" + path, "_emu." + name, handler, auth="none", admin=True)

    add("POST", "reset", "reset", reset)
    add("GET", "health", "health", health)
    add("GET", "settings", "settings", settings)
    add("POST", "settings", "settings", settings)
    add("POST", "latency", "latency", latency)
    add("POST", "save", "save", save)
    add("GET", "dump", "dump", dump)
    add("GET", "clients", "clients", clients)
    add("POST", "clients", "clients", clients)
    add("POST", r"clients/(?P<client_id>[^/]+)", "client", client_update)
    add("GET", "projects", "projects", projects)
    add("POST", "projects", "projects", projects)
    add("GET", "quota", "quota", quota)
    add("GET", "requests", "requests", requests_log)
    add("DELETE", "requests", "requests", requests_log)
    add("GET", "clock", "clock", clock)
    add("POST", "clock", "clock", clock)
    add("POST", "tokens/issue", "tokensIssue", tokens_issue)
    add("POST", "tokens/revoke", "tokensRevoke", tokens_revoke)
    add("GET", "faults", "faults", faults)
    add("POST", "faults", "faults", faults)
    add("DELETE", "faults", "faults", faults)
    add("DELETE", r"faults/(?P<rule_id>\d+)", "fault", fault_delete)
    content.register(router)
