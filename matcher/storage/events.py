"""EventRepository: every SQL statement of business-matching events.

Events, their slots, registrations (employers with vacancies, workers), shortlists, employer
decisions (pin / exclude) and the interview timetable. Writes share the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from matcher.storage.connection import Connection
from models.schemas.events import DecisionKind, InterviewStatus, Mode, RegistrationStatus


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    organizer_id: int
    name: str
    venue: str | None
    online: bool
    timezone: str
    starts_on: date
    ends_on: date
    min_interviews_per_worker: int
    created_at: datetime
    closed_at: datetime | None = None
    """When the organiser closed the event (``None``: open)."""


@dataclass(frozen=True, slots=True)
class SlotRecord:
    slot_no: int
    starts_at: datetime
    minutes: int


@dataclass(frozen=True, slots=True)
class EmployerRegistration:
    employer_id: int
    booths: int
    max_interviews: int
    available_slots: tuple[int, ...] | None
    vacancy_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class WorkerRegistration:
    worker_id: int
    max_interviews: int
    available_slots: tuple[int, ...] | None
    ranking: tuple[int, ...]
    status: RegistrationStatus


@dataclass(frozen=True, slots=True)
class ShortlistRow:
    vacancy_id: int
    worker_id: int
    rank: int
    score: float
    eligible: bool
    reasons: tuple[str, ...]
    gaps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    vacancy_id: int
    worker_id: int
    decision: DecisionKind


@dataclass(frozen=True, slots=True)
class InterviewRecord:
    id: int
    event_id: int
    employer_id: int
    worker_id: int
    vacancy_id: int
    slot_no: int
    booth: int
    score: float
    mode: Mode
    status: InterviewStatus


@dataclass(frozen=True, slots=True)
class NewInterview:
    """An interview of a freshly solved timetable, before it has an id."""

    employer_id: int
    worker_id: int
    vacancy_id: int
    slot_no: int
    booth: int
    score: float


_EVENT = """SELECT id, organizer_id, name, venue, online, timezone, starts_on, ends_on,
                   min_interviews_per_worker, created_at, closed_at FROM events"""
_EDITABLE = (
    "name",
    "venue",
    "online",
    "timezone",
    "starts_on",
    "ends_on",
    "min_interviews_per_worker",
)
"""Columns of ``events`` an organiser may change (``update_event`` builds SQL only from these)."""
_INTERVIEW = """SELECT id, event_id, employer_id, worker_id, vacancy_id, slot_no, booth, score,
                       mode, status FROM interviews"""


def _slots(value: Sequence[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(sorted(value))


def _interview(row: asyncpg.Record) -> InterviewRecord:
    return InterviewRecord(**dict(row))


class _Rows:
    """A repository part: all SQL of events lives in the parts below, on one connection; the
    caller owns the transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn


