"""Who reads youtube.com through yt-dlp, and what else its pages show: browser cookies,
the bot check and channel memberships (``session``), a channel's Playlists tab
(``channel``), their routes (``routes``) and the admin client's hooks (``admin``)."""
