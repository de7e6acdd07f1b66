"""Packaging metadata a user of pip or PyPI relies on (the wheel itself is built and
installed into a fresh venv by scripts/wheel_check.sh, a step of scripts/test.sh)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from ytrix import __version__

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_version_is_written_once() -> None:
    assert "version" not in PROJECT and PROJECT["dynamic"] == ["version"]
    assert metadata.version("ytrix") == __version__


def test_license_is_pep_639() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    # PEP 639: a license expression replaces the License :: classifiers
    assert not [c for c in PROJECT["classifiers"] if c.startswith("License ::")]


def test_index_metadata() -> None:
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(PROJECT["urls"])
    assert all(url.startswith("https://") for url in PROJECT["urls"].values())
    assert "youtube" in PROJECT["keywords"]
    assert "Typing :: Typed" in PROJECT["classifiers"]
    assert "Programming Language :: Python :: 3.11" in PROJECT["classifiers"]


def test_packages_are_typed() -> None:
    assert (ROOT / "src" / "ytrix" / "py.typed").is_file()
    assert (ROOT / "src" / "ytemu" / "py.typed").is_file()


def test_installed_code_does_not_import_pytest() -> None:
    """pytest is a dev tool: nothing under src/ may need it (the ytemu fixtures live
    in tests/helpers)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if re.search(r"^\s*(import|from)\s+pytest\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []
