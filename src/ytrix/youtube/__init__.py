"""The YouTube Data API: the typed gateway, the cost table, the error taxonomy."""
