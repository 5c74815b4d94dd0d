"""Index snapshots on disk, one file per entity and model, each carrying the change-log
cursor it is consistent with in its header (``matcher.index.snapshot_file``): there is no
second file a crash could leave out of step. An unusable file counts as no snapshot and the
index is rebuilt from stored embeddings rather than trusted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import anyio
import numpy as np

from matcher.index import IndexConfig, SnapshotCursor, SnapshotUnusable, VectorIndex
from matcher.index.snapshot_file import read_header
from matcher.storage.embeddings import ChangeCursor, Entity


def snapshot_path(directory: Path, entity: Entity, model_id: str) -> Path:
    """Where the snapshot of ``entity`` vectors for ``model_id`` lives."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model_id)
    plural = {"worker": "workers", "vacancy": "vacancies"}[entity]
    return directory / f"{plural}-{safe}.faiss"


def _legacy_sidecar(path: Path) -> Path:
    """Where format version 1 kept the cursor; removed when a snapshot is saved or dropped."""
    return path.with_suffix(".cursor.json")


def save_snapshot(index: VectorIndex, path: Path, cursor: ChangeCursor) -> None:
    """Write the index with its cursor atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    index.save(path, SnapshotCursor(cursor.seq, cursor.xmin))
    _legacy_sidecar(path).unlink(missing_ok=True)


def load_snapshot(
    path: Path, model_id: str, config: IndexConfig | None = None
) -> tuple[VectorIndex, ChangeCursor]:
    """The snapshot and its cursor; ``SnapshotUnusable`` when it is missing or damaged, or
    (with ``config``) was built with other index settings: a changed
    ``MATCHER_INDEX_STORAGE`` or threshold must take effect, not be overridden by the file."""
    index, cursor = VectorIndex.load(path, model_id)
    if config is not None and index.config != config:
        raise SnapshotUnusable(
            "config", f"{path.name} was built with {index.config}, the settings ask for {config}"
        )
    return index, ChangeCursor(cursor.seq, cursor.xmin)


# ---------------------------------------------------------------------------------------------
# Erasure and retention (docs/privacy.md): rewriting snapshot files without erased objects.
# Added by the consent/privacy work (issue 20); nothing above calls it.


@dataclass(frozen=True, slots=True)
class ScrubReport:
    """What a scrub did to the snapshot files of one entity."""

    rewritten: int = 0
    invalidated: int = 0
    dropped_ids: int = 0


def _snapshot_model_id(path: Path) -> str | None:
    """The model id a snapshot's header names (``None`` when the header is unreadable)."""
    header = read_header(path)
    model_id = header.get("model_id") if header is not None else None
    return model_id if isinstance(model_id, str) else None


def _load_any_model(path: Path) -> tuple[VectorIndex, ChangeCursor]:
    model_id = _snapshot_model_id(path)
    if model_id is None:
        raise SnapshotUnusable("format", f"{path.name}: unreadable header")
    return load_snapshot(path, model_id)


def _invalidate(path: Path) -> None:
    path.unlink(missing_ok=True)
    _legacy_sidecar(path).unlink(missing_ok=True)


async def scrub_snapshot_files(
    directory: Path, entity: Entity, deleted: Callable[[list[int]], Awaitable[set[int]]]
) -> ScrubReport:
    """Rewrite every snapshot of ``entity`` (of any model) without the ids ``deleted`` says
    were deleted, and without tombstoned slots (a removed vector stays in a snapshot as a dead
    slot, id and vector included, until the index is rebuilt).

    A snapshot keeps its own cursor: dropping deleted objects from a snapshot consistent with
    cursor C leaves it consistent with C (replaying the deletes again is harmless), so the
    engine's start logic is unchanged. ``deleted`` is asked after the file was read, so it
    answers about everything the file holds. A file that cannot
    be read is deleted (invalidated): the engine rebuilds it from the database. If a server
    saves a newer snapshot meanwhile, either one wins whole (both writes are atomic and each file
    carries its own cursor).
    """
    plural = {"worker": "workers", "vacancy": "vacancies"}[entity]
    rewritten = invalidated = dropped = 0
    paths = await anyio.to_thread.run_sync(lambda: sorted(directory.glob(f"{plural}-*.faiss")))
    for path in paths:
        try:
            index, cursor = await anyio.to_thread.run_sync(_load_any_model, path)
        except SnapshotUnusable:
            await anyio.to_thread.run_sync(_invalidate, path)
            invalidated += 1
            continue
        ids = index.ids()
        gone = await deleted([int(i) for i in ids])
        stale = np.asarray(sorted(gone), dtype=np.int64)
        if not stale.size and not index.tombstones:
            continue

        def rewrite(index: VectorIndex = index, stale: np.ndarray = stale) -> None:
            index.remove(stale)
            index.rebuild()

        await anyio.to_thread.run_sync(rewrite)
        await anyio.to_thread.run_sync(save_snapshot, index, path, cursor)
        rewritten += 1
        dropped += int(stale.size)
    return ScrubReport(rewritten, invalidated, dropped)
