"""InterviewDetailsRepository: SQL of how interviews are held (migration 0011) and the few facts
the day pages and calendars add to an interview (names, titles, the worker's province).

Details are stored per (event, employer, worker): the migration says why. Writes share the
caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matcher.storage.connection import Connection


@dataclass(frozen=True, slots=True)
class InterviewDetails:
    """What is stored for one pair; a pair without a row has the event's defaults."""

    employer_id: int
    worker_id: int
    mode: str
    online_url: str | None
    language: str | None
    interpreter_needed: bool
    interpreter: str | None


@dataclass(frozen=True, slots=True)
class EmployerNames:
    id: int
    name: str
    name_ja: str | None


@dataclass(frozen=True, slots=True)
class VacancyLabels:
    id: int
    title: str
    ssw_field: str
    category: str | None


_COLUMNS = "employer_id, worker_id, mode, online_url, language, interpreter_needed, interpreter"


class InterviewDetailsRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def for_event(
        self, event_id: int, worker_ids: Sequence[int] | None = None
    ) -> dict[tuple[int, int], InterviewDetails]:
        """Stored details of the event's pairs by (employer id, worker id), optionally only of
        some workers."""
        rows = await self.conn.fetch(
            f"""SELECT {_COLUMNS} FROM interview_details
                WHERE event_id = $1 AND ($2::bigint[] IS NULL OR worker_id = ANY($2))""",
            event_id,
            None if worker_ids is None else list(worker_ids),
        )
        return {(r["employer_id"], r["worker_id"]): InterviewDetails(**dict(r)) for r in rows}

    async def save(self, event_id: int, details: InterviewDetails) -> None:
        """Insert or replace the details of one pair."""
        await self.conn.execute(
            f"""INSERT INTO interview_details (event_id, {_COLUMNS})
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (event_id, employer_id, worker_id) DO UPDATE SET
                    mode = EXCLUDED.mode, online_url = EXCLUDED.online_url,
                    language = EXCLUDED.language,
                    interpreter_needed = EXCLUDED.interpreter_needed,
                    interpreter = EXCLUDED.interpreter, updated_at = now()""",
            event_id,
            details.employer_id,
            details.worker_id,
            details.mode,
            details.online_url,
            details.language,
            details.interpreter_needed,
            details.interpreter,
        )

    async def interpreter_bookings(
        self, event_id: int, slot_no: int, interpreter: str
    ) -> list[int]:
        """Ids of the standing interviews of one slot that have ``interpreter`` assigned."""
        rows = await self.conn.fetch(
            """SELECT i.id FROM interviews i
               JOIN interview_details d ON d.event_id = i.event_id
                    AND d.employer_id = i.employer_id AND d.worker_id = i.worker_id
               WHERE i.event_id = $1 AND i.slot_no = $2 AND i.status <> 'cancelled'
                 AND lower(d.interpreter) = lower($3)
               ORDER BY i.id""",
            event_id,
            slot_no,
            interpreter,
        )
        return [r["id"] for r in rows]

    async def worker_provinces(self, worker_ids: Sequence[int]) -> dict[int, str | None]:
        """The recorded province of each worker (``None`` when not recorded)."""
        rows = await self.conn.fetch(
            "SELECT id, province FROM workers WHERE id = ANY($1::bigint[])", list(worker_ids)
        )
        return {r["id"]: r["province"] for r in rows}

    async def worker_names(self, worker_ids: Sequence[int]) -> dict[int, str]:
        """Full names of workers (callers decide who may see them, and audit it)."""
        rows = await self.conn.fetch(
            "SELECT id, full_name FROM workers WHERE id = ANY($1::bigint[])", list(worker_ids)
        )
        return {r["id"]: r["full_name"] for r in rows}

    async def employer_names(self, employer_ids: Sequence[int]) -> dict[int, EmployerNames]:
        """Employer names, with the Japanese name where the profile has one."""
        rows = await self.conn.fetch(
            """SELECT id, name, profile->>'name_ja' AS name_ja FROM employers
               WHERE id = ANY($1::bigint[])""",
            list(employer_ids),
        )
        return {r["id"]: EmployerNames(**dict(r)) for r in rows}

    async def vacancy_labels(self, vacancy_ids: Sequence[int]) -> dict[int, VacancyLabels]:
        """Title, field and job category of vacancies."""
        rows = await self.conn.fetch(
            """SELECT id, title, ssw_field, document->>'category' AS category FROM vacancies
               WHERE id = ANY($1::bigint[])""",
            list(vacancy_ids),
        )
        return {r["id"]: VacancyLabels(**dict(r)) for r in rows}
