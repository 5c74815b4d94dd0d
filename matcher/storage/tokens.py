"""TokenRepository and OrganizerRepository: SQL for API tokens and the subjects they act for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from matcher.storage.connection import Connection

_TOKEN_COLUMNS = "id, name, role, subject_id, created_at, expires_at, revoked_at"
# The table each non-admin role's subject_id points into (it cannot carry a foreign key).
_SUBJECT_TABLES = {
    "agency": "agencies",
    "employer": "employers",
    "organizer": "organizers",
    "worker": "workers",
}


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """A stored token without its secret (only the hash is stored, and it is never read back)."""

    id: int
    name: str
    role: str
    subject_id: int | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


def _to_token(row: asyncpg.Record) -> TokenRecord:
    return TokenRecord(**dict(row))


class TokenRepository:
    """Reads and writes ``api_tokens``. The caller owns the transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def create(
        self,
        *,
        name: str,
        token_hash: str,
        role: str,
        subject_id: int | None,
        expires_at: datetime | None,
    ) -> TokenRecord:
        row = await self.conn.fetchrow(
            f"""INSERT INTO api_tokens (name, token_hash, role, subject_id, expires_at)
                VALUES ($1, $2, $3, $4, $5) RETURNING {_TOKEN_COLUMNS}""",
            name,
            token_hash,
            role,
            subject_id,
            expires_at,
        )
        assert row is not None
        return _to_token(row)

    async def by_hash(self, token_hash: str) -> TokenRecord | None:
        row = await self.conn.fetchrow(
            f"SELECT {_TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1", token_hash
        )
        return _to_token(row) if row else None

    async def get(self, token_id: int) -> TokenRecord | None:
        row = await self.conn.fetchrow(
            f"SELECT {_TOKEN_COLUMNS} FROM api_tokens WHERE id = $1", token_id
        )
        return _to_token(row) if row else None

    async def page(self, *, after_id: int = 0, limit: int = 50) -> list[TokenRecord]:
        rows = await self.conn.fetch(
            f"SELECT {_TOKEN_COLUMNS} FROM api_tokens WHERE id > $1 ORDER BY id LIMIT $2",
            after_id,
            limit,
        )
        return [_to_token(r) for r in rows]

    async def revoke(self, token_id: int) -> TokenRecord | None:
        """Mark a token revoked (idempotent: the first revocation time is kept)."""
        row = await self.conn.fetchrow(
            f"""UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
                WHERE id = $1 RETURNING {_TOKEN_COLUMNS}""",
            token_id,
        )
        return _to_token(row) if row else None

    async def revoke_subject(self, role: str, subject_id: int) -> int:
        """Revoke every live token acting for ``role`` ``subject_id``; how many were revoked.

        Called in the transaction that deletes the subject, so the delete and the revocation
        commit (or roll back) together.
        """
        status = await self.conn.execute(
            """UPDATE api_tokens SET revoked_at = now()
               WHERE role = $1 AND subject_id = $2 AND revoked_at IS NULL""",
            role,
            subject_id,
        )
        return int(status.rsplit(" ", 1)[-1])

    async def lock_subject(self, role: str, subject_id: int) -> bool:
        """Whether the subject a new token will act for exists, key-share locking its row until
        the transaction ends.

        A delete of that subject running at the same time waits for the new token to commit
        and then revokes it with the others; without the lock it could commit in between the
        check and the insert and leave a live token for a subject that is gone.
        """
        table = _SUBJECT_TABLES[role]
        found = await self.conn.fetchval(
            f"SELECT true FROM {table} WHERE id = $1 FOR KEY SHARE", subject_id
        )
        return bool(found)


@dataclass(frozen=True, slots=True)
class Organizer:
    id: int
    external_id: str
    name: str


class OrganizerRepository:
    """Organisers of business-matching events (subjects of ``organizer`` tokens)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def ensure(self, external_id: str, name: str | None = None) -> Organizer:
        """The organiser with ``external_id``, created when missing."""
        row = await self.conn.fetchrow(
            """INSERT INTO organizers (external_id, name) VALUES ($1, $2)
               ON CONFLICT (external_id) DO UPDATE SET external_id = EXCLUDED.external_id
               RETURNING id, external_id, name""",
            external_id,
            name or external_id,
        )
        assert row is not None
        return Organizer(**dict(row))

    async def existing_ids(self, organizer_ids: Sequence[int]) -> set[int]:
        rows = await self.conn.fetch(
            "SELECT id FROM organizers WHERE id = ANY($1)", list(organizer_ids)
        )
        return {r["id"] for r in rows}
