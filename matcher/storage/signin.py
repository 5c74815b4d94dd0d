"""SigninCodeRepository: SQL for one-time sign-in codes (migration 0008).

Only the hash of a code is stored and none is ever read back; the exchange claims a code in a
single ``UPDATE ... RETURNING`` whose ``WHERE`` names every condition of a usable code, so two
concurrent exchanges of one code serialise on its row and the second finds it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from matcher.storage.connection import Connection

_COLUMNS = (
    "id, worker_id, event_id, issued_by_role, issued_by_subject, issued_by_token, created_at, "
    "expires_at, used_at, revoked_at, token_id"
)


@dataclass(frozen=True, slots=True)
class SigninCodeRecord:
    """A stored code without its secret."""

    id: int
    worker_id: int
    event_id: int | None
    issued_by_role: str
    issued_by_subject: int | None
    issued_by_token: int | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    token_id: int | None


@dataclass(frozen=True, slots=True)
class NewSigninCode:
    worker_id: int
    code_hash: str


@dataclass(frozen=True, slots=True)
class CodeSubject:
    """What an issuer needs to know about a worker to decide and to print: its agency and the
    name on the sheet."""

    worker_id: int
    agency_id: int
    full_name: str


def _record(row: asyncpg.Record) -> SigninCodeRecord:
    return SigninCodeRecord(**dict(row))


class SigninCodeRepository:
    """Reads and writes ``signin_codes``. The caller owns the transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def subjects(self, worker_ids: Sequence[int]) -> dict[int, CodeSubject]:
        """The workers of ``worker_ids`` that exist, key-share locked until the transaction
        ends, so a delete running at the same time cannot slip between the check and the
        insert (the foreign key would refuse the insert anyway, with a less useful error)."""
        rows = await self.conn.fetch(
            """SELECT id, agency_id, coalesce(profile->>'full_name', '') AS full_name
               FROM workers WHERE id = ANY($1::bigint[]) ORDER BY id FOR KEY SHARE""",
            list(worker_ids),
        )
        return {r["id"]: CodeSubject(r["id"], r["agency_id"], r["full_name"]) for r in rows}

    async def registered_at(self, event_id: int, worker_ids: Sequence[int]) -> set[int]:
        """The workers of ``worker_ids`` with a standing (not cancelled) registration."""
        rows = await self.conn.fetch(
            """SELECT worker_id FROM event_workers
               WHERE event_id = $1 AND worker_id = ANY($2::bigint[]) AND status = 'registered'""",
            event_id,
            list(worker_ids),
        )
        return {r["worker_id"] for r in rows}

    async def create_many(
        self,
        codes: Sequence[NewSigninCode],
        *,
        event_id: int | None,
        issued_by_role: str,
        issued_by_subject: int | None,
        issued_by_token: int | None,
        expires_at: datetime,
    ) -> list[SigninCodeRecord]:
        """Insert one code per entry, in the order given, in a single statement."""
        rows = await self.conn.fetch(
            f"""INSERT INTO signin_codes (worker_id, code_hash, event_id, issued_by_role,
                                          issued_by_subject, issued_by_token, expires_at)
                SELECT u.w, u.h, $3, $4, $5, $6, $7
                FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS u (w, h, n)
                ORDER BY u.n
                RETURNING {_COLUMNS}""",
            [c.worker_id for c in codes],
            [c.code_hash for c in codes],
            event_id,
            issued_by_role,
            issued_by_subject,
            issued_by_token,
            expires_at,
        )
        by_worker = {r["worker_id"]: _record(r) for r in rows}
        return [by_worker[c.worker_id] for c in codes]

    async def claim(self, code_hash: str) -> SigninCodeRecord | None:
        """Mark the code used if it is usable right now and return it; ``None`` when it is
        unknown, used, revoked or expired (the caller must not tell these apart).

        Under READ COMMITTED a second concurrent UPDATE of the same row waits for the first to
        commit, then re-checks the ``WHERE`` against the new row version: ``used_at`` is set,
        so it claims nothing. Exactly one exchange wins.
        """
        row = await self.conn.fetchrow(
            f"""UPDATE signin_codes SET used_at = now()
                WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL
                  AND expires_at > now()
                RETURNING {_COLUMNS}""",
            code_hash,
        )
        return _record(row) if row else None

    async def set_token(self, code_id: int, token_id: int) -> None:
        await self.conn.execute(
            "UPDATE signin_codes SET token_id = $2 WHERE id = $1", code_id, token_id
        )

    async def get(self, code_id: int) -> SigninCodeRecord | None:
        row = await self.conn.fetchrow(
            f"SELECT {_COLUMNS} FROM signin_codes WHERE id = $1", code_id
        )
        return _record(row) if row else None

    async def page(
        self,
        *,
        issued_by_role: str | None,
        issued_by_subject: int | None,
        worker_id: int | None,
        after_id: int,
        limit: int,
    ) -> list[SigninCodeRecord]:
        """Codes by id, newest last; ``issued_by_role`` ``None`` lists every issuer's."""
        rows = await self.conn.fetch(
            f"""SELECT {_COLUMNS} FROM signin_codes
                WHERE id > $1
                  AND ($2::text IS NULL
                       OR (issued_by_role = $2 AND issued_by_subject IS NOT DISTINCT FROM $3))
                  AND ($4::bigint IS NULL OR worker_id = $4)
                ORDER BY id LIMIT $5""",
            after_id,
            issued_by_role,
            issued_by_subject,
            worker_id,
            limit,
        )
        return [_record(r) for r in rows]

    async def revoke(self, code_id: int) -> SigninCodeRecord | None:
        """Revoke (idempotent: the first revocation time is kept). The session a used code
        gave is a token of its own (``token_id``); the service revokes it alongside."""
        row = await self.conn.fetchrow(
            f"""UPDATE signin_codes SET revoked_at = coalesce(revoked_at, now())
                WHERE id = $1 RETURNING {_COLUMNS}""",
            code_id,
        )
        return _record(row) if row else None
