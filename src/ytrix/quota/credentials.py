"""Dead-credential marks. A project whose token Google refused (invalid_grant, a 401
after a refresh) stays out of rotation -- until its token file changes, so a fixed or
re-authorized token is healthy again on the next run without any command."""

from __future__ import annotations

from datetime import datetime

from ytrix.auth.tokens import TokenStore
from ytrix.quota.ledger import Ledger


class DeadCredentials:
    def __init__(self, ledger: Ledger, tokens: TokenStore):
        self.ledger = ledger
        self.tokens = tokens

    def reason(self, name: str) -> str | None:
        """Why a project's credentials are dead, unless its token file changed since."""
        return self.ledger.auth_dead(name, self.tokens.fingerprint(name))

    def mark(self, name: str, at: datetime, detail: str) -> None:
        self.ledger.mark_auth_dead(name, at, detail, self.tokens.fingerprint(name))
