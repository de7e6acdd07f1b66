"""The house rules a newcomer relies on, checked on the source tree itself: files split
by meaning (none over 400 lines, no `prefix_*.py` families), only the CLI writes to the
terminal, and the README's map names every package."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
MAX_LINES = 400
# Where writing to the terminal is the job: the CLI, and the logging handler that puts
# warnings on stderr. The OAuth flow sends the library's own prompt to stderr.
TERMINAL_WRITERS = ("ytrix/cli/", "ytrix/core/logsetup.py", "ytrix/auth/flow.py")
_WRITES = re.compile(r"\bprint\(|sys\.(stdout|stderr)\.write|rich\.(console|progress)")


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(SRC)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_folder_holds_a_family_of_prefixed_modules() -> None:
    families = []
    for folder in sorted({path.parent for path in _modules()}):
        prefixes = Counter(
            path.stem.split("_")[0] for path in folder.glob("*.py") if "_" in path.stem.strip("_")
        )
        families += [f"{folder.relative_to(SRC)}/{p}_*.py" for p, n in prefixes.items() if n >= 3]
    assert families == []


def test_only_the_cli_writes_to_the_terminal() -> None:
    writers = [
        f"{path.relative_to(SRC)}:{number}"
        for path in _modules()
        if path.is_relative_to(SRC / "ytrix")
        and not str(path.relative_to(SRC)).startswith(TERMINAL_WRITERS)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _WRITES.search(line.split("#")[0])
    ]
    assert writers == []


def test_the_readme_maps_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    packages = sorted(
        path.name for path in (SRC / "ytrix").iterdir() if (path / "__init__.py").exists()
    )
    unmapped = [name for name in packages if f"`src/ytrix/{name}/`" not in readme]
    assert unmapped == []
