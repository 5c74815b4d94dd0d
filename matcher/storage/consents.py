"""ConsentRepository: every SQL statement of consent records and interview acceptance.

Writes share the caller's transaction. Which consents allow what is decided in
``matcher.access.consents``; the query that turns consents and accepted interviews into a
disclosure for one employer is ``DisclosureRepository.disclosed_to`` (``matcher.storage.audit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from matcher.storage.connection import Connection

_COLUMNS = """id, worker_id, purpose, scope, employer_id, event_id, given_by, form_reference,
    recorded_by_role, recorded_by_subject, given_at, withdrawn_at, withdrawn_by_role"""


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """One consent as stored; ``withdrawn_at`` set means it allows nothing any more."""

    id: int
    worker_id: int
    purpose: str
    scope: str
    employer_id: int | None
    event_id: int | None
    given_by: str
    form_reference: str | None
    recorded_by_role: str
    recorded_by_subject: int | None
    given_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by_role: str | None

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True, slots=True)
class NewConsent:
    worker_id: int
    purpose: str
    scope: str
    employer_id: int | None
    event_id: int | None
    given_by: str
    form_reference: str | None
    recorded_by_role: str
    recorded_by_subject: int | None


@dataclass(frozen=True, slots=True)
class InterviewRef:
    """What acceptance needs to know of an interview."""

    id: int
    event_id: int
    employer_id: int
    worker_id: int
    status: str
    accepted_at: datetime | None


def _record(row: asyncpg.Record) -> ConsentRecord:
    return ConsentRecord(**dict(row))


class ConsentRepository:
    """Reads and writes ``consents`` and ``interviews.accepted_at``."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def create(self, new: NewConsent) -> ConsentRecord | None:
        """Insert a consent; ``None`` when one with the same purpose and target is in force."""
        try:
            async with self.conn.transaction():
                row = await self.conn.fetchrow(
                    f"""INSERT INTO consents (worker_id, purpose, scope, employer_id, event_id,
                            given_by, form_reference, recorded_by_role, recorded_by_subject)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {_COLUMNS}""",
                    new.worker_id,
                    new.purpose,
                    new.scope,
                    new.employer_id,
                    new.event_id,
                    new.given_by,
                    new.form_reference,
                    new.recorded_by_role,
                    new.recorded_by_subject,
                )
        except asyncpg.UniqueViolationError:
            return None
        assert row is not None
        return _record(row)

    async def in_force_like(self, new: NewConsent) -> ConsentRecord | None:
        """The consent in force with the same purpose and target as ``new``, if any."""
        row = await self.conn.fetchrow(
            f"""SELECT {_COLUMNS} FROM consents
                WHERE worker_id = $1 AND purpose = $2 AND scope = $3
                  AND employer_id IS NOT DISTINCT FROM $4 AND event_id IS NOT DISTINCT FROM $5
                  AND withdrawn_at IS NULL""",
            new.worker_id,
            new.purpose,
            new.scope,
            new.employer_id,
            new.event_id,
        )
        return _record(row) if row else None

    async def get(self, consent_id: int) -> ConsentRecord | None:
        row = await self.conn.fetchrow(f"SELECT {_COLUMNS} FROM consents WHERE id = $1", consent_id)
        return _record(row) if row else None

    async def for_worker(self, worker_id: int) -> list[ConsentRecord]:
        """Every consent of the worker, in force and withdrawn, newest first."""
        rows = await self.conn.fetch(
            f"SELECT {_COLUMNS} FROM consents WHERE worker_id = $1 ORDER BY id DESC", worker_id
        )
        return [_record(r) for r in rows]

    async def withdraw(self, consent_id: int, by_role: str) -> ConsentRecord | None:
        """Mark a consent in force as withdrawn now; ``None`` when it was already withdrawn."""
        row = await self.conn.fetchrow(
            f"""UPDATE consents SET withdrawn_at = now(), withdrawn_by_role = $2
                WHERE id = $1 AND withdrawn_at IS NULL RETURNING {_COLUMNS}""",
            consent_id,
            by_role,
        )
        return _record(row) if row else None

    async def has_in_force(self, worker_id: int, purpose: str) -> bool:
        found: bool = await self.conn.fetchval(
            """SELECT EXISTS (SELECT 1 FROM consents
                              WHERE worker_id = $1 AND purpose = $2 AND withdrawn_at IS NULL)""",
            worker_id,
            purpose,
        )
        return found

    # -- interviews ------------------------------------------------------------------------

    async def interview(self, interview_id: int) -> InterviewRef | None:
        row = await self.conn.fetchrow(
            """SELECT id, event_id, employer_id, worker_id, status, accepted_at
               FROM interviews WHERE id = $1""",
            interview_id,
        )
        return InterviewRef(**dict(row)) if row else None

    async def set_acceptance(self, interview_id: int, accepted: bool) -> InterviewRef | None:
        """Accept (now) or decline an interview; its disclosure follows at once."""
        row = await self.conn.fetchrow(
            """UPDATE interviews
               SET accepted_at = CASE WHEN $2 THEN coalesce(accepted_at, now()) END,
                   updated_at = now()
               WHERE id = $1
               RETURNING id, event_id, employer_id, worker_id, status, accepted_at""",
            interview_id,
            accepted,
        )
        return InterviewRef(**dict(row)) if row else None

    async def event_exists(self, event_id: int) -> bool:
        found: bool = await self.conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM events WHERE id = $1)", event_id
        )
        return found
