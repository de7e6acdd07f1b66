"""The YouTube Data API v3 (``/youtube/v3/...``): the route table (``routes``), the
handlers by resource (``playlists``, ``items``, ``reads``), Google-shaped JSON
(``render``), the helpers they share (``common``), and the channel's limits that are
not quota: the cap on new playlists (``limits``), sort orders and manual sorting
(``sorting``), and the text YouTube accepts (``text``)."""
