"""Copying videos into the user's playlists: `plan` (pure), `execute` (journaled
writes), `dedup` (finding the target), `target` (the one plan -> execute -> reconcile
flow), and the use cases built on it (`playlists`, `merge`, `split`)."""
