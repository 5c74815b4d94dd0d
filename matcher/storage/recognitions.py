"""RecognitionRepository: every SQL statement of the recognition table (0005_categories.sql).

Writes share the caller's transaction; each one also lands in the change log (a trigger), so
the engine replaces its in-memory table on its next refresh. Who may write is decided in
``matcher.access.recognitions``; scheme codes and categories are checked by the model.
"""

from __future__ import annotations

import asyncpg

from matcher.storage.connection import Connection
from models.recognition import Recognition, RecognitionCreate

_COLUMNS = "id, scheme_code, category, replaces, effective_from, effective_to, source, created_at"


def _to_recognition(row: asyncpg.Record) -> Recognition:
    # Validated like new input: a row edited by hand into something the model refuses (an
    # unknown scheme code) is an error here, not an entry silently applied or dropped.
    return Recognition.model_validate(dict(row))


class RecognitionRepository:
    """Reads and writes ``recognitions``. The caller owns the transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def create(
        self,
        entry: RecognitionCreate,
        *,
        created_by_role: str | None = None,
        created_by_token: int | None = None,
    ) -> Recognition | None:
        """Store ``entry``; ``None`` when the same scheme, category and start date exist."""
        row = await self.conn.fetchrow(
            f"""INSERT INTO recognitions (scheme_code, category, replaces, effective_from,
                                          effective_to, source, created_by_role,
                                          created_by_token)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (scheme_code, category, replaces, effective_from) DO NOTHING
                RETURNING {_COLUMNS}""",
            entry.scheme_code,
            entry.category,
            entry.replaces,
            entry.effective_from,
            entry.effective_to,
            entry.source,
            created_by_role,
            created_by_token,
        )
        return _to_recognition(row) if row is not None else None

    async def get(self, recognition_id: int) -> Recognition | None:
        row = await self.conn.fetchrow(
            f"SELECT {_COLUMNS} FROM recognitions WHERE id = $1", recognition_id
        )
        return _to_recognition(row) if row is not None else None

    async def list(self) -> list[Recognition]:
        """Every entry, oldest first (the table is small: admins add entries one by one)."""
        rows = await self.conn.fetch(f"SELECT {_COLUMNS} FROM recognitions ORDER BY id")
        return [_to_recognition(r) for r in rows]

    async def delete(self, recognition_id: int) -> bool:
        """Remove one entry; ``False`` when there was none with this id."""
        deleted = await self.conn.fetchval(
            "DELETE FROM recognitions WHERE id = $1 RETURNING id", recognition_id
        )
        return deleted is not None
