"""Reading playlists: via the Data API (costs units; private and own playlists) or
via yt-dlp (free; public playlists and channel tabs), behind one interface."""
