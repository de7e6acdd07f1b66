"""Which batch a `plists2mlists` command means: the file is parsed and checked first,
then `--resume` / `--batch ID` find the batch (by path, or by content when another
machine sharing the state started it), and a finished one is recognised so a nightly
`--resume` stays green. Every refusal is exit 2; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ytrix.batch.store import BATCH_COMPLETED, Batch, BatchJournal
from ytrix.batch.task import BatchOptions
from ytrix.core.errors import UsageError
from ytrix.sources.listfile import SourceFile, read_list_file
from ytrix.storage import open_state
from ytrix.youtube.models import Privacy

if TYPE_CHECKING:
    from ytrix.core.clock import Clock
    from ytrix.core.notify import Notices
    from ytrix.core.paths import Paths


@dataclass(frozen=True)
class BatchRequest:
    file: Path | None
    batch_id: str | None = None
    resume: bool = False
    dry_run: bool = False
    jobs: int = 1
    wait: bool = False
    privacy: Privacy | None = None
    dedup: bool | None = None
    source: str | None = None
    user: str | None = None  # the --user profile, for the resume command


@dataclass(frozen=True)
class Selection:
    source_file: SourceFile
    options: BatchOptions
    batch: Batch | None = None  # the batch to resume (None: a new one)
    superseded: Batch | None = None  # an unfinished batch a new one replaces
    complete: bool = False  # --resume of a batch that already finished: nothing to run

    @property
    def file_arg(self) -> str:
        return str(self.source_file.path)


def _options(request: BatchRequest, stored: BatchOptions | None, notices: Notices) -> BatchOptions:
    base = stored or BatchOptions()
    wanted = {
        k: v
        for k, v in (
            ("privacy", request.privacy),
            ("dedup", request.dedup),
            ("source", request.source),
        )
        if v is not None
    }
    if stored is None:
        return replace(base, **wanted)  # type: ignore[arg-type]
    changed = {k: v for k, v in wanted.items() if getattr(stored, k) != v and k != "source"}
    if changed:
        names = ", ".join(f"--{k}" for k in changed)
        notices.warn(f"Resuming keeps the batch's own options; ignoring {names}.")
    return replace(base, source=request.source or base.source)


def select(paths: Paths, clock: Clock, request: BatchRequest, notices: Notices) -> Selection:
    """Parse the file and pick the batch to run; every refusal is exit 2. The file is
    checked before the journal is even opened."""
    if request.batch_id is None and request.file is None:
        raise UsageError("Missing FILE", "Give the file of playlists, or --batch ID.")
    parsed = read_list_file(request.file) if request.file is not None else None
    journal = BatchJournal(open_state(paths, clock))
    try:
        return _select(journal, request, parsed, notices)
    finally:
        journal.close()


def _select(
    journal: BatchJournal, request: BatchRequest, parsed: SourceFile | None, notices: Notices
) -> Selection:
    if request.batch_id is not None:
        batch = journal.get(request.batch_id)
        if batch is None:
            raise UsageError(
                f"No batch {request.batch_id}", "`ytrix journal_status` lists the batches."
            )
        if request.file is not None and not _same_file(request.file, parsed, batch):
            raise UsageError(
                f"Batch {batch.batch_id} was started from {batch.file}, not {request.file}",
                "Give the batch's own file, or leave FILE out with --batch.",
            )
        source_file = parsed or read_list_file(Path(batch.file))
    else:
        assert request.file is not None and parsed is not None
        source_file = parsed
        batch = None
        if request.resume:
            batch = journal.latest(request.file, unfinished=True) or _same_content(
                journal, parsed.digest
            )
            last = journal.latest(request.file)
            if batch is None and last is not None and last.state == BATCH_COMPLETED:
                batch = last  # a nightly `--resume` after the batch finished: exit 0
            if batch is None:
                note = f" (batch {last.batch_id} is {last.state})" if last else ""
                raise UsageError(
                    f"No unfinished batch for {request.file}{note}",
                    f"Start one with `ytrix plists2mlists {request.file}` (without --resume).",
                )
    if batch is not None:
        if batch.state == BATCH_COMPLETED and source_file.digest == batch.file_hash:
            stored = BatchOptions.from_json(batch.options)
            return Selection(
                source_file, _options(request, stored, notices), batch=batch, complete=True
            )
        if not batch.unfinished:
            raise UsageError(
                f"Batch {batch.batch_id} is {batch.state}; there is nothing to resume",
                f"Start a new batch with `ytrix plists2mlists {source_file.path}`.",
            )
        if source_file.digest != batch.file_hash:
            raise UsageError(
                f"{source_file.path} changed since batch {batch.batch_id} started "
                f"({batch.created_at}); --resume needs the same file",
                "Restore the file, or start a new batch from the edited file with "
                f"`ytrix plists2mlists {source_file.path}` (playlists already copied are "
                "found and not copied again).",
            )
        stored = BatchOptions.from_json(batch.options)
        return Selection(source_file, _options(request, stored, notices), batch=batch)
    superseded = journal.latest(source_file.path, unfinished=True)
    return Selection(source_file, _options(request, None, notices), superseded=superseded)


def _same_file(file: Path, parsed: SourceFile | None, batch: Batch) -> bool:
    """The batch's file: the same path, or (on another machine sharing the state
    through PostgreSQL) a file with the same content."""
    if str(file.resolve()) == batch.file:
        return True
    return parsed is not None and parsed.digest == batch.file_hash


def _same_content(journal: BatchJournal, digest: str) -> Batch | None:
    """The latest unfinished batch started from a file with this content, wherever
    it was (another machine's path)."""
    found = [b for b in journal.all() if b.file_hash == digest and b.unfinished]
    return found[-1] if found else None
