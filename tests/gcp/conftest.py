"""The `cloud` fixture (tests/helpers/cloud.py)."""

from tests.helpers.cloud import cloud  # noqa: F401 (a fixture)
