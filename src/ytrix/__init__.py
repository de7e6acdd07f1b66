"""ytrix: curate YouTube playlists at scale, rotating quota across Google Cloud projects."""

__version__ = "0.1.0"
