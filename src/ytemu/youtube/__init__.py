"""The YouTube Data API v3 (``/youtube/v3/...``): the route table (``routes``), the
handlers by resource (``playlists``, ``items``, ``reads``), Google-shaped JSON
(``render``) and the helpers they share (``common``)."""
