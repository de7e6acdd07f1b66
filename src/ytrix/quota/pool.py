"""The one door every Data API call goes through.

`Pool.call()` picks the project (pin, quota group, persisted active project, then
priority), checks the ledger before the call (will it fit in what is left minus the
reserve?), executes, charges the ledger for the attempt, classifies any error, and
rotates on quota exhaustion, dead credentials or persistent rate limits. When no
project can take the call it raises `QuotaExhausted` with the reset instant.

The spec's `ProjectManager` is this class: `current_project()`,
`rotate_on_quota_exceeded()`, `_check_quota_reset()` and `status_summary()` keep
those names.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ytrix.auth.tokens import TokenStore, dead_token_hint
from ytrix.core.clock import pacific_day
from ytrix.core.errors import AuthNeeded
from ytrix.core.notify import LoggedNotices, Notices
from ytrix.quota import notices, policy
from ytrix.quota.credentials import DeadCredentials
from ytrix.quota.identity import channel_limits
from ytrix.quota.policy import Attempts, Failure
from ytrix.quota.throttle import Throttle, backoff_scale
from ytrix.youtube.client import ClientCache
from ytrix.youtube.costs import WRITE_METHODS, charged_units, method_cost
from ytrix.youtube.errors import (
    ApiError,
    from_http_error,
    from_token_endpoint_error,
    from_transport_error,
    httplib2_error,
    transport_was_sent,
)

if TYPE_CHECKING:
    from ytrix.core.config import Profile, ProjectConfig
    from ytrix.core.paths import Paths
    from ytrix.quota.ledger import Ledger
    from ytrix.quota.status import ProjectStatus
    from ytrix.youtube.client import YouTubeClient


ACTIVE_KEY = "active_project"

RequestFactory = Callable[[Any], Any]  # service -> googleapiclient HttpRequest


class Pool:
    def __init__(
        self,
        profile: Profile,
        paths: Paths,
        ledger: Ledger,
        *,
        pin: str | None = None,
        group: str | None = None,
        throttle_ms: int | None = None,
        notices: Notices | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.profile = profile
        self.paths = paths
        self.clock = ledger.clock  # the run's (its state carries it): every charge reads it
        self.pin = pin
        self.group = group
        self.ledger = ledger
        self.before_first_write: Callable[[Pool], None] | None = None  # `[api] sync_usage`
        self.tokens = TokenStore(profile, paths, self.clock)
        self.dead = DeadCredentials(self.ledger, self.tokens)
        # what the run tells the user (the CLI's console); by default only logged
        self.notices = notices if notices is not None else LoggedNotices()
        notify = self.notify = self.notices.notice
        self.sleep = sleep
        self.throttle = Throttle(throttle_ms or 0, notify=notify)
        self._lock = threading.RLock()
        self.clients = ClientCache(profile, self.tokens)
        self.projects_used: set[str] = set()
        self.units_spent = 0
        self.last_project: str | None = None  # where the last call was charged
        self.batch_id: str | None = None  # tags recorded failures
        self.identity, self.creations = channel_limits(self, notify, self._settle)
        self.ledger.import_legacy_state(paths.legacy_quota_state, self.clock.now())
        self._check_quota_reset()

    def worker(self, batch_id: str | None = None) -> Pool:
        """A pool for another thread of the same job: same projects, pin, group,
        ledger, notices and throttle (one --throttle gap across all workers), with
        its own accounting of units and projects."""
        pool = Pool(
            self.profile,
            self.paths,
            self.ledger,
            pin=self.pin,
            group=self.group,
            notices=self.notices,
            sleep=self.sleep,
        )
        pool.throttle = self.throttle
        pool.batch_id = batch_id
        pool.identity.share(self.identity)
        pool.creations = self.creations
        pool.before_first_write = self.before_first_write
        return pool

    # -- selection ----------------------------------------------------------------
    @property
    def eligible(self) -> list[ProjectConfig]:
        """The projects this invocation may use, in preference order."""
        if self.pin is not None:
            return [self.profile.project(self.pin)]
        projects = [
            p for p in self.profile.projects if self.group is None or p.quota_group == self.group
        ]
        return sorted(projects, key=lambda p: p.priority)  # stable: config order breaks ties

    def current_project(self) -> ProjectConfig:
        """The persisted active project if eligible and usable, else the first usable."""
        eligible = self.eligible
        stored = self.ledger.get_setting(self._active_key())
        for project in eligible:
            if project.name == stored and self._unusable_reason(project, 0, False) is None:
                return project
        for project in eligible:
            if self._unusable_reason(project, 0, False) is None:
                return project
        return next((p for p in eligible if p.name == stored), eligible[0])

    def _active_key(self) -> str:
        return f"{ACTIVE_KEY}:{self.group}" if self.group else ACTIVE_KEY

    def select(self, name: str) -> ProjectConfig:
        """`projects_select`: persist the active project."""
        project = self.profile.project(name)
        self.ledger.set_setting(self._active_key(), project.name)
        return project

    def remaining(self, project: ProjectConfig, at: datetime) -> int:
        return project.daily_quota - self.ledger.used(project.name, pacific_day(at))

    def _unusable_reason(self, project: ProjectConfig, cost: int, write: bool) -> str | None:
        at = self.clock.now()
        if self.ledger.exhausted_until(project.name, at) is not None:
            return "quota exhausted"
        if self.dead.reason(project.name) is not None:
            return "credentials no longer valid"
        if not self.tokens.exists(project.name):
            return "not authenticated"
        if self.identity.wrong(project) is not None:
            return notices.WRONG_CHANNEL
        left = self.remaining(project, at) - (project.reserve if write else 0)
        if left < cost:
            return f"only {max(0, left)} units left today"
        return None

    def _pick(
        self, cost: int, write: bool, reason_hint: str | None = None, failed: str | None = None
    ) -> ProjectConfig:
        """`failed`: the project a call just failed on (leaving it is a rotation)."""
        with self._lock:
            stored = self.ledger.get_setting(self._active_key())
            active = self.current_project()
            if failed is not None:
                active = next((p for p in self.eligible if p.name == failed), active)
            eligible = self.eligible
            start = eligible.index(active) if active in eligible else 0
            ordered = eligible[start:] + eligible[:start]  # round-robin from the active one
            reasons: dict[str, str] = {}
            for project in ordered:
                reason = self._unusable_reason(project, cost, write)
                if reason is None:
                    if project.name != active.name:
                        why = reason_hint or reasons.get(active.name, "unavailable")
                        self._record_switch(active.name, project.name, why)
                    if project.name != stored:
                        self.ledger.set_setting(self._active_key(), project.name)
                    return project
                reasons[project.name] = reason
            raise notices.nothing_left_error(self.pin, self.ledger, self.tokens, reasons)

    def _record_switch(self, from_name: str, to_name: str, why: str) -> None:
        self.ledger.record_rotation(from_name, to_name, why, self.clock.now())
        self.notify(f"Project {from_name} {notices.describe_switch(why)} – switching to {to_name}")

    def rotate_on_quota_exceeded(self, project: ProjectConfig) -> None:
        """Mark a project exhausted until the next Pacific midnight (a later call
        picks the next project, round-robin)."""
        self.ledger.mark_exhausted(project.name, self.clock.now(), "quotaExceeded")

    def _check_quota_reset(self) -> list[str]:
        """Projects whose exhaustion ended at a Pacific midnight are simply eligible
        again (marks carry their expiry); report them so the user knows."""
        return self.ledger.clear_expired([p.name for p in self.eligible], self.clock.now())

    # -- execution ------------------------------------------------------------------
    def call(self, method: str, make_request: RequestFactory, *, cost: int | None = None) -> Any:
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        cost = method_cost(method) if cost is None else cost
        write = method in WRITE_METHODS
        if write and self.before_first_write is not None:
            hook, self.before_first_write = self.before_first_write, None
            hook(self)  # once per pool; the hook itself runs once per run
        attempts = Attempts()
        switch_reason: str | None = None
        failed_on: str | None = None  # the project the last attempt failed on
        while True:
            project = self._pick(cost, write, switch_reason, failed=failed_on)
            switch_reason = failed_on = None
            if self.identity.refused(project):
                switch_reason, failed_on = notices.WRONG_CHANNEL, project.name
                continue
            try:
                service = self.clients.get(project)
            except AuthNeeded as exc:  # unreadable token file: like a dead token
                self._mark_dead(project, exc.message)
                if self.pin is not None:
                    raise
                switch_reason, failed_on = attempts.after("dead").reason, project.name
                continue
            if write:
                self.throttle.wait_for_write()
            # Charged before sending, corrected after: a kill -9 while the request is
            # in flight leaves the ledger as the server charges a completed call. An
            # expired token is refreshed first, so no token round trip sits between
            # the reservation and the request. The reservation re-checks the limit
            # atomically: another process (or machine) may have spent the units
            # since _pick looked, and then the call goes elsewhere.
            at = self.clock.now()
            reserved: int | None = None
            answered = False  # YouTube answered with an error (recorded on the spot)
            error: ApiError
            failure: Failure
            try:
                service.refresh_if_expired()
                limit = project.daily_quota - (project.reserve if write else 0)
                if not self.ledger.reserve(project.name, method, cost, limit, at):
                    failed_on = project.name
                    continue
                reserved = cost
                service.take_unauthorized()
                response = make_request(service).execute(num_retries=0)
            except HttpError as exc:
                error, failure = self._http_failed(project, method, service, exc, reserved, at)
                answered = True
            except (RefreshError, TransportError) as exc:
                # The token could not be refreshed: the API request was never sent.
                self._settle(project, method, reserved, 0, at, sent=False)
                error, failure = self._token_failed(project, method, exc)
            except (OSError, httplib2_error()) as exc:
                sent = transport_was_sent(exc)
                error = from_transport_error(exc, method, project.name)
                units = charged_units(method, None, None, sent=sent)
                self._settle(project, method, reserved, units, at, sent=sent)
                failure = "final" if error.ambiguous else "transient"
            else:
                self._settle(project, method, reserved, cost, at)
                self._charge_resent(project, method, service, 200)
                self.throttle.on_success()
                self.clients.save_refreshed_token(project, service)
                return response
            step = attempts.after(failure)
            if step.action == "rotate" and not step.if_free:
                switch_reason, failed_on = step.reason, project.name
            elif step.action == "rotate" and self._switch_away(project, cost, write):
                attempts.switched()
            elif step.action != "raise":
                self._backoff(step.attempt, error if failure == "transient" else None)
            else:
                if failure == "rate_limited":
                    error.hint = (
                        "Still receiving 429 errors; re-run with `--throttle 500`, "
                        "or wait and resume later."
                    )
                if not answered:
                    self._record_failure(project, error)
                raise error from None

    def _http_failed(
        self,
        project: ProjectConfig,
        method: str,
        service: YouTubeClient,
        exc: Exception,
        reserved: int | None,
        at: datetime,
    ) -> tuple[ApiError, Failure]:
        """Charge and record an API error answer, and classify it."""
        error = from_http_error(exc, method, project.name)
        units = charged_units(method, error.status, error.reason)
        self._settle(project, method, reserved, units, at)
        self._charge_resent(project, method, service, error.status)
        self._record_failure(project, error)
        if error.is_creation_limit:  # the channel's: no project or retry helps
            return error, "final"
        if error.is_quota:
            self.rotate_on_quota_exceeded(project)
            return error, "quota"
        if error.is_rate_limit:
            self.throttle.on_rate_limit()
            return error, "rate_limited"
        if error.is_auth:
            self._mark_dead(project, "rejected access token (401)")
            return error, "dead"
        return error, "transient" if error.retryable and not error.ambiguous else "final"

    def _token_failed(
        self, project: ProjectConfig, method: str, exc: Exception
    ) -> tuple[ApiError, Failure]:
        """A refused refresh means dead credentials; a failing token endpoint (5xx,
        DNS, reset) sent nothing and is worth another try."""
        from google.auth.exceptions import RefreshError

        error = from_token_endpoint_error(exc, method, project.name)
        if isinstance(exc, RefreshError) and not exc.retryable:
            self._mark_dead(project, notices.refresh_detail(exc))
            if self.pin is not None:
                raise notices.auth_error(self.ledger, self.tokens, project.name, "dead") from None
            return error, "dead"
        return error, "transient"

    def _charge_resent(
        self, project: ProjectConfig, method: str, service: YouTubeClient, final_status: int | None
    ) -> None:
        """Charge the attempts google-auth answered 401 and resent with a refreshed
        token inside the one execute() (the last answer is settled already)."""
        resent = service.take_unauthorized() - (1 if final_status == 401 else 0)
        if resent > 0:
            units = charged_units(method, 401, None) * resent
            self.ledger.adjust(project.name, method, units, resent, self.clock.now())
            with self._lock:
                self.units_spent += units

    def _switch_away(self, project: ProjectConfig, cost: int, write: bool) -> bool:
        """After repeated rate limits, move to another usable project if there is one."""
        with self._lock:
            for other in self.eligible:
                if other.name != project.name and self._unusable_reason(other, cost, write) is None:
                    self._record_switch(project.name, other.name, "rate limited")
                    self.ledger.set_setting(self._active_key(), other.name)
                    return True
        return False

    def _backoff(self, attempt: int, retrying: ApiError | None = None) -> None:
        delay = min(32.0, 2 ** (attempt - 1)) * (0.5 + random.random() / 2) * backoff_scale()
        if retrying is not None:  # the four waits add up to ~9 s: never silent that long
            left = f"{attempt} of {policy.MAX_TRANSIENT_RETRIES}"
            self.notify(f"{retrying.message}; retrying in {delay:.1f} s ({left})…")
        self.sleep(delay)

    def _settle(
        self,
        project: ProjectConfig,
        method: str,
        reserved: int | None,
        units: int,
        at: datetime,
        *,
        sent: bool = True,
    ) -> None:
        """Bring the reservation (None: none was made) to what the outcome costs
        (the charging rule is in costs.py)."""
        self.ledger.settle(project.name, method, reserved, units, at, self.clock.now(), sent=sent)
        with self._lock:
            self.units_spent += units
            if sent:
                self.projects_used.add(project.name)
                self.last_project = project.name

    def _record_failure(self, project: ProjectConfig, error: ApiError) -> None:
        failure = (error.method, error.status, error.reason, error.message, self.clock.now())
        self.ledger.record_failure(project.name, *failure, batch_id=self.batch_id)

    def _mark_dead(self, project: ProjectConfig, detail: str) -> None:
        now = self.clock.now()
        self.dead.mark(project.name, now, detail)
        self.ledger.record_failure(project.name, "auth.refresh", None, "invalid_grant", detail, now)
        self.clients.drop(project)
        hint = dead_token_hint(project.name, self.tokens.issued_at(project.name), now)
        self.notify(f"Project {project.name}: credentials no longer valid ({detail}). {hint}")

    # -- reporting -------------------------------------------------------------------------
    def status_summary(self) -> list[ProjectStatus]:
        from ytrix.quota.status import project_statuses

        projects = (
            self.eligible
            if self.pin
            else sorted(self.profile.projects, key=lambda p: (p.quota_group, p.priority))
        )
        active, expected = self.current_project().name, self.identity.expected()
        return project_statuses(self.ledger, self.tokens, projects, active, expected)
