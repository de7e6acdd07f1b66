"""The user's Google Cloud projects as ytrix sees them: `add` (projects_add) and
`health` (token and API checks for `projects --check`)."""
