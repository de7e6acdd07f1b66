"""Helpers shared by the test modules (tests import these, never a conftest); the
fixture modules among them are registered in tests/conftest.py."""
