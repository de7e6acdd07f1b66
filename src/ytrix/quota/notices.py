"""What the pool tells the user when it cannot go on, or switches projects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ytrix.auth.tokens import dead_token_hint
from ytrix.core import clock
from ytrix.core.errors import AuthNeeded
from ytrix.youtube.errors import ProjectAuthDead, QuotaExhausted

if TYPE_CHECKING:
    from ytrix.auth.tokens import TokenChannel, TokenStore
    from ytrix.quota.ledger import Ledger

WRONG_CHANNEL = "wrong channel"


def wrong_channel_fix(name: str) -> str:
    return (
        f"Re-run `ytrix projects_auth {name}` and pick the right channel on Google's "
        "account chooser."
    )


def wrong_channel_notice(name: str, channel: TokenChannel, expected: str) -> str:
    return (
        f"Project {name} is authorized for channel {channel.label()}, not this profile's "
        f"channel {expected}: it is not used. {wrong_channel_fix(name)}"
    )


def nothing_left_error(
    pin: str | None, ledger: Ledger, tokens: TokenStore, reasons: dict[str, str]
) -> Exception:
    now = ledger.clock.now()  # the run's clock, which the ledger carries
    reset_at = clock.next_reset(now)
    resets_in = clock.format_duration(clock.seconds_until_reset(now))
    quota_blocked = [n for n, r in reasons.items() if "quota" in r or "units left" in r]
    if pin is not None:
        reason = reasons[pin]
        if quota_blocked:
            return QuotaExhausted(
                f"Project {pin} quota exhausted (reset in {resets_in}); "
                "--project pins it, so ytrix does not switch to another project",
                "Wait for the reset, or drop --project to rotate across your projects.",
                reset_at,
                pin,
                now,
            )
        return auth_error(ledger, tokens, pin, reason)
    wrong = [n for n, r in reasons.items() if r == WRONG_CHANNEL]
    if quota_blocked:
        ledger.record_rotation(None, None, "all projects exhausted", now)
        return QuotaExhausted(
            f"All project quotas exhausted (reset in {resets_in})",
            "Wait until 00:00 Pacific, or add projects (`ytrix gcp_clone`, "
            "`ytrix projects_add`). Batches resume with --resume.",
            reset_at,
            None,
            now,
        )
    names = ", ".join(f"{n} ({r})" for n, r in reasons.items())
    only = next(iter(reasons)) if len(reasons) == 1 else None
    hint = (
        f"Run `ytrix projects_auth {only}`."
        if only
        else "Run `ytrix projects_auth` (it authorizes every project that needs it); "
        "`ytrix projects --check` shows what is wrong with each."
    )
    if wrong:
        hint = " ".join(wrong_channel_fix(n) for n in wrong) + (
            "" if len(wrong) == len(reasons) else " " + hint
        )
    return AuthNeeded(f"No project can be used: {names}", hint, project=only)


def auth_error(ledger: Ledger, tokens: TokenStore, name: str, reason: str) -> AuthNeeded:
    if reason == WRONG_CHANNEL:
        channel = tokens.channel(name)
        where = channel.label() if channel is not None else "another channel"
        return AuthNeeded(
            f"Project {name} is authorized for channel {where}, not this profile's channel",
            wrong_channel_fix(name),
            project=name,
        )
    if reason == "not authenticated":
        return AuthNeeded(
            f"Project {name} is not authenticated",
            f"Run `ytrix projects_auth {name}`.",
            project=name,
        )
    detail = ledger.auth_dead(name, tokens.fingerprint(name)) or reason
    issued = tokens.issued_at(name)
    return ProjectAuthDead(
        f"Project {name}: credentials no longer valid ({detail})",
        dead_token_hint(name, issued, ledger.clock.now()),
        project=name,
    )


def describe_switch(why: str) -> str:
    if why == "quota exhausted":
        return "quota exhausted"
    if why.startswith("only "):
        return f"has {why}"
    return why


def refresh_detail(exc: Exception) -> str:
    args = exc.args
    if len(args) >= 2 and isinstance(args[1], dict):
        error = args[1].get("error", "")
        description = args[1].get("error_description", "")
        return f"{error}: {description}".strip(": ")
    return str(args[0]) if args else type(exc).__name__
