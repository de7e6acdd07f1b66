"""Limits that belong to the YouTube channel, not to a Cloud project: the cap on new
playlists, the channel a token belongs to, and one writer per target. Rotating
projects never lifts them; ytrix plans around them."""