class EventRows(_Rows):
    """Events: the event row, its slots, and editing them."""

    async def create(
        self,
        *,
        organizer_id: int,
        name: str,
        venue: str | None,
        online: bool,
        timezone: str,
        starts_on: date,
        ends_on: date,
        min_interviews_per_worker: int,
        slots: Sequence[tuple[datetime, int]],
    ) -> EventRecord:
        row = await self.conn.fetchrow(
            """INSERT INTO events (organizer_id, name, venue, online, timezone, starts_on, ends_on,
                                   min_interviews_per_worker)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               RETURNING id, organizer_id, name, venue, online, timezone, starts_on, ends_on,
                         min_interviews_per_worker, created_at, closed_at""",
            organizer_id,
            name,
            venue,
            online,
            timezone,
            starts_on,
            ends_on,
            min_interviews_per_worker,
        )
        assert row is not None
        await self.conn.executemany(
            "INSERT INTO event_slots (event_id, slot_no, starts_at, minutes) VALUES ($1, $2, $3, $4)",
            [(row["id"], n, start, minutes) for n, (start, minutes) in enumerate(slots, 1)],
        )
        return EventRecord(**dict(row))

    async def set_closed(self, event_id: int, closed: bool) -> EventRecord | None:
        """Close the event now (keeping the first closing time) or reopen it."""
        status = await self.conn.execute(
            """UPDATE events SET closed_at = CASE WHEN $2 THEN coalesce(closed_at, now()) END
               WHERE id = $1""",
            event_id,
            closed,
        )
        return await self.get(event_id) if status.endswith(" 1") else None

    async def get(self, event_id: int) -> EventRecord | None:
        row = await self.conn.fetchrow(f"{_EVENT} WHERE id = $1", event_id)
        return EventRecord(**dict(row)) if row else None

    async def list_visible(
        self,
        *,
        organizer_id: int | None = None,
        employer_id: int | None = None,
        all_events: bool = False,
    ) -> list[EventRecord]:
        """Events of an organiser, events an employer is registered for, or every event."""
        rows = await self.conn.fetch(
            f"""{_EVENT} WHERE $3::boolean
                   OR organizer_id = $1
                   OR id IN (SELECT event_id FROM event_employers WHERE employer_id = $2)
                ORDER BY starts_on DESC, id DESC""",
            organizer_id,
            employer_id,
            all_events,
        )
        return [EventRecord(**dict(r)) for r in rows]

    async def slots(self, event_id: int) -> list[SlotRecord]:
        rows = await self.conn.fetch(
            "SELECT slot_no, starts_at, minutes FROM event_slots WHERE event_id = $1 ORDER BY slot_no",
            event_id,
        )
        return [SlotRecord(**dict(r)) for r in rows]

    async def update_event(self, event_id: int, changes: Mapping[str, object]) -> EventRecord:
        """Set the named columns of an event (the service checked names and values)."""
        columns = [c for c in _EDITABLE if c in changes]
        if columns:
            assignments = ", ".join(f"{c} = ${n}" for n, c in enumerate(columns, 2))
            await self.conn.execute(
                f"UPDATE events SET {assignments} WHERE id = $1",
                event_id,
                *(changes[c] for c in columns),
            )
        event = await self.get(event_id)
        assert event is not None
        return event

    async def replace_slots(self, event_id: int, slots: Sequence[tuple[datetime, int]]) -> None:
        """Make the event's slots exactly ``slots``, numbered from 1 in time order."""
        await self.conn.execute("DELETE FROM event_slots WHERE event_id = $1", event_id)
        await self.conn.executemany(
            "INSERT INTO event_slots (event_id, slot_no, starts_at, minutes) VALUES ($1, $2, $3, $4)",
            [(event_id, n, start, minutes) for n, (start, minutes) in enumerate(slots, 1)],
        )


