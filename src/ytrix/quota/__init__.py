"""Quota: the persistent ledger, the project pool (selection, rotation), its status and notices."""
