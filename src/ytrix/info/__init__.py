"""plist2info / plists2info: subtitles, clean transcripts and metadata for playlists.

Modules: `languages` (which tracks), `subformats` (subtitle files -> cues),
`transcript` (cues -> Markdown), `naming` (file names), `records` and `writer`
(playlist.yaml, atomic files), `pacing` (delays, rate-limit backoff), `run` (the flow).
(plists2info's input), `run` (the flow).
"""
