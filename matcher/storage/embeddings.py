"""EmbeddingRepository: stored vectors per (object, model), and the change log that orders writes.

Vectors are kept in PostgreSQL (pgvector ``vector`` columns) with the hash of the text they
encode, so an unchanged profile is never encoded again, an index can be rebuilt without a
model, and the benchmark can compare pgvector on the very same vectors.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import asyncpg
import numpy as np
import numpy.typing as npt

from matcher.storage.connection import Connection

Entity = Literal["worker", "vacancy"]
# What the change log records: the two indexed entities, and recognition-table entries (whose
# any change makes the engine reload the whole, small table).
ChangeEntity = Literal["worker", "vacancy", "recognition"]

_TABLE = {
    "worker": ("worker_embeddings", "worker_id", "workers"),
    "vacancy": ("vacancy_embeddings", "vacancy_id", "vacancies"),
}


@dataclass(frozen=True, slots=True)
class ChangeCursor:
    """How far a reader of the change log has got.

    ``seq`` is the highest sequence seen; ``xmin`` the oldest transaction still running when it
    was read. Rows of transactions at or after ``xmin`` are read again next time, because such a
    transaction may commit later with sequence numbers below ``seq``.
    """

    seq: int = 0
    xmin: int = 0


@dataclass(frozen=True, slots=True)
class ChangeBatch:
    """Objects changed since a cursor, and the cursor to resume from."""

    ids: list[int]
    cursor: ChangeCursor


class EmbeddingRepository:
    """Reads and writes embeddings of one entity kind, and reads the change log."""

    def __init__(self, conn: Connection, entity: Entity) -> None:
        self.conn = conn
        self.entity = entity
        self.table, self.key, self.owner_table = _TABLE[entity]

    async def hashes(self, ids: Sequence[int], model_id: str) -> dict[int, str]:
        """Text hash of the stored embedding of each id (ids without one are absent)."""
        rows = await self.conn.fetch(
            f"SELECT {self.key} AS id, text_hash FROM {self.table} WHERE model_id = $1 AND {self.key} = ANY($2)",
            model_id,
            list(ids),
        )
        return {r["id"]: r["text_hash"] for r in rows}

    async def store(
        self,
        ids: Sequence[int],
        model_id: str,
        text_hashes: Sequence[str],
        vectors: npt.NDArray[np.float32],
    ) -> None:
        """Insert or replace embeddings; rows whose object was deleted meanwhile are skipped.

        The owner row is locked ``FOR KEY SHARE`` while it is checked: a delete that commits
        between the check and the foreign-key check would otherwise fail the whole statement
        (seen under concurrent clients: a ranking refresh racing a DELETE answered 409). With
        the lock the statement waits for the deleting transaction and then skips the row.

        One statement per call: the rows travel as three arrays (ids, hashes, vectors in
        pgvector's binary format) and are unnested server-side, instead of one
        ``INSERT`` per row (docs/benchmarks.md, "Measurements behind the code").
        """
        if not ids:
            return
        if len(ids) != len(text_hashes) or len(ids) != len(vectors):
            raise ValueError(
                f"{len(ids)} ids, {len(text_hashes)} hashes and {len(vectors)} vectors"
            )
        await self.conn.execute(
            f"""INSERT INTO {self.table} ({self.key}, model_id, text_hash, embedding)
                SELECT r.id, $2, r.text_hash, r.embedding
                FROM unnest($1::bigint[], $3::text[], $4::vector[]) AS r(id, text_hash, embedding)
                WHERE EXISTS (
                    SELECT 1 FROM {self.owner_table} o WHERE o.id = r.id FOR KEY SHARE
                )
                ON CONFLICT ({self.key}, model_id) DO UPDATE
                SET text_hash = EXCLUDED.text_hash, embedding = EXCLUDED.embedding, updated_at = now()""",
            [int(i) for i in ids],
            model_id,
            list(text_hashes),
            [_VectorParam(row) for row in np.asarray(vectors, dtype=np.float32)],
        )

    async def load(
        self, ids: Sequence[int], model_id: str
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Stored vectors of ``ids`` for ``model_id`` (ids without one are left out)."""
        rows = await self.conn.fetch(
            f"SELECT {self.key} AS id, embedding FROM {self.table} WHERE model_id = $1 AND {self.key} = ANY($2) ORDER BY 1",
            model_id,
            list(ids),
        )
        return _to_arrays(rows)

    async def iter_all(
        self, model_id: str, batch_size: int = 20_000
    ) -> AsyncIterator[tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]:
        """Every stored vector of ``model_id`` in id order, in batches (index rebuilds)."""
        after = 0
        while True:
            rows = await self.conn.fetch(
                f"""SELECT {self.key} AS id, embedding FROM {self.table}
                    WHERE model_id = $1 AND {self.key} > $2 ORDER BY 1 LIMIT $3""",
                model_id,
                after,
                batch_size,
            )
            if not rows:
                return
            yield _to_arrays(rows)
            after = rows[-1]["id"]

    async def count(self, model_id: str) -> int:
        total: int = await self.conn.fetchval(
            f"SELECT count(*) FROM {self.table} WHERE model_id = $1", model_id
        )
        return total

    async def owner_ids_after(self, after_id: int, limit: int) -> list[int]:
        """Ids of the entity's objects (workers or vacancies) above ``after_id``, in id order:
        keyset paging for a walk over every object in short transactions (a re-encode)."""
        rows = await self.conn.fetch(
            f"SELECT id FROM {self.owner_table} WHERE id > $1 ORDER BY id LIMIT $2",
            after_id,
            limit,
        )
        return [r["id"] for r in rows]

    async def missing(self, model_id: str, limit: int) -> list[int]:
        """Ids of objects that have no embedding for ``model_id`` yet (e.g. after a model switch)."""
        rows = await self.conn.fetch(
            f"""SELECT o.id FROM {self.owner_table} o
                WHERE NOT EXISTS (SELECT 1 FROM {self.table} e WHERE e.{self.key} = o.id AND e.model_id = $1)
                ORDER BY o.id LIMIT $2""",
            model_id,
            limit,
        )
        return [r["id"] for r in rows]


class _VectorParam:
    """One vector as an array element: not iterable, so asyncpg hands it whole to the ``vector``
    codec instead of encoding a list of floats as a nested array of one-element vectors."""

    __slots__ = ("row",)

    def __init__(self, row: npt.NDArray[np.float32]) -> None:
        self.row = row

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> npt.NDArray[Any]:
        return self.row if dtype is None else self.row.astype(dtype)


def _to_arrays(
    rows: Sequence[asyncpg.Record],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty((0, 0), dtype=np.float32)
    ids = np.fromiter((r["id"] for r in rows), dtype=np.int64, count=len(rows))
    vectors = np.ascontiguousarray(
        np.stack([r["embedding"] for r in rows]).astype(np.float32, copy=False)
    )
    return ids, vectors


class ChangeLogRepository:
    """The ordered log of writes to workers, vacancies and recognitions (filled by triggers, see
    0001_core.sql and 0005_categories.sql)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def changed_since(self, entity: Entity, cursor: ChangeCursor) -> ChangeBatch:
        """Ids of ``entity`` objects written or deleted after ``cursor``.

        The caller re-reads each object's current state (present: upsert; absent: delete), so
        order and duplicates do not matter, and reading a change twice is harmless.
        """
        async with self.conn.transaction(isolation="repeatable_read", readonly=True):
            xmin = await self.conn.fetchval(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
            )
            rows = await self.conn.fetch(
                """SELECT DISTINCT entity_id FROM change_log
                   WHERE entity = $1 AND (seq > $2 OR txid >= $3::text::xid8)""",
                entity,
                cursor.seq,
                str(cursor.xmin),
            )
            top = await self.conn.fetchval("SELECT coalesce(max(seq), 0) FROM change_log")
        return ChangeBatch([r["entity_id"] for r in rows], ChangeCursor(max(top, cursor.seq), xmin))

    async def changed_since_all(
        self, cursor: ChangeCursor
    ) -> tuple[dict[ChangeEntity, list[int]], ChangeCursor]:
        """``changed_since`` for workers, vacancies and recognitions at once, in one statement
        (one snapshot, so the three lists and the cursor agree)."""
        row = await self.conn.fetchrow(
            """SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,
                      (SELECT coalesce(max(seq), 0) FROM change_log) AS top,
                      ARRAY(SELECT DISTINCT entity_id FROM change_log WHERE entity = 'worker'
                            AND (seq > $1 OR txid >= $2::text::xid8)) AS workers,
                      ARRAY(SELECT DISTINCT entity_id FROM change_log WHERE entity = 'vacancy'
                            AND (seq > $1 OR txid >= $2::text::xid8)) AS vacancies,
                      ARRAY(SELECT DISTINCT entity_id FROM change_log WHERE entity = 'recognition'
                            AND (seq > $1 OR txid >= $2::text::xid8)) AS recognitions""",
            cursor.seq,
            str(cursor.xmin),
        )
        assert row is not None
        changed: dict[ChangeEntity, list[int]] = {
            "worker": list(row["workers"]),
            "vacancy": list(row["vacancies"]),
            "recognition": list(row["recognitions"]),
        }
        return changed, ChangeCursor(max(row["top"], cursor.seq), row["xmin"])

    async def cursor_now(self) -> ChangeCursor:
        """A cursor at the present: everything committed so far counts as seen."""
        async with self.conn.transaction(isolation="repeatable_read", readonly=True):
            xmin = await self.conn.fetchval(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
            )
            top = await self.conn.fetchval("SELECT coalesce(max(seq), 0) FROM change_log")
        return ChangeCursor(top, xmin)
