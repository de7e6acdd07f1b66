"""Keeping copies up to date and curating own playlists in place: mirrors, sync,
dedup and sort, diff, and export for spreadsheets."""
