"""What the pool does after one failed attempt of a call: rotate to another project,
back off and try again, or raise. The pool classifies each failure (and charges and
records it); this small table decides, counting the attempts of one call.

- quota refused: rotate (the project is marked exhausted until 00:00 Pacific);
- credentials dead: rotate (the project is marked dead until re-authorized);
- rate limited: back off, doubling; from the third in a row on one project, move to
  another usable project if there is one; the eighth in a call raises (with a hint);
- transient (a 5xx with no write in doubt, the token endpoint down, a request that
  never left): back off, at most four times, then raise;
- anything else, and every ambiguous write: raise (the journal reconciles it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RATE_LIMITS_BEFORE_SWITCH = 3
MAX_RATE_LIMIT_RETRIES = 8
MAX_TRANSIENT_RETRIES = 4

Failure = Literal["quota", "dead", "rate_limited", "transient", "final"]


@dataclass(frozen=True)
class Step:
    action: Literal["rotate", "back_off", "raise"]
    reason: str = ""  # rotate: why, as the user is told
    attempt: int = 0  # back_off: the how-many-th (the delay doubles)
    if_free: bool = False  # rotate only when another project is usable; else back off


@dataclass
class Attempts:
    """The failed attempts of one call so far."""

    rate_limited: int = 0
    rate_limited_here: int = 0  # on the project in use
    transient: int = 0

    def after(self, failure: Failure) -> Step:
        if failure == "quota":
            return Step("rotate", "quota exhausted")
        if failure == "dead":
            return Step("rotate", "credentials no longer valid")
        if failure == "rate_limited":
            self.rate_limited += 1
            self.rate_limited_here += 1
            if self.rate_limited >= MAX_RATE_LIMIT_RETRIES:
                return Step("raise")
            if self.rate_limited_here >= RATE_LIMITS_BEFORE_SWITCH:
                return Step("rotate", "rate limited", self.rate_limited, if_free=True)
            return Step("back_off", attempt=self.rate_limited)
        if failure == "transient" and self.transient < MAX_TRANSIENT_RETRIES:
            self.transient += 1
            return Step("back_off", attempt=self.transient)
        return Step("raise")

    def switched(self) -> None:
        """Another project took over: its rate limits count from zero."""
        self.rate_limited_here = 0
