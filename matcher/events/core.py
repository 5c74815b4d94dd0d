"""The core of the event service: the caller, the transaction, and the event rules every part
applies (who may see and run it, whether it is closed).

Who may do what (DOMAIN.md "Who sees what"):

- admin: everything; organiser: the events it runs (create, register, shortlist, plan, record
  outcomes, export). Another organiser's event is reported as missing (404).
- employer: events it is registered for; its own registration, shortlists (workers masked until
  disclosed), timetable, pins and exclusions (only of its vacancies' candidates: shortlisted, or
  eligible and visible to it; any other worker id is one indistinct 404), and outcomes of its
  own interviews.
- agency: registers its own workers, sees their registrations and timetables.
- worker: registers itself, ranks the employers of the event, sees its own timetable.

Agencies and workers can read every event's basic data (name, venue, slots, employers): they
need it to register. A scheduled interview discloses the worker to the employer it meets once
the worker (or its agency) accepted it, and only while it stands (``DisclosureRepository``;
docs/privacy.md). The caller's dependency owns the transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from matcher.access.events import check_event_visible, owns_event, require_event_owner
from matcher.access.matching import MatchingEngineProtocol
from matcher.access.policy import require_role
from matcher.access.principal import Principal
from matcher.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from matcher.events.problem import slot_end
from matcher.events.slots import DayPlan, check_slots, generate_slots
from matcher.storage.connection import Connection
from matcher.storage.events import (
    EventRecord,
    EventRepository,
    InterviewRecord,
    SlotRecord,
)
from matcher.storage.tokens import OrganizerRepository
from models.schemas.events import (
    DayPlanIn,
    EventCreate,
    EventPublic,
    SlotIn,
    SlotPublic,
)


class TimetableInfeasible(Conflict):
    """The registrations cannot carry the constraints (pins, minimum interviews)."""

    code = "timetable-infeasible"


class EventClosed(Conflict):
    """The organiser closed the event: what it registered and planned no longer changes."""

    code = "event-closed"


async def visible_event(repo: EventRepository, principal: Principal, event_id: int) -> EventRecord:
    """The event if ``principal`` may see it at all (``matcher.access.events``; an employer
    must be registered for it); otherwise ``NotFound``, as if it did not exist."""
    event = await repo.get(event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id}")
    registered = (
        principal.role == "employer"
        and principal.subject_id is not None
        and await repo.is_employer_registered(event_id, principal.subject_id)
    )
    check_event_visible(principal, event_id, event.organizer_id, employer_registered=registered)
    return event


def ensure_open(event: EventRecord, action: str) -> None:
    """Refuse a change to a closed event (409 naming ``status``). Outcomes, exports, reads and
    a worker's withdrawal from the event are not changes of the day's plan and stay allowed."""
    if event.closed_at is not None:
        raise EventClosed(
            f"the event was closed on {event.closed_at:%Y-%m-%d %H:%M} UTC; reopen it to {action}",
            field="status",
        )


class EventCore:
    """What every part of an event needs: the caller, its connection, the repository, and who
    may see and run the event (``matcher.access.events``). The parts (registrations,
    shortlists, timetable, outcomes, exports) build on it; ``EventService`` joins them."""

    def __init__(
        self,
        conn: Connection,
        principal: Principal,
        engine: MatchingEngineProtocol | None = None,
        *,
        today: date | None = None,
    ) -> None:
        self.conn = conn
        self.principal = principal
        self.engine = engine
        self.today = today or date.today()
        self.repo = EventRepository(conn)

    # -- access ----------------------------------------------------------------------------

    def owns(self, event: EventRecord) -> bool:
        """Whether the caller runs ``event`` (its organiser, or an admin)."""
        return owns_event(self.principal, event.organizer_id)

    async def visible(self, event_id: int) -> EventRecord:
        """The event if the caller may see it at all (``matcher.access.events``); otherwise
        ``NotFound`` (as if missing)."""
        return await visible_event(self.repo, self.principal, event_id)

    async def managed(self, event_id: int, action: str) -> EventRecord:
        """The event if the caller may see it and run it (``action`` names what it wanted,
        for the 403 of a participant who may only see it)."""
        event = await self.visible(event_id)
        require_event_owner(self.principal, event.organizer_id, action)
        return event

    async def visible_interviews(self, event: EventRecord) -> list[InterviewRecord]:
        """The interviews of ``event`` the caller may see: all (organiser, admin), an
        employer's own, an agency's workers', a worker's own."""
        p = self.principal
        if self.owns(event):
            return await self.repo.interviews(event.id)
        if p.role == "employer":
            return await self.repo.interviews(event.id, employer_id=p.subject_id or 0)
        if p.role == "worker":
            return await self.repo.interviews(event.id, worker_ids=[p.subject_id or 0])
        if p.role == "agency":
            own = await self.repo.worker_registrations(event.id, agency_id=p.subject_id or 0)
            return await self.repo.interviews(event.id, worker_ids=[r.worker_id for r in own])
        return []

    async def _public(self, event: EventRecord) -> EventPublic:
        slots = await self.repo.slots(event.id)
        return EventPublic(
            id=event.id,
            organizer_id=event.organizer_id,
            name=event.name,
            venue=event.venue,
            online=event.online,
            timezone=event.timezone,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            min_interviews_per_worker=event.min_interviews_per_worker,
            slots=[_slot_public(s) for s in slots],
            status="open" if event.closed_at is None else "closed",
            closed_at=event.closed_at,
        )

    async def set_closed(self, event_id: int, closed: bool) -> EventPublic:
        """Close the event once the day is over (idempotent), or reopen it to correct it."""
        event = await self.managed(event_id, "close or reopen the event")
        changed = await self.repo.set_closed(event.id, closed)
        assert changed is not None  # the row was just read in this transaction
        return await self._public(changed)

    # -- events ----------------------------------------------------------------------------

    async def create(self, body: EventCreate) -> EventPublic:
        p = self.principal
        require_role(p, "admin", "organizer", action="create events")
        if p.role == "organizer":
            if body.organizer_id not in (None, p.subject_id):
                raise PermissionDenied("organisers create events only for themselves")
            organizer_id = p.subject_id or 0
        else:
            if body.organizer_id is None:
                raise InvalidInput("admins must name the organizer_id", field="organizer_id")
            organizer_id = body.organizer_id
        if not await OrganizerRepository(self.conn).existing_ids([organizer_id]):
            raise NotFound(f"no organiser with id {organizer_id}", field="organizer_id")
        slots = event_slots(body.slot_plan, body.slots)
        event = await self.repo.create(
            organizer_id=organizer_id,
            name=body.name,
            venue=body.venue,
            online=body.online,
            timezone=body.timezone,
            starts_on=body.starts_on,
            ends_on=body.ends_on or body.starts_on,
            min_interviews_per_worker=body.min_interviews_per_worker,
            slots=slots,
        )
        return await self._public(event)

    async def get(self, event_id: int) -> EventPublic:
        return await self._public(await self.visible(event_id))

    async def list_events(self) -> list[EventPublic]:
        p = self.principal
        events = await self.repo.list_visible(
            organizer_id=p.subject_id if p.role == "organizer" else None,
            employer_id=p.subject_id if p.role == "employer" else None,
            all_events=p.role in ("admin", "agency", "worker"),
        )
        return [await self._public(e) for e in events]


def event_slots(
    slot_plan: Sequence[DayPlanIn] | None, slots: Sequence[SlotIn] | None
) -> list[tuple[datetime, int]]:
    """The slots ``(start, minutes)`` an event gets from a day plan or an explicit list: what
    creating, editing and previewing an event all use, so the preview is what is stored."""
    if slots is not None:
        return check_slots([(s.start, s.minutes) for s in slots])
    return generate_slots(
        [
            DayPlan(
                start=d.day_start,
                end=d.day_end,
                slot_minutes=d.slot_minutes,
                gap_minutes=d.gap_minutes,
                breaks=tuple((b.start, b.end) for b in d.breaks),
            )
            for d in slot_plan or ()
        ]
    )


def _slot_public(s: SlotRecord) -> SlotPublic:
    return SlotPublic(
        id=s.slot_no, start=s.starts_at, end=slot_end(s.starts_at, s.minutes), minutes=s.minutes
    )
