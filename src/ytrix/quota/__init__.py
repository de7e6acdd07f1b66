"""Quota: the persistent ledger, the project pool (selection, rotation), the clock."""
