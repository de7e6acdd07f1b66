"""Google OAuth 2.0: the consent screen and token endpoints (``routes``) and the token
records they mint and revoke (``tokens``)."""
