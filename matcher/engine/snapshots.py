"""Index snapshots on disk, paired with the change-log cursor they are consistent with.

The FAISS snapshot records the sequence number it applied (its watermark); a small sidecar
records the full cursor (sequence and oldest running transaction). The sidecar is written after
the snapshot and names the watermark it belongs to, so a crash between the two writes leaves a
pair that does not match, which counts as no snapshot: the index is rebuilt from stored
embeddings rather than trusted.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from matcher.index import IndexConfig, SnapshotUnusable, VectorIndex
from matcher.storage.embeddings import ChangeCursor, Entity


def snapshot_path(directory: Path, entity: Entity, model_id: str) -> Path:
    """Where the snapshot of ``entity`` vectors for ``model_id`` lives."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model_id)
    plural = {"worker": "workers", "vacancy": "vacancies"}[entity]
    return directory / f"{plural}-{safe}.faiss"


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".cursor.json")


def save_snapshot(index: VectorIndex, path: Path, cursor: ChangeCursor) -> None:
    """Write the index atomically, then its cursor sidecar atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    index.save(path, cursor.seq)
    payload = json.dumps({"seq": cursor.seq, "xmin": cursor.xmin}).encode()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cursor-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, _sidecar(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_snapshot(
    path: Path, model_id: str, config: IndexConfig | None = None
) -> tuple[VectorIndex, ChangeCursor]:
    """The snapshot and its cursor; ``SnapshotUnusable`` when either is missing, they disagree,
    or (with ``config``) the snapshot was built with other index settings: a changed
    ``MATCHER_INDEX_STORAGE`` or threshold must take effect, not be overridden by the file."""
    index, watermark = VectorIndex.load(path, model_id)
    if config is not None and index.config != config:
        raise SnapshotUnusable(
            "config", f"{path.name} was built with {index.config}, the settings ask for {config}"
        )
    try:
        data = json.loads(_sidecar(path).read_text())
        cursor = ChangeCursor(int(data["seq"]), int(data["xmin"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SnapshotUnusable("cursor", f"cursor of {path.name} unreadable: {exc}") from exc
    if cursor.seq != watermark:
        raise SnapshotUnusable("cursor", f"cursor of {path.name} belongs to another snapshot")
    return index, cursor
