"""YAML round-trip of the user's playlists: export, validate, plan, apply.

- `spec`: the file format and its validation (every problem with its line);
- `diff`: pure planning of item writes (LCS: the fewest moves) and the position rules;
- `plan`: reads the live state and plans each entry (metadata, create, delete, items);
- `apply`: runs a plan through the pool and the write journal (exactly once, resumable);
- `export`: writes the file (`mlists2yaml`, `mlist2yaml`).
"""
