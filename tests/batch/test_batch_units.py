"""Pure pieces of the batch: the file parser, the summary line, the countdown, the
journal's schema migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.helpers.clock import state_store
from ytrix.batch.report import summary_line
from ytrix.batch.store import BatchJournal, NewTask
from ytrix.cli.views.batch import hms
from ytrix.core.errors import UsageError
from ytrix.sources.listfile import read_list_file, repeat_sentences
from ytrix.sources.listfile import read_list_file as parse_source_file
from ytrix.storage.migrations import BATCHES

A = "PL" + "a" * 32
B = "PL" + "b" * 32


def test_file_comments_urls_and_repeats(tmp_path: Path) -> None:
    file = tmp_path / "f.txt"
    file.write_text(
        f"\ufeff# header\n\n{A}\n  https://www.youtube.com/playlist?list={B}  # b\n"
        f"https://youtube.com/watch?v=xxxxxxxxxxx&list={A}\n"
    )
    parsed = read_list_file(file)
    assert [(s.line, s.ref.playlist_id) for s in parsed.sources] == [(3, A), (4, B)]
    assert [(r.line, r.first_line) for r in parsed.repeats] == [(5, 3)]
    assert repeat_sentences(parsed.repeats) == [
        f"Line 5 lists the same playlist as line 3 ({A}): copied once"
    ]


def test_repeats_are_told_once_with_a_count(tmp_path: Path) -> None:
    file = tmp_path / "f.txt"
    file.write_text(f"{A}\n" * 5000 + f"{B}\n{B}\n")
    parsed = parse_source_file(file)
    assert len(parsed.repeats) == 5000  # every line is still known (the JSON lists them)
    assert repeat_sentences(parsed.repeats) == [
        f"4,999 lines (2, 3, 4 and 4,996 more) list the same playlist as line 1 ({A}): copied once",
        f"Line 5002 lists the same playlist as line 5001 ({B}): copied once",
    ]
    many = "".join(f"PL{n:032d}\nPL{n:032d}\n" for n in range(8))
    file.write_text(many)
    sentences = repeat_sentences(parse_source_file(file).repeats)
    assert len(sentences) == 6
    assert sentences[-1] == "3 more playlists are listed more than once: each copied once"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (f"{A}\nnot a playlist\n", "line 2: not a playlist URL or ID: 'not a playlist'"),
        ("# only comments\n", "lists no playlists"),
        (b"\xff\xfe\n", "line 1: not UTF-8 text"),
    ],
)
def test_file_errors_name_the_file_and_line(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    file = tmp_path / "bad.txt"
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        file.write_text(content)
    with pytest.raises(UsageError) as info:
        read_list_file(file)
    assert str(file) in info.value.message and message in info.value.message


def test_summary_line() -> None:
    assert summary_line({"completed": 5, "failed": 2}) == "5 playlists copied, 2 failed"
    assert summary_line({"completed": 1}) == "1 playlist copied"
    assert (
        summary_line({"completed": 3, "skipped": 1, "pending": 2, "paused": 1})
        == "3 playlists copied, 1 skipped, 3 left"
    )


def test_countdown_format() -> None:
    assert hms(5 * 3600 + 29 * 60 + 59.2) == "5h 30m 00s"
    assert hms(61) == "1m 01s"


def test_journal_adds_new_columns_to_an_old_table(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    conn = sqlite3.connect(path)
    # The first schema, before the added columns and before named migrations.
    conn.executescript(BATCHES.format(id="", rowid="", real="REAL"))
    conn.close()
    journal = BatchJournal(state_store(path))
    batch_id = journal.create(tmp_path / "f.txt", "hash", {}, [NewTask(A, 3, "copy:x")])
    [task] = journal.tasks(batch_id)
    assert (task.line, task.job, task.attempts) == (3, "copy:x", 0)
    journal.close()
