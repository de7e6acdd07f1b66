"""Retries do not sleep (an autouse fixture of tests/helpers)."""

from tests.helpers.backoff import fast_backoff  # noqa: F401 (an autouse fixture)
