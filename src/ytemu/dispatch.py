"""The request pipeline shared by every routed API method.

Order for a non-admin route:

1. global latency (``settings.latency_ms``), outside the lock;
2. authentication (401 ``authError``/``required``; 0 units) and fault-rule selection;
3. fault latency, outside the lock;
4. under the lock: quota check (403 ``quotaExceeded`` if ``used + cost > limit``), fault
   terminal action (unless ``apply_write``), per-minute write limit (429), scopes (403
   ``insufficientPermissions``), service enabled (403 ``accessNotConfigured``), discovery
   validation (400), then the handler; an ``apply_write`` fault replaces the handler's
   response afterwards;
5. charging (see :mod:`ytemu.quota`) and the request log.
"""

from __future__ import annotations

import sys
import time
import traceback
import urllib.parse
from dataclasses import dataclass

from ytemu import errors
from ytemu.discovery import validate_query
from ytemu.errors import ApiError
from ytemu.faults import FaultDecision, FaultRule
from ytemu.model import LogEntry
from ytemu.partial import apply_fields, parse_fields
from ytemu.quota import charge, is_write
from ytemu.router import Identity, RequestContext, Response, Route, Router
from ytemu.world import World


@dataclass
class Outcome:
    """A response to send, or (``response is None``) a connection to drop."""

    response: Response | None
    hang_seconds: float = 0.0
    graceful: bool = False


def grpc_method(api_method: str) -> str:
    """``youtube.playlistItems.insert`` -> ``youtube.api.v3.V3DataPlaylistItemService.Insert``."""
    parts = api_method.split(".")
    if len(parts) < 3:
        return api_method
    resource = parts[-2]
    singular = resource[:-1] if resource.endswith("s") else resource
    return f"{parts[0]}.api.v3.V3Data{singular[:1].upper()}{singular[1:]}Service." + (
        parts[-1][:1].upper() + parts[-1][1:]
    )


def fault_error(rule: FaultRule, project_number: str) -> ApiError:
    status = rule.status
    reason = rule.reason
    if status == 429:
        return errors.resource_exhausted(project_number)
    if status == 403 and reason in ("rateLimitExceeded", "userRateLimitExceeded"):
        return errors.rate_limit_legacy(reason)
    if status == 403 and reason == "quotaExceeded":
        return errors.quota_exceeded()
    if status == 409 and reason in (None, "ABORTED", "SERVICE_UNAVAILABLE", "aborted"):
        return errors.aborted()
    if status == 500 and reason in (None, "backendError", "INTERNAL"):
        return errors.backend_error()
    if status == 503 and reason in (None, "backendError", "UNAVAILABLE", "serviceUnavailable"):
        return errors.service_unavailable()
    if status == 401:
        return errors.auth_error()
    if status == 403 and reason == "forbidden":
        return errors.access_forbidden()
    if status == 403 and reason == "playlistItemsNotAccessible":
        return errors.playlist_items_not_accessible()
    return errors.generic(status, reason or "error")