class RegistrationRows(_Rows):
    """Registrations of employers (with vacancies and booths) and workers."""

    async def register_employer(
        self,
        event_id: int,
        employer_id: int,
        *,
        booths: int,
        max_interviews: int,
        available_slots: Sequence[int] | None,
        vacancy_ids: Sequence[int],
    ) -> None:
        """Insert or replace an employer's registration and the vacancies it brings."""
        await self.conn.execute(
            """INSERT INTO event_employers (event_id, employer_id, booths, max_interviews,
                                            available_slots)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (event_id, employer_id) DO UPDATE SET booths = EXCLUDED.booths,
                   max_interviews = EXCLUDED.max_interviews,
                   available_slots = EXCLUDED.available_slots""",
            event_id,
            employer_id,
            booths,
            max_interviews,
            None if available_slots is None else list(available_slots),
        )
        await self.conn.execute(
            """DELETE FROM event_vacancies
               WHERE event_id = $1 AND employer_id = $2 AND NOT (vacancy_id = ANY($3::bigint[]))""",
            event_id,
            employer_id,
            list(vacancy_ids),
        )
        await self.conn.execute(
            """INSERT INTO event_vacancies (event_id, employer_id, vacancy_id)
               SELECT $1, $2, v FROM unnest($3::bigint[]) AS v ON CONFLICT DO NOTHING""",
            event_id,
            employer_id,
            list(vacancy_ids),
        )

    async def employer_registrations(
        self, event_id: int, employer_id: int | None = None
    ) -> list[EmployerRegistration]:
        rows = await self.conn.fetch(
            """SELECT e.employer_id, e.booths, e.max_interviews, e.available_slots,
                      coalesce(array_agg(v.vacancy_id ORDER BY v.vacancy_id)
                               FILTER (WHERE v.vacancy_id IS NOT NULL), '{}') AS vacancy_ids
               FROM event_employers e
               LEFT JOIN event_vacancies v
                 ON v.event_id = e.event_id AND v.employer_id = e.employer_id
               WHERE e.event_id = $1 AND ($2::bigint IS NULL OR e.employer_id = $2)
               GROUP BY e.employer_id, e.booths, e.max_interviews, e.available_slots
               ORDER BY e.employer_id""",
            event_id,
            employer_id,
        )
        return [
            EmployerRegistration(
                employer_id=r["employer_id"],
                booths=r["booths"],
                max_interviews=r["max_interviews"],
                available_slots=_slots(r["available_slots"]),
                vacancy_ids=tuple(r["vacancy_ids"]),
            )
            for r in rows
        ]

    async def is_employer_registered(self, event_id: int, employer_id: int) -> bool:
        found = await self.conn.fetchval(
            "SELECT 1 FROM event_employers WHERE event_id = $1 AND employer_id = $2",
            event_id,
            employer_id,
        )
        return found is not None

    async def register_worker(
        self,
        event_id: int,
        worker_id: int,
        *,
        max_interviews: int,
        available_slots: Sequence[int] | None,
    ) -> None:
        """Insert or replace a worker's registration (re-registering revives a cancelled one)."""
        await self.conn.execute(
            """INSERT INTO event_workers (event_id, worker_id, max_interviews, available_slots)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (event_id, worker_id) DO UPDATE SET
                   max_interviews = EXCLUDED.max_interviews,
                   available_slots = EXCLUDED.available_slots, status = 'registered'""",
            event_id,
            worker_id,
            max_interviews,
            None if available_slots is None else list(available_slots),
        )

    async def register_workers_bulk(
        self, event_id: int, worker_ids: Sequence[int], max_interviews: int
    ) -> None:
        await self.conn.execute(
            """INSERT INTO event_workers (event_id, worker_id, max_interviews)
               SELECT $1, w, $3 FROM unnest($2::bigint[]) AS w ON CONFLICT DO NOTHING""",
            event_id,
            list(worker_ids),
            max_interviews,
        )

    async def set_worker_status(
        self, event_id: int, worker_id: int, status: RegistrationStatus
    ) -> bool:
        done = await self.conn.execute(
            "UPDATE event_workers SET status = $3 WHERE event_id = $1 AND worker_id = $2",
            event_id,
            worker_id,
            status,
        )
        return done.endswith(" 1")

    async def set_worker_ranking(
        self, event_id: int, worker_id: int, employer_ids: Sequence[int]
    ) -> None:
        await self.conn.execute(
            "UPDATE event_workers SET ranking = $3 WHERE event_id = $1 AND worker_id = $2",
            event_id,
            worker_id,
            list(employer_ids),
        )

    async def worker_registrations(
        self,
        event_id: int,
        *,
        worker_ids: Sequence[int] | None = None,
        agency_id: int | None = None,
        active_only: bool = False,
    ) -> list[WorkerRegistration]:
        rows = await self.conn.fetch(
            """SELECT r.worker_id, r.max_interviews, r.available_slots, r.ranking, r.status
               FROM event_workers r JOIN workers w ON w.id = r.worker_id
               WHERE r.event_id = $1
                 AND ($2::bigint[] IS NULL OR r.worker_id = ANY($2))
                 AND ($3::bigint IS NULL OR w.agency_id = $3)
                 AND (NOT $4 OR r.status = 'registered')
               ORDER BY r.worker_id""",
            event_id,
            None if worker_ids is None else list(worker_ids),
            agency_id,
            active_only,
        )
        return [
            WorkerRegistration(
                worker_id=r["worker_id"],
                max_interviews=r["max_interviews"],
                available_slots=_slots(r["available_slots"]),
                ranking=tuple(r["ranking"]),
                status=r["status"],
            )
            for r in rows
        ]

    async def count_slot_bound_registrations(self, event_id: int) -> int:
        """Registrations (employers and workers) that name the slots they are available in."""
        count: int = await self.conn.fetchval(
            """SELECT (SELECT count(*) FROM event_employers
                       WHERE event_id = $1 AND available_slots IS NOT NULL)
                    + (SELECT count(*) FROM event_workers
                       WHERE event_id = $1 AND available_slots IS NOT NULL)""",
            event_id,
        )
        return count

    async def worker_ids_by_external_id(
        self, external_ids: Sequence[str], agency_id: int | None
    ) -> dict[str, list[int]]:
        """Worker ids per external id (of one agency, or of every agency: ids may repeat)."""
        rows = await self.conn.fetch(
            """SELECT external_id, id FROM workers
               WHERE external_id = ANY($1::text[]) AND ($2::bigint IS NULL OR agency_id = $2)
               ORDER BY external_id, id""",
            list(external_ids),
            agency_id,
        )
        found: dict[str, list[int]] = {}
        for r in rows:
            found.setdefault(r["external_id"], []).append(r["id"])
        return found

    async def register_workers_many(
        self, event_id: int, worker_ids: Sequence[int], max_interviews: int
    ) -> int:
        """Register workers not yet registered and revive cancelled registrations; active ones
        are left as they are. Returns how many were registered or revived."""
        rows = await self.conn.fetch(
            """INSERT INTO event_workers (event_id, worker_id, max_interviews)
               SELECT $1, w, $3 FROM unnest($2::bigint[]) AS w
               ON CONFLICT (event_id, worker_id) DO UPDATE
                   SET status = 'registered', max_interviews = EXCLUDED.max_interviews
                   WHERE event_workers.status = 'cancelled'
               RETURNING worker_id""",
            event_id,
            list(worker_ids),
            max_interviews,
        )
        return len(rows)


