"""The snapshot file format of a vector index: one self-checking file per index.

Layout: ``MAGIC`` (8 bytes), the header length (8 bytes, little-endian), a JSON header, the
sections it names in order, and a SHA-256 of everything before it. The header carries the
change-log cursor the vectors are consistent with, so there is no second file that a crash
could leave out of step with the first: a file is usable whole or not at all.

Writes go to a temporary name in the same directory, are fsynced, then ``os.replace``d over the
target (and the directory fsynced): a crash leaves the old snapshot or the new one, never a mix.
Version 1 kept the cursor in a sidecar file; it is refused as ``format``, so the index is
rebuilt from the stored embeddings rather than trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from matcher.index.errors import SnapshotUnusable

__all__ = ["FORMAT_VERSION", "SnapshotCursor", "read_header", "read_snapshot", "write_snapshot"]

MAGIC = b"SSWVIDX1"
FORMAT_VERSION = 2
_DIGEST_BYTES = 32
_HEADER_LEN_BYTES = 8
_MAX_HEADER_BYTES = 1 << 20
_PREFIX = len(MAGIC) + _HEADER_LEN_BYTES


class SnapshotCursor(NamedTuple):
    """The change-log position a snapshot is consistent with: on start the engine replays the
    changes after ``seq`` and re-reads those of transactions still running at ``xmin``."""

    seq: int
    xmin: int


Section = bytes | memoryview


def write_snapshot(
    target: Path,
    header: dict[str, Any],
    cursor: SnapshotCursor,
    sections: Sequence[tuple[str, Section]],
) -> None:
    """Write ``header`` (plus the cursor, the format version and the section sizes) and the
    sections atomically to ``target``."""
    full = {
        **header,
        "format_version": FORMAT_VERSION,
        "cursor": {"seq": int(cursor.seq), "xmin": int(cursor.xmin)},
        "sections": {name: memoryview(data).nbytes for name, data in sections},
        "section_order": [name for name, _ in sections],
    }
    header_bytes = json.dumps(full, sort_keys=True).encode("utf-8")
    parts: list[Section] = [
        MAGIC,
        len(header_bytes).to_bytes(_HEADER_LEN_BYTES, "little"),
        header_bytes,
        *(data for _, data in sections),
    ]
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                digest.update(part)
                handle.write(part)
            handle.write(digest.digest())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)


def read_snapshot(
    source: Path,
) -> tuple[dict[str, Any], SnapshotCursor, dict[str, npt.NDArray[np.uint8]]]:
    """The header, cursor and sections of a snapshot written by ``write_snapshot``.

    Raises ``SnapshotUnusable`` when the file is missing, truncated, fails its checksum or has
    another format version. The whole file is read once; sections are views into it.
    """
    try:
        blob = source.read_bytes()
    except FileNotFoundError:
        raise SnapshotUnusable("missing", f"{source} does not exist") from None
    except OSError as exc:
        raise SnapshotUnusable("missing", f"cannot read {source}: {exc}") from exc
    if len(blob) < _PREFIX + _DIGEST_BYTES:
        raise SnapshotUnusable("truncated", f"{source} has only {len(blob)} bytes")
    if blob[: len(MAGIC)] != MAGIC:
        raise SnapshotUnusable("format", f"{source} is not a vector index snapshot")
    header_len = int.from_bytes(blob[len(MAGIC) : _PREFIX], "little")
    if header_len > _MAX_HEADER_BYTES or _PREFIX + header_len + _DIGEST_BYTES > len(blob):
        raise SnapshotUnusable("truncated", f"{source}: header runs past the end of the file")
    header, sizes = _parse_header(blob[_PREFIX : _PREFIX + header_len])
    expected = None
    if sizes is not None:
        expected = _PREFIX + header_len + sum(sizes.values()) + _DIGEST_BYTES
        if len(blob) < expected:
            raise SnapshotUnusable("truncated", f"{source} has {len(blob)} of {expected} bytes")
    body, digest = blob[:-_DIGEST_BYTES], blob[-_DIGEST_BYTES:]
    if hashlib.sha256(body).digest() != digest:
        raise SnapshotUnusable("checksum", f"{source} does not match its checksum")
    if header is None or sizes is None or expected != len(blob):
        raise SnapshotUnusable("format", f"{source}: unreadable header or trailing bytes")
    if header.get("format_version") != FORMAT_VERSION:
        raise SnapshotUnusable(
            "format", f"{source}: format version {header.get('format_version')!r} unsupported"
        )
    try:
        cursor = SnapshotCursor(int(header["cursor"]["seq"]), int(header["cursor"]["xmin"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotUnusable("format", f"{source}: no change-log cursor ({exc})") from exc
    payload: dict[str, npt.NDArray[np.uint8]] = {}
    offset = _PREFIX + header_len
    for name, size in sizes.items():
        payload[name] = np.frombuffer(blob, dtype=np.uint8, count=size, offset=offset)
        offset += size
    return header, cursor, payload


def read_header(source: Path) -> dict[str, Any] | None:
    """Only the JSON header (no checksum check), or ``None`` when it cannot be read: enough to
    learn which model a file holds before loading it for real."""
    try:
        with source.open("rb") as handle:
            prefix = handle.read(_PREFIX)
            if len(prefix) < _PREFIX or prefix[: len(MAGIC)] != MAGIC:
                return None
            length = int.from_bytes(prefix[len(MAGIC) :], "little")
            if length > _MAX_HEADER_BYTES:
                return None
            header = json.loads(handle.read(length))
    except (OSError, ValueError):
        return None
    return header if isinstance(header, dict) else None


def _parse_header(raw: bytes) -> tuple[dict[str, Any] | None, dict[str, int] | None]:
    """Decode the JSON header and its section sizes in file order; ``(None, None)`` if
    unreadable."""
    try:
        header = json.loads(raw)
        sections = header["sections"]
        sizes = {str(name): int(sections[name]) for name in header["section_order"]}
    except (ValueError, KeyError, TypeError):
        return None, None
    if not isinstance(header, dict) or any(size < 0 for size in sizes.values()):
        return None, None
    return header, sizes


def _fsync_directory(directory: Path) -> None:
    """Persist the rename itself; without it a power cut can resurrect the old name."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform/filesystem
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
