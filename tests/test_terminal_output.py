"""What reaches a terminal: tables on a terminal never cut an ID; piped output is
tab-separated rows of whole values, like gh; text from YouTube never carries a raw
control character (an escape sequence would retitle the window or clear the screen,
a carriage return would overwrite the line)."""

from __future__ import annotations

import fcntl
import io
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

from rich.console import Console

from tests.clirunner import run_cli
from tests.helpers.playlists import own
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID, channel_id
from ytemu.testing import RunningEmulator
from ytrix.cli.console import printable
from ytrix.cli.views.tables import Column, show_table

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\r\x9b2JTitle\tend\n"


def run_in_terminal(*args: str, columns: int = 80) -> str:
    """Run ytrix with stdout on a pseudo-terminal `columns` wide; what it showed."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ytrix", *args], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_printable_escapes_every_control_character() -> None:
    assert printable(HOSTILE) == "\\x1b]0;pwned\\x07\\x1b[2J\\r\\x9b2JTitle\\tend\\n"
    assert printable("two\nlines\x1b", keep_newlines=True) == "two\nlines\\x1b"
    assert printable("Ünïcödé — fine") == "Ünïcödé — fine"


def test_a_table_on_a_narrow_terminal_never_cuts_an_id() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=60, color_system=None)
    long_id = "PL3KNs4vellAbCdEfGhIjKlMnOpQrStUvWx"
    rows = [[long_id, "A title long enough to need the room " * 3, "private"]]
    columns = [Column("id", whole=True), Column("title"), Column("privacy", whole=True)]
    show_table(console, columns, rows, "Your playlists")
    assert long_id in out.getvalue() and "…" not in out.getvalue()


def test_piped_rows_are_tab_separated_whole_values() -> None:
    out = io.StringIO()
    console = Console(file=out, width=20)  # not a terminal
    rows = [["PL" + "x" * 32, "a\ttab and [bold]markup[/]", ("available", "green")]]
    columns = [Column("id"), Column("title"), Column("bar", visual=True)]
    show_table(console, columns, rows, "ignored when piped")
    assert out.getvalue() == f"PL{'x' * 32}\ta\\ttab and [bold]markup[/]\n"


def test_ls_on_an_80_column_terminal_and_piped(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    hostile_id = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Evil\rTitle\x9b2J tail")
    shown = run_in_terminal("ls", "--count")
    for playlist in own(ytemu):
        assert playlist["id"] in shown  # whole, on one line, at 80 columns
    assert "┃" in shown or "│" in shown  # a table on a terminal
    assert "\x9b" not in shown and "Evil\rTitle" not in shown
    assert "Evil\\rTitle\\x9b2J" in shown

    piped = run_cli("ls")
    rows = {line.split("\t")[0]: line.split("\t") for line in piped.stdout.splitlines()}
    assert rows[hostile_id][1] == "Evil\\rTitle\\x9b2J tail"
    assert all(len(row) == 3 for row in rows.values())
    assert "\r" not in piped.stdout and "\x9b" not in piped.stdout


def test_copy_progress_and_report_escape_a_hostile_title(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10_000})
    videos = [v for v in ytemu.admin.playlist_video_ids(own(ytemu)[0]["id"])][:2]
    source = ytemu.admin.create_playlist(channel_id("chess"), "Mix\r\x9b2J", video_ids=videos)
    result = run_cli("plist2mlist", source, "--no-dedup")
    assert result.code == 0, result
    text = result.stdout + result.stderr
    assert "\r" not in text and "\x9b" not in text
    assert "Mix\\r\\x9b2J" in text
