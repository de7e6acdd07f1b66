"""Helpers shared by the tests: fixture modules (registered in tests/conftest.py)."""
