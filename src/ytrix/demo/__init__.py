"""`ytrix demo`: a sandbox home and a seeded ytemu to try ytrix without Google."""
