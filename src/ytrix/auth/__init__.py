"""OAuth: token files per project (atomic, 0600), refresh, and the consent flow."""
