"""Use cases (copy, merge, split, batch, dedup, yamlsync, info): plans and their
execution, no CLI code."""