class ShortlistRows(_Rows):
    """Shortlists and the pins and exclusions of organisers and employers."""

    async def replace_shortlist(
        self, event_id: int, vacancy_id: int, rows: Sequence[ShortlistRow]
    ) -> None:
        """Store a freshly computed shortlist of one vacancy; rows of pinned workers that the new
        ranking no longer lists are kept (a pin needs its score)."""
        await self.conn.execute(
            """DELETE FROM event_shortlists s WHERE s.event_id = $1 AND s.vacancy_id = $2
                 AND NOT EXISTS (SELECT 1 FROM event_decisions d WHERE d.event_id = s.event_id
                                 AND d.vacancy_id = s.vacancy_id AND d.worker_id = s.worker_id
                                 AND d.decision = 'pin')""",
            event_id,
            vacancy_id,
        )
        await self.upsert_shortlist(event_id, rows)

    async def upsert_shortlist(self, event_id: int, rows: Sequence[ShortlistRow]) -> None:
        await self.conn.executemany(
            """INSERT INTO event_shortlists (event_id, vacancy_id, worker_id, rank, score, eligible,
                                             reasons, gaps)
               VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb)
               ON CONFLICT (event_id, vacancy_id, worker_id) DO UPDATE SET rank = EXCLUDED.rank,
                   score = EXCLUDED.score, eligible = EXCLUDED.eligible,
                   reasons = EXCLUDED.reasons, gaps = EXCLUDED.gaps""",
            [
                (
                    event_id,
                    r.vacancy_id,
                    r.worker_id,
                    r.rank,
                    r.score,
                    r.eligible,
                    json.dumps(list(r.reasons), ensure_ascii=False),
                    json.dumps(list(r.gaps), ensure_ascii=False),
                )
                for r in rows
            ],
        )

    async def shortlist(
        self, event_id: int, *, vacancy_ids: Sequence[int] | None = None
    ) -> list[ShortlistRow]:
        rows = await self.conn.fetch(
            """SELECT vacancy_id, worker_id, rank, score, eligible, reasons::text AS reasons,
                      gaps::text AS gaps
               FROM event_shortlists
               WHERE event_id = $1 AND ($2::bigint[] IS NULL OR vacancy_id = ANY($2))
               ORDER BY vacancy_id, rank, worker_id""",
            event_id,
            None if vacancy_ids is None else list(vacancy_ids),
        )
        return [
            ShortlistRow(
                vacancy_id=r["vacancy_id"],
                worker_id=r["worker_id"],
                rank=r["rank"],
                score=r["score"],
                eligible=r["eligible"],
                reasons=tuple(json.loads(r["reasons"])),
                gaps=tuple(json.loads(r["gaps"])),
            )
            for r in rows
        ]

    async def set_decision(
        self, event_id: int, vacancy_id: int, worker_id: int, decision: str | None
    ) -> None:
        """Record ``pin`` or ``exclude`` for a candidate; ``None`` clears the decision."""
        if decision is None:
            await self.conn.execute(
                """DELETE FROM event_decisions
                   WHERE event_id = $1 AND vacancy_id = $2 AND worker_id = $3""",
                event_id,
                vacancy_id,
                worker_id,
            )
            return
        await self.conn.execute(
            """INSERT INTO event_decisions (event_id, vacancy_id, worker_id, decision)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (event_id, vacancy_id, worker_id) DO UPDATE
               SET decision = EXCLUDED.decision, created_at = now()""",
            event_id,
            vacancy_id,
            worker_id,
            decision,
        )

    async def decisions(self, event_id: int) -> list[Decision]:
        rows = await self.conn.fetch(
            """SELECT vacancy_id, worker_id, decision FROM event_decisions WHERE event_id = $1
               ORDER BY vacancy_id, worker_id""",
            event_id,
        )
        return [Decision(**dict(r)) for r in rows]


