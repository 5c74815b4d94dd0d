"""An interview as the API shows it: slot, outcome, how it is held and both parties' times.

Every route that returns interviews (timetable, planning, outcomes, the details PATCH, the day
agenda) builds them here, so the times and the defaults are computed one way. ``InterviewContext``
is what that needs besides the row: the event, its slots, the stored details of its pairs and
the zones of the workers concerned, fetched in three queries however many interviews there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from matcher.events.problem import slot_end
from matcher.storage.connection import Connection
from matcher.storage.events import EventRecord, EventRepository, InterviewRecord, SlotRecord
from matcher.storage.interview_details import InterviewDetails, InterviewDetailsRepository
from models.schemas.events import InterviewPublic
from models.schemas.interviews import InterviewTimes, LocalTime
from models.timezones import JAPAN_ZONE, worker_zone


def default_mode(event: EventRecord) -> str:
    """How an interview is held before anyone says otherwise: online at an event without a
    venue, in person at the booth otherwise."""
    return "online" if event.online and event.venue is None else "in_person"


def default_details(event: EventRecord, employer_id: int, worker_id: int) -> InterviewDetails:
    return InterviewDetails(
        employer_id=employer_id,
        worker_id=worker_id,
        mode=default_mode(event),
        online_url=None,
        language=None,
        interpreter_needed=False,
        interpreter=None,
    )


def local_time(zone: str, start: datetime, end: datetime) -> LocalTime:
    tz = ZoneInfo(zone)
    local_start = start.astimezone(tz)
    return LocalTime(
        zone=zone,
        abbreviation=local_start.tzname() or zone,
        start=local_start,
        end=end.astimezone(tz),
    )


def interview_times(
    start: datetime, end: datetime, *, event_zone: str, worker_zone: str | None
) -> InterviewTimes:
    return InterviewTimes(
        event=local_time(event_zone, start, end),
        employer=local_time(JAPAN_ZONE, start, end),
        worker=local_time(worker_zone, start, end) if worker_zone else None,
    )


@dataclass(frozen=True, slots=True)
class InterviewContext:
    event: EventRecord
    slots: dict[int, SlotRecord]
    details: dict[tuple[int, int], InterviewDetails]
    worker_zones: dict[int, str | None]

    def details_of(self, i: InterviewRecord) -> InterviewDetails:
        return self.details.get((i.employer_id, i.worker_id)) or default_details(
            self.event, i.employer_id, i.worker_id
        )

    def public(self, i: InterviewRecord) -> InterviewPublic:
        slot = self.slots[i.slot_no]
        end = slot_end(slot.starts_at, slot.minutes)
        d = self.details_of(i)
        return InterviewPublic(
            id=i.id,
            employer_id=i.employer_id,
            worker_id=i.worker_id,
            vacancy_id=i.vacancy_id,
            slot=i.slot_no,
            start=slot.starts_at,
            end=end,
            booth=i.booth,
            score=i.score,
            plan_mode=i.mode,
            status=i.status,
            mode=d.mode,
            online_url=d.online_url,
            language=d.language,
            interpreter_needed=d.interpreter_needed,
            interpreter=d.interpreter,
            times=interview_times(
                slot.starts_at,
                end,
                event_zone=self.event.timezone,
                worker_zone=self.worker_zones.get(i.worker_id),
            ),
        )


async def load_context(
    conn: Connection, event: EventRecord, interviews: Sequence[InterviewRecord]
) -> InterviewContext:
    """Everything ``InterviewContext.public`` needs for ``interviews`` of ``event``."""
    repo = InterviewDetailsRepository(conn)
    worker_ids = sorted({i.worker_id for i in interviews})
    provinces = await repo.worker_provinces(worker_ids)
    return InterviewContext(
        event=event,
        slots={s.slot_no: s for s in await EventRepository(conn).slots(event.id)},
        details=await repo.for_event(event.id, worker_ids),
        worker_zones={w: worker_zone(p) for w, p in provinces.items()},
    )
