"""MeetingRepository: every SQL statement of company-meets-sending-organisation meetings.

The agencies at an event (tables, presence), the per-pair pin and way of meeting, the planned
meetings and the workers each meeting's value counts. Writes share the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from matcher.errors import Conflict
from matcher.storage.connection import Connection


@dataclass(frozen=True, slots=True)
class AgencyRegistration:
    agency_id: int
    external_id: str
    name: str
    tables: int
    present_slots: tuple[int, ...] | None


@dataclass(frozen=True, slots=True)
class MeetingPair:
    """What belongs to a (company, agency) pair across re-plans."""

    employer_id: int
    agency_id: int
    pinned: bool
    mode: str
    online_url: str | None


@dataclass(frozen=True, slots=True)
class EventVacancy:
    """A vacancy the company brings to the event, with what the value formula needs."""

    vacancy_id: int
    employer_id: int
    headcount: int
    title: str
    ssw_field: str
    category: str | None = None
    prefecture: str | None = None
    salary_monthly_jpy: int | None = None
    starts_on: str | None = None


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    id: int
    employer_id: int
    employer_name: str
    employer_name_ja: str | None
    agency_id: int
    agency_name: str
    slot_no: int
    table_no: int
    booth: int
    value: float
    workers: int
    seats: int
    plan_mode: str
    pinned: bool
    mode: str
    online_url: str | None


@dataclass(frozen=True, slots=True)
class NewMeeting:
    employer_id: int
    agency_id: int
    slot_no: int
    table_no: int
    booth: int
    value: float
    workers: int
    seats: int


@dataclass(frozen=True, slots=True)
class OfferRow:
    """One worker of the agency counted for one vacancy of the company."""

    employer_id: int
    agency_id: int
    vacancy_id: int
    worker_id: int
    score: float


_MEETING = """SELECT m.id, m.employer_id, e.name AS employer_name,
                     e.profile->>'name_ja' AS employer_name_ja, m.agency_id,
                     a.name AS agency_name, m.slot_no, m.table_no, m.booth, m.value, m.workers,
                     m.seats, m.plan_mode, coalesce(p.pinned, false) AS pinned,
                     coalesce(p.mode, 'in_person') AS mode, p.online_url
              FROM meetings m
              JOIN employers e ON e.id = m.employer_id
              JOIN agencies a ON a.id = m.agency_id
              LEFT JOIN event_meeting_pairs p ON p.event_id = m.event_id
                   AND p.employer_id = m.employer_id AND p.agency_id = m.agency_id"""


def _slots(value: Sequence[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(sorted(value))


class MeetingRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- agencies --------------------------------------------------------------------------

    async def existing_agencies(self, agency_ids: Sequence[int]) -> set[int]:
        rows = await self.conn.fetch(
            "SELECT id FROM agencies WHERE id = ANY($1::bigint[])", list(agency_ids)
        )
        return {r["id"] for r in rows}

    async def replace_agencies(
        self, event_id: int, agencies: Sequence[tuple[int, int, Sequence[int] | None]]
    ) -> None:
        """Make the event's agencies exactly ``(agency_id, tables, present_slots)``; removing an
        agency removes its meetings, pins and offers (foreign keys)."""
        await self.conn.execute(
            """DELETE FROM event_agencies
               WHERE event_id = $1 AND NOT (agency_id = ANY($2::bigint[]))""",
            event_id,
            [a for a, _, _ in agencies],
        )
        await self.conn.executemany(
            """INSERT INTO event_agencies (event_id, agency_id, tables, present_slots)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (event_id, agency_id) DO UPDATE SET tables = EXCLUDED.tables,
                   present_slots = EXCLUDED.present_slots""",
            [
                (event_id, a, tables, None if slots is None else list(slots))
                for a, tables, slots in agencies
            ],
        )

    async def agencies(self, event_id: int) -> list[AgencyRegistration]:
        rows = await self.conn.fetch(
            """SELECT r.agency_id, a.external_id, a.name, r.tables, r.present_slots
               FROM event_agencies r JOIN agencies a ON a.id = r.agency_id
               WHERE r.event_id = $1 ORDER BY r.agency_id""",
            event_id,
        )
        return [
            AgencyRegistration(
                agency_id=r["agency_id"],
                external_id=r["external_id"],
                name=r["name"],
                tables=r["tables"],
                present_slots=_slots(r["present_slots"]),
            )
            for r in rows
        ]

    async def is_agency_registered(self, event_id: int, agency_id: int) -> bool:
        found = await self.conn.fetchval(
            "SELECT 1 FROM event_agencies WHERE event_id = $1 AND agency_id = $2",
            event_id,
            agency_id,
        )
        return found is not None

    async def pool(self, event_id: int) -> dict[int, int]:
        """worker id -> agency id for every worker of the event's agencies."""
        rows = await self.conn.fetch(
            """SELECT w.id, w.agency_id FROM workers w
               JOIN event_agencies r ON r.agency_id = w.agency_id AND r.event_id = $1""",
            event_id,
        )
        return {r["id"]: r["agency_id"] for r in rows}

    async def event_vacancies(self, event_id: int) -> list[EventVacancy]:
        """The vacancies the registered companies bring, with their headcount (default 1)."""
        rows = await self.conn.fetch(
            """SELECT v.id, ev.employer_id,
                      greatest(1, coalesce((v.document->>'headcount')::integer, 1)) AS headcount,
                      v.title, v.ssw_field, v.document->>'category' AS category,
                      v.document->>'prefecture' AS prefecture,
                      (v.document->>'salary_monthly_jpy')::integer AS salary_monthly_jpy,
                      v.document->>'starts_on' AS starts_on
               FROM event_vacancies ev JOIN vacancies v ON v.id = ev.vacancy_id
               WHERE ev.event_id = $1 ORDER BY v.id""",
            event_id,
        )
        return [
            EventVacancy(
                vacancy_id=r["id"],
                employer_id=r["employer_id"],
                headcount=r["headcount"],
                title=r["title"],
                ssw_field=r["ssw_field"],
                category=r["category"],
                prefecture=r["prefecture"],
                salary_monthly_jpy=r["salary_monthly_jpy"],
                starts_on=r["starts_on"],
            )
            for r in rows
        ]

    async def interview_booths(self, event_id: int) -> dict[tuple[int, int], set[int]]:
        """(employer id, slot number) -> booths its standing interviews occupy."""
        rows = await self.conn.fetch(
            """SELECT employer_id, slot_no, array_agg(booth) AS booths FROM interviews
               WHERE event_id = $1 AND status <> 'cancelled'
               GROUP BY employer_id, slot_no""",
            event_id,
        )
        return {(r["employer_id"], r["slot_no"]): set(r["booths"]) for r in rows}

    # -- pairs: pins and the way of meeting ------------------------------------------------

    async def pairs(self, event_id: int) -> list[MeetingPair]:
        rows = await self.conn.fetch(
            """SELECT employer_id, agency_id, pinned, mode, online_url FROM event_meeting_pairs
               WHERE event_id = $1 ORDER BY employer_id, agency_id""",
            event_id,
        )
        return [MeetingPair(**dict(r)) for r in rows]

    async def set_pin(self, event_id: int, employer_id: int, agency_id: int, pinned: bool) -> None:
        await self.conn.execute(
            """INSERT INTO event_meeting_pairs (event_id, employer_id, agency_id, pinned)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (event_id, employer_id, agency_id) DO UPDATE SET pinned = $4""",
            event_id,
            employer_id,
            agency_id,
            pinned,
        )

    async def set_way(
        self, event_id: int, employer_id: int, agency_id: int, mode: str, online_url: str | None
    ) -> None:
        await self.conn.execute(
            """INSERT INTO event_meeting_pairs (event_id, employer_id, agency_id, mode, online_url)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (event_id, employer_id, agency_id) DO UPDATE
               SET mode = $4, online_url = $5""",
            event_id,
            employer_id,
            agency_id,
            mode,
            online_url,
        )

    # -- meetings --------------------------------------------------------------------------

    async def meetings(
        self, event_id: int, *, employer_id: int | None = None, agency_id: int | None = None
    ) -> list[MeetingRecord]:
        rows = await self.conn.fetch(
            f"""{_MEETING}
                WHERE m.event_id = $1 AND ($2::bigint IS NULL OR m.employer_id = $2)
                  AND ($3::bigint IS NULL OR m.agency_id = $3)
                ORDER BY m.slot_no, m.employer_id, m.agency_id""",
            event_id,
            employer_id,
            agency_id,
        )
        return [MeetingRecord(**dict(r)) for r in rows]

    async def meeting(self, event_id: int, meeting_id: int) -> MeetingRecord | None:
        row = await self.conn.fetchrow(
            f"{_MEETING} WHERE m.event_id = $1 AND m.id = $2", event_id, meeting_id
        )
        return MeetingRecord(**dict(row)) if row else None

    async def store(
        self, event_id: int, meetings: Sequence[NewMeeting], offers: Sequence[OfferRow]
    ) -> None:
        """Make the event's meetings exactly ``meetings`` and its offers exactly ``offers``.

        A meeting that stays with the same pair, slot and table keeps its row and id (its
        booth, value and counts follow the new plan); the others are replaced. A plan solved
        on registrations changed since (an agency removed, a slot gone) is a ``Conflict``.
        """
        try:
            await self._store(event_id, meetings, offers)
        except (asyncpg.ForeignKeyViolationError, asyncpg.UniqueViolationError) as exc:
            raise Conflict(
                "the registrations changed while the meetings were planned; plan again",
                field="replan",
            ) from exc

    async def _store(
        self, event_id: int, meetings: Sequence[NewMeeting], offers: Sequence[OfferRow]
    ) -> None:
        async with self.conn.transaction():
            # Two plans of one event store one after the other: interleaved, the second one's
            # DELETE would miss the first one's new rows and its INSERT collide with them.
            await self.conn.execute(
                "SELECT 1 FROM events WHERE id = $1 FOR NO KEY UPDATE", event_id
            )
            await self.conn.execute(
                """DELETE FROM meetings m WHERE m.event_id = $1 AND NOT EXISTS (
                       SELECT 1 FROM unnest($2::bigint[], $3::bigint[], $4::integer[],
                                            $5::integer[]) AS n(e, a, s, t)
                       WHERE n.e = m.employer_id AND n.a = m.agency_id AND n.s = m.slot_no
                         AND n.t = m.table_no)""",
                event_id,
                [m.employer_id for m in meetings],
                [m.agency_id for m in meetings],
                [m.slot_no for m in meetings],
                [m.table_no for m in meetings],
            )
            await self.conn.executemany(
                """INSERT INTO meetings (event_id, employer_id, agency_id, slot_no, table_no,
                                         booth, value, workers, seats)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                   ON CONFLICT (event_id, employer_id, agency_id) DO UPDATE SET
                       booth = EXCLUDED.booth, value = EXCLUDED.value,
                       workers = EXCLUDED.workers, seats = EXCLUDED.seats, updated_at = now()""",
                [
                    (
                        event_id,
                        m.employer_id,
                        m.agency_id,
                        m.slot_no,
                        m.table_no,
                        m.booth,
                        m.value,
                        m.workers,
                        m.seats,
                    )
                    for m in meetings
                ],
            )
            await self.conn.execute("DELETE FROM meeting_offers WHERE event_id = $1", event_id)
            await self.conn.executemany(
                """INSERT INTO meeting_offers (event_id, employer_id, agency_id, vacancy_id,
                                               worker_id, score)
                   VALUES ($1, $2, $3, $4, $5, $6)""",
                [
                    (event_id, o.employer_id, o.agency_id, o.vacancy_id, o.worker_id, o.score)
                    for o in offers
                ],
            )

    async def offers(
        self, event_id: int, agency_id: int, employer_ids: Sequence[int]
    ) -> list[OfferRow]:
        rows = await self.conn.fetch(
            """SELECT employer_id, agency_id, vacancy_id, worker_id, score FROM meeting_offers
               WHERE event_id = $1 AND agency_id = $2 AND employer_id = ANY($3::bigint[])
               ORDER BY employer_id, vacancy_id, score DESC, worker_id""",
            event_id,
            agency_id,
            list(employer_ids),
        )
        return [OfferRow(**dict(r)) for r in rows]

    async def worker_names(self, agency_id: int, worker_ids: Sequence[int]) -> dict[int, str]:
        """Full names of the agency's own workers among ``worker_ids`` (no one else's)."""
        rows = await self.conn.fetch(
            """SELECT id, full_name FROM workers
               WHERE agency_id = $1 AND id = ANY($2::bigint[])""",
            agency_id,
            list(worker_ids),
        )
        return {r["id"]: r["full_name"] for r in rows}

    async def demo_agencies(self, limit: int) -> list[int]:
        """The first agencies that have workers (the self-registered pseudo-agency aside), for
        the demo event."""
        rows = await self.conn.fetch(
            """SELECT a.id FROM agencies a
               WHERE a.kind <> 'self' AND EXISTS (SELECT 1 FROM workers w WHERE w.agency_id = a.id)
               ORDER BY a.id LIMIT $1""",
            limit,
        )
        return [r["id"] for r in rows]