class InterviewRows(_Rows):
    """Interviews: the stored timetable, outcomes and what the summary counts."""

    async def interviews(
        self,
        event_id: int,
        *,
        employer_id: int | None = None,
        worker_ids: Sequence[int] | None = None,
        include_cancelled: bool = True,
    ) -> list[InterviewRecord]:
        rows = await self.conn.fetch(
            f"""{_INTERVIEW}
                WHERE event_id = $1 AND ($2::bigint IS NULL OR employer_id = $2)
                  AND ($3::bigint[] IS NULL OR worker_id = ANY($3))
                  AND ($4 OR status <> 'cancelled')
                ORDER BY slot_no, employer_id, booth, id""",
            event_id,
            employer_id,
            None if worker_ids is None else list(worker_ids),
            include_cancelled,
        )
        return [_interview(r) for r in rows]

    async def interview(self, interview_id: int) -> InterviewRecord | None:
        row = await self.conn.fetchrow(f"{_INTERVIEW} WHERE id = $1", interview_id)
        return _interview(row) if row else None

    async def count_with_outcome(self, event_id: int) -> int:
        count: int = await self.conn.fetchval(
            """SELECT count(*) FROM interviews
               WHERE event_id = $1 AND status NOT IN ('scheduled', 'cancelled')""",
            event_id,
        )
        return count

    async def store_timetable(
        self, event_id: int, mode: Mode, interviews: Sequence[NewInterview]
    ) -> None:
        """Make the scheduled interviews of the event exactly ``interviews``.

        An interview that stays in the same slot and booth keeps its row (and id); the rest of
        the scheduled rows are deleted and the new ones inserted. Cancelled and decided
        interviews are history and are left alone.
        """
        async with self.conn.transaction():
            await self._store_timetable(event_id, mode, interviews)

    async def _store_timetable(
        self, event_id: int, mode: Mode, interviews: Sequence[NewInterview]
    ) -> None:
        await self.conn.execute(
            """CREATE TEMPORARY TABLE IF NOT EXISTS new_interviews (
                   employer_id bigint, worker_id bigint, vacancy_id bigint, slot_no integer,
                   booth integer, score double precision)"""
        )
        await self.conn.execute("TRUNCATE new_interviews")
        await self.conn.copy_records_to_table(
            "new_interviews",
            records=[
                (i.employer_id, i.worker_id, i.vacancy_id, i.slot_no, i.booth, i.score)
                for i in interviews
            ],
            columns=["employer_id", "worker_id", "vacancy_id", "slot_no", "booth", "score"],
        )
        await self.conn.execute(
            """DELETE FROM interviews i WHERE i.event_id = $1 AND i.status = 'scheduled'
                 AND NOT EXISTS (SELECT 1 FROM new_interviews n
                                 WHERE n.employer_id = i.employer_id AND n.worker_id = i.worker_id
                                   AND n.slot_no = i.slot_no AND n.booth = i.booth)""",
            event_id,
        )
        await self.conn.execute(
            """UPDATE interviews i SET vacancy_id = n.vacancy_id, score = n.score, mode = $2,
                      updated_at = now()
               FROM new_interviews n
               WHERE i.event_id = $1 AND i.status = 'scheduled' AND n.employer_id = i.employer_id
                 AND n.worker_id = i.worker_id AND n.slot_no = i.slot_no AND n.booth = i.booth""",
            event_id,
            mode,
        )
        await self.conn.execute(
            """INSERT INTO interviews (event_id, employer_id, worker_id, vacancy_id, slot_no, booth,
                                       score, mode)
               SELECT $1, n.employer_id, n.worker_id, n.vacancy_id, n.slot_no, n.booth, n.score, $2
               FROM new_interviews n
               WHERE NOT EXISTS (SELECT 1 FROM interviews i
                                 WHERE i.event_id = $1 AND i.status = 'scheduled'
                                   AND n.employer_id = i.employer_id AND n.worker_id = i.worker_id
                                   AND n.slot_no = i.slot_no AND n.booth = i.booth)""",
            event_id,
            mode,
        )
        await self.conn.execute("DROP TABLE new_interviews")

    async def set_interview_status(
        self, interview_id: int, status: InterviewStatus
    ) -> InterviewRecord | None:
        row = await self.conn.fetchrow(
            """UPDATE interviews SET status = $2, updated_at = now() WHERE id = $1
               RETURNING id, event_id, employer_id, worker_id, vacancy_id, slot_no, booth, score,
                         mode, status""",
            interview_id,
            status,
        )
        return _interview(row) if row else None

    async def cancel_worker_interviews(self, event_id: int, worker_id: int) -> int:
        done = await self.conn.execute(
            """UPDATE interviews SET status = 'cancelled', updated_at = now()
               WHERE event_id = $1 AND worker_id = $2 AND status = 'scheduled'""",
            event_id,
            worker_id,
        )
        return int(done.split()[-1])

    async def summary_rows(self, event_id: int) -> list[asyncpg.Record]:
        """Per employer and field: interviews (not cancelled), offers (offer or hired), hires."""
        rows: list[asyncpg.Record] = await self.conn.fetch(
            """SELECT i.employer_id, v.ssw_field,
                      count(*) FILTER (WHERE i.status <> 'cancelled') AS interviews,
                      count(*) FILTER (WHERE i.status IN ('offer', 'hired')) AS offers,
                      count(*) FILTER (WHERE i.status = 'hired') AS hires,
                      count(*) FILTER (WHERE i.status = 'no_show') AS no_shows
               FROM interviews i JOIN vacancies v ON v.id = i.vacancy_id
               WHERE i.event_id = $1
               GROUP BY i.employer_id, v.ssw_field ORDER BY i.employer_id, v.ssw_field""",
            event_id,
        )
        return rows

    async def count_interviews(self, event_id: int) -> int:
        """Interviews of the event in any status (cancelled and decided ones are history)."""
        count: int = await self.conn.fetchval(
            "SELECT count(*) FROM interviews WHERE event_id = $1", event_id
        )
        return count