def _bearer(ctx: RequestContext) -> str | None:
    """The access token a request carries (header, or ``access_token``/``oauth_token``)."""
    auth = ctx.headers.get("authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
    return token or ctx.param("access_token") or ctx.param("oauth_token")


class Dispatcher:
    def __init__(self, world: World, router: Router) -> None:
        self.world = world
        self.router = router
        self.base_url = ""

    # --- entry point --------------------------------------------------------------------

    def dispatch(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Outcome:
        split = urllib.parse.urlsplit(raw_path)
        path = urllib.parse.unquote(split.path)
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        world = self.world
        ctx = RequestContext(method.upper(), path, query, headers, body, world)
        ctx.base_url = self.base_url
        ctx.dispatcher = self
        found = self.router.match(method, path)
        if found is None:
            with world.lock:
                world.log_request(LogEntry(world.now(), "unknown", None, None, 404, "notFound", 0))
            return Outcome(Response.from_error(errors.no_route()))
        route, ctx.path_params = found
        ctx.route = route
        if route.passthrough:
            return Outcome(self._call(route, ctx))
        if route.admin:
            with world.lock:
                world.dirty = True
                return Outcome(self._call(route, ctx))
        with world.lock:
            global_latency = world.settings.latency_ms
        if global_latency > 0:
            time.sleep(global_latency / 1000)
        with world.lock:
            try:
                self._authenticate(ctx, route)
            except ApiError as err:
                resp = Response.from_error(err)
                owner = self._token_project(ctx)
                units = self._meter(route, owner, resp.status, resp.reason)
                self._log(ctx, route, owner, resp.status, resp.reason, units, False)
                return Outcome(resp)
            project = self._project_of(ctx)
            decision = world.faults.decide(route.api_method, project, ctx.playlist_id())
        if decision.latency_ms > 0:
            time.sleep(decision.latency_ms / 1000)
        with world.lock:
            world.dirty = True
            return self._run(ctx, route, project, decision)

    # --- pipeline -----------------------------------------------------------------------

    def _run(
        self, ctx: RequestContext, route: Route, project: str | None, decision: FaultDecision
    ) -> Outcome:
        world = self.world
        proj = world.projects.get(project) if project else None
        number = proj.number if proj else "0"
        metered = route.cost is not None and proj is not None
        day = world.today()
        terminal = decision.terminal
        outcome: Outcome | None = None
        try:
            if (
                metered
                and proj is not None
                and route.cost is not None
                and world.quota.used(proj.id, day) + route.cost > proj.daily_quota
            ):
                raise errors.quota_exceeded()
            if terminal is not None and not terminal.apply_write:
                outcome = self._fault_outcome(terminal, number)
            else:
                self._precheck(ctx, route, proj, metered)
                if route.discovery is not None and ctx.param("fields"):
                    parse_fields(ctx.param("fields") or "")
                outcome = Outcome(self._call(route, ctx))
                self._partial(ctx, route, outcome.response)
                if terminal is not None:
                    outcome = self._fault_outcome(terminal, number)
        except ApiError as err:
            outcome = Outcome(Response.from_error(err))
        resp = outcome.response
        status = resp.status if resp is not None else 0
        if resp is not None:
            reason = resp.reason
        else:
            reason = "connectionHung" if outcome.hang_seconds else "connectionDropped"
        units = self._meter(route, project, status, reason) if metered else 0
        self._log(ctx, route, project, status, reason, units, terminal is not None)
        return outcome

    def _meter(self, route: Route, project: str | None, status: int, reason: str | None) -> int:
        """Charge ``project`` for one answered request (the rule is in :mod:`ytemu.quota`)."""
        world = self.world
        if route.cost is None or project is None or project not in world.projects:
            return 0
        units = charge(route.cost, status, reason)
        world.quota.add(project, world.today(), route.api_method, units)
        return units

    def _precheck(self, ctx: RequestContext, route: Route, proj: object, metered: bool) -> None:
        world = self.world
        ident = ctx.ident
        if metered and ident is not None and is_write(route.api_method):
            project = world.projects[ident.project]
            limit = project.writes_per_minute
            if limit is not None:
                minute = int(world.now() // 60)
                if world.quota.writes_in_minute(project.id, minute) >= limit:
                    raise errors.resource_exhausted(
                        project.number,
                        metric="Write Queries",
                        limit_name="Write Queries per minute",
                        quota_limit="defaultWritesPerMinutePerProject",
                        limit_value=limit,
                    )
                world.quota.count_write(project.id, minute)
        if route.scopes is not None and ident is not None and not ident.has_any_scope(route.scopes):
            raise errors.insufficient_permissions(grpc_method(route.api_method))
        if metered and ident is not None:
            project = world.projects[ident.project]
            if "youtube.googleapis.com" not in project.enabled_services:
                raise errors.access_not_configured(project.number)
        if route.discovery is not None:
            validate_query(route.discovery, route.api_method, ctx.query)

    def _partial(self, ctx: RequestContext, route: Route, resp: Response | None) -> None:
        spec = ctx.param("fields")
        if not spec or route.discovery is None or resp is None:
            return
        if 200 <= resp.status < 300 and resp.body:
            resp.body = apply_fields(spec, resp.body)

    def _call(self, route: Route, ctx: RequestContext) -> Response:
        try:
            resp = route.handler(ctx)
        except ApiError as err:
            return Response.from_error(err)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return Response.from_error(errors.backend_error())
        if resp.status >= 400 and resp.reason is None:
            resp.reason = f"http{resp.status}"
        return resp

    def _fault_outcome(self, rule: FaultRule, project_number: str) -> Outcome:
        if rule.action == "drop":
            return Outcome(None, graceful=rule.graceful)
        if rule.action == "hang":
            return Outcome(None, hang_seconds=max(rule.hang_seconds, 0.001), graceful=rule.graceful)
        return Outcome(Response.from_error(fault_error(rule, project_number)))

    # --- auth ---------------------------------------------------------------------------

    def _authenticate(self, ctx: RequestContext, route: Route) -> None:
        if route.auth == "none":
            return
        token = _bearer(ctx)
        if not token:
            if route.auth == "required":
                raise errors.login_required()
            return
        ctx.ident = self.identity_for(token)

    def identity_for(self, token: str) -> Identity:
        """Resolve an access token (caller holds the lock); 401 authError if invalid."""
        world = self.world
        record = world.access_tokens.get(token)
        if record is None or record.revoked or record.expires_at <= world.now():
            raise errors.auth_error()
        client = world.clients.get(record.client_id)
        if client is None or client.deleted:
            raise errors.auth_error()
        if record.refresh_token:
            parent = world.refresh_tokens.get(record.refresh_token)
            if parent is not None and parent.revoked:
                raise errors.auth_error()
        return Identity(
            token, client.client_id, client.project, record.channel_id, tuple(record.scopes)
        )

    def _token_project(self, ctx: RequestContext) -> str | None:
        """The project of the OAuth client a refused (expired, revoked) token was issued
        to: Google bills a 401 to the calling project; a token never issued names none."""
        token = _bearer(ctx) or ""
        record = self.world.access_tokens.get(token)
        client_id = record.client_id if record is not None else self.world.retired_tokens.get(token)
        client = self.world.clients.get(client_id or "")
        return client.project if client is not None else None

    def _project_of(self, ctx: RequestContext) -> str | None:
        if ctx.ident is not None:
            return ctx.ident.project
        client_id = ctx.param("client_id")
        if client_id is None and ctx.method == "POST":
            ctype = ctx.headers.get("content-type", "")
            if "x-www-form-urlencoded" in ctype:
                client_id = ctx.form().get("client_id")
        client = self.world.clients.get(client_id) if client_id else None
        return client.project if client else None

    def _log(
        self,
        ctx: RequestContext,
        route: Route,
        project: str | None,
        status: int,
        reason: str | None,
        units: int,
        injected: bool,
    ) -> None:
        world = self.world
        entry = LogEntry(
            time=world.now(),
            method=route.api_method,
            project=project,
            client_id=ctx.ident.client_id if ctx.ident else None,
            status=status,
            reason=reason,
            cost=units,
            injected=injected,
            playlist_id=ctx.playlist_id(),
        )
        world.log_request(entry)
