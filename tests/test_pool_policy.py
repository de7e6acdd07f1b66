"""The pool's policy after one failed attempt: rotate, back off or raise."""

from __future__ import annotations

from ytrix.quota.policy import (
    MAX_RATE_LIMIT_RETRIES,
    MAX_TRANSIENT_RETRIES,
    RATE_LIMITS_BEFORE_SWITCH,
    Attempts,
)


def test_quota_and_dead_credentials_rotate() -> None:
    attempts = Attempts()
    assert (attempts.after("quota").action, attempts.after("quota").reason) == (
        "rotate",
        "quota exhausted",
    )
    step = attempts.after("dead")
    assert (step.action, step.reason, step.if_free) == (
        "rotate",
        "credentials no longer valid",
        False,
    )


def test_rate_limits_back_off_then_move_then_raise() -> None:
    attempts = Attempts()
    steps = [attempts.after("rate_limited") for _ in range(RATE_LIMITS_BEFORE_SWITCH)]
    assert [s.action for s in steps[:-1]] == ["back_off"] * (RATE_LIMITS_BEFORE_SWITCH - 1)
    assert [s.attempt for s in steps[:-1]] == list(range(1, RATE_LIMITS_BEFORE_SWITCH))
    assert (steps[-1].action, steps[-1].if_free) == ("rotate", True)
    attempts.switched()  # another project took over: it gets its own run of back-offs
    assert attempts.after("rate_limited").action == "back_off"
    while attempts.rate_limited < MAX_RATE_LIMIT_RETRIES - 1:
        assert attempts.after("rate_limited").action != "raise"
    assert attempts.after("rate_limited").action == "raise"


def test_transient_failures_back_off_a_few_times_and_final_ones_raise() -> None:
    attempts = Attempts()
    delays = [attempts.after("transient") for _ in range(MAX_TRANSIENT_RETRIES)]
    assert [(s.action, s.attempt) for s in delays] == [
        ("back_off", n) for n in range(1, MAX_TRANSIENT_RETRIES + 1)
    ]
    assert attempts.after("transient").action == "raise"
    assert Attempts().after("final").action == "raise"