class LabelRows(_Rows):
    """Names and titles for exports and the console, and the demo event's picks."""

    async def vacancy_labels(self, event_id: int) -> list[asyncpg.Record]:
        """Id, employer, title, field and category of every vacancy the event's employers bring."""
        rows: list[asyncpg.Record] = await self.conn.fetch(
            """SELECT v.id AS vacancy_id, v.employer_id, v.title, v.ssw_field,
                      v.document->>'category' AS category
               FROM event_vacancies ev JOIN vacancies v ON v.id = ev.vacancy_id
               WHERE ev.event_id = $1 ORDER BY v.employer_id, v.id""",
            event_id,
        )
        return rows

    async def names(
        self, employer_ids: Sequence[int], vacancy_ids: Sequence[int]
    ) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
        """Employer names and (title, field) of vacancies, for exports."""
        employers = await self.conn.fetch(
            "SELECT id, name FROM employers WHERE id = ANY($1)", list(employer_ids)
        )
        vacancies = await self.conn.fetch(
            "SELECT id, title, ssw_field FROM vacancies WHERE id = ANY($1)", list(vacancy_ids)
        )
        return (
            {r["id"]: r["name"] for r in employers},
            {r["id"]: (r["title"], r["ssw_field"]) for r in vacancies},
        )

    async def demo_candidates(
        self, employer_limit: int, worker_limit: int
    ) -> tuple[list[tuple[int, list[int]]], list[int]]:
        """The first employers with open vacancies and the first workers, for the demo event."""
        employers = await self.conn.fetch(
            """SELECT employer_id, array_agg(id ORDER BY id) AS vacancy_ids FROM vacancies
               WHERE status = 'open' GROUP BY employer_id ORDER BY employer_id LIMIT $1""",
            employer_limit,
        )
        workers = await self.conn.fetch("SELECT id FROM workers ORDER BY id LIMIT $1", worker_limit)
        return (
            [(r["employer_id"], list(r["vacancy_ids"])) for r in employers],
            [r["id"] for r in workers],
        )


class EventRepository(EventRows, RegistrationRows, ShortlistRows, InterviewRows, LabelRows):
    """Every part of the events' storage on one connection."""
