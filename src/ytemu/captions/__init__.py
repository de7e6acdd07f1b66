"""What yt-dlp sees: flat playlist and video info and caption downloads (``routes``),
the per-video caption tracks and scripted failures (``store``), the generated speech
and cues (``text``) and the caption file formats (``render``)."""
