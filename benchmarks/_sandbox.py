"""Shared set-up for benchmarks: a ytemu on loopback and a ytrix home pointing at it."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fresh_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="ytrix-bench-")) / "home"
    os.environ["YTRIX_HOME"] = str(home)
    os.environ.setdefault("NO_COLOR", "1")
    return home
