"""ytemu: an offline emulator of the YouTube Data API v3 and Google OAuth.

Independent oracle for ytrix's tests: it never imports ``ytrix``.
"""

__version__ = "0.1.0"
