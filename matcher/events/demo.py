"""A Miyagi-sized demo event on the loaded demo data, planned end to end.

``run_demo_event`` is the service function behind ``matcher events demo`` and the benchmark:
it registers the first ``employers`` employers with all their open vacancies and the first
``workers`` workers, builds the shortlists with the matching engine, plans the timetable and
reports how long each step took. The first ``agencies`` sending organisations with workers come
too, with ``agency_tables`` tables each, and their meetings with the companies are planned
around the interviews (``MeetingService``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from matcher.access.matching import MatchingEngineProtocol
from matcher.access.principal import Principal
from matcher.errors import InvalidInput
from matcher.events.meetings import MeetingService
from matcher.events.service import EventService
from matcher.events.slots import DayPlan, generate_slots
from matcher.scheduling import Mode
from matcher.storage.connection import Connection
from matcher.storage.database import same_connection
from matcher.storage.events import EventRepository
from matcher.storage.meetings import MeetingRepository
from matcher.storage.tokens import OrganizerRepository
from models.schemas.events import (
    EmployerRegistrationCreate,
    EventCreate,
    SlotIn,
    TimetableRequest,
)
from models.schemas.meetings import AgencyAtEvent, AgencyRegistrationUpdate, MeetingPlanRequest

DEMO_ORGANIZER = "DEMO-ORG"


@dataclass(frozen=True, slots=True)
class DemoReport:
    event_id: int
    employers: int
    vacancies: int
    workers: int
    slots: int
    candidate_pairs: int
    interviews: int
    total_score: float
    shortlist_seconds: float
    solve_seconds: float
    agencies: int = 0
    meetings: int = 0
    meeting_value: float = 0.0
    meeting_seconds: float = 0.0


def demo_slots(day: date, count: int, tz: ZoneInfo) -> list[SlotIn]:
    """``count`` 20-minute slots from 09:00 with 5-minute changeovers and a lunch break."""
    start = datetime(day.year, day.month, day.day, 9, tzinfo=tz)
    lunch = (start.replace(hour=12), start.replace(hour=13))
    plan = DayPlan(
        start=start,
        end=start + timedelta(hours=14),
        slot_minutes=20,
        gap_minutes=5,
        breaks=(lunch,),
    )
    generated = generate_slots([plan])[:count]
    return [SlotIn(start=s, minutes=m) for s, m in generated]


async def run_demo_event(
    conn: Connection,
    engine: MatchingEngineProtocol,
    *,
    employers: int = 120,
    workers: int = 1200,
    slots: int = 12,
    booths: int = 2,
    max_interviews_per_worker: int = 3,
    shortlist_per_vacancy: int = 30,
    mode: Mode = "optimal",
    time_limit_s: float | None = None,
    day: date | None = None,
    agencies: int = 8,
    agency_tables: int = 2,
) -> DemoReport:
    """Create and plan the demo event (in the caller's transaction)."""
    if not 1 <= slots <= 24:
        raise InvalidInput("the demo event has between 1 and 24 slots", field="slots")
    organizer = await OrganizerRepository(conn).ensure(DEMO_ORGANIZER, "Demo organiser")
    service = EventService(
        conn, Principal(role="organizer", subject_id=organizer.id, name="demo"), engine
    )
    tz = ZoneInfo("Asia/Jakarta")
    day = day or date.today()
    created = await service.create(
        EventCreate(
            name="Miyagi × Indonesia business matching (demo) / 宮城県合同企業面接会",
            venue="Jakarta",
            timezone="Asia/Jakarta",
            starts_on=day,
            slots=demo_slots(day, slots, tz),
        )
    )
    repo = EventRepository(conn)
    chosen, worker_ids = await repo.demo_candidates(employers, workers)
    if not chosen or not worker_ids:
        raise InvalidInput("no demo data: run `matcher demo load` first")
    for employer_id, vacancy_ids in chosen:
        await service.register_employer(
            created.id,
            EmployerRegistrationCreate(
                employer_id=employer_id, vacancy_ids=vacancy_ids[:50], booths=booths
            ),
        )
    await repo.register_workers_bulk(created.id, worker_ids, max_interviews_per_worker)
    started = time.perf_counter()
    await service.build_shortlists(created.id, limit_per_vacancy=shortlist_per_vacancy)
    shortlist_seconds = time.perf_counter() - started
    event = await repo.get(created.id)
    assert event is not None
    request = TimetableRequest(mode=mode, time_limit_s=time_limit_s)
    outcome = await service.solve_event(event, request)
    await service.store_plan(event, request, outcome)
    agency_ids = await MeetingRepository(conn).demo_agencies(agencies)
    meetings = MeetingService(same_connection(conn), service.principal, engine)
    await meetings.set_agencies(
        created.id,
        AgencyRegistrationUpdate(
            agencies=[AgencyAtEvent(agency_id=a, tables=agency_tables) for a in agency_ids]
        ),
    )
    started = time.perf_counter()
    planned = await meetings.plan(created.id, MeetingPlanRequest(time_limit_s=time_limit_s))
    meeting_seconds = time.perf_counter() - started
    return DemoReport(
        event_id=created.id,
        employers=len(chosen),
        vacancies=sum(min(len(v), 50) for _, v in chosen),
        workers=len(worker_ids),
        slots=len(created.slots),
        candidate_pairs=len(outcome.problem.pairs),
        interviews=len(outcome.timetable.interviews),
        total_score=outcome.timetable.total_score,
        shortlist_seconds=shortlist_seconds,
        solve_seconds=outcome.solve_seconds,
        agencies=len(agency_ids),
        meetings=planned.count,
        meeting_value=planned.total_value,
        meeting_seconds=meeting_seconds,
    )
