"""EventService: business-matching events as one caller may see and run them, joined from one
module per part of an event (``core``, ``registrations``, ``shortlists``, ``timetable``,
``outcomes``, ``export_files``). Who may do what is in ``matcher.events.core`` and
``matcher.access.events``; the caller's dependency owns the transaction and nothing here commits.
"""

from __future__ import annotations

from matcher.events.core import (
    EventClosed,
    EventCore,
    TimetableInfeasible,
    ensure_open,
    event_slots,
)
from matcher.events.export_files import EventExports
from matcher.events.outcomes import EventOutcomes
from matcher.events.registrations import EventRegistrations
from matcher.events.shortlists import NO_CANDIDATE, EventShortlists
from matcher.events.timetable import EventTimetable, PlanOutcome, solver_refusals, unplaced_public

__all__ = [
    "NO_CANDIDATE",
    "EventClosed",
    "EventCore",
    "EventService",
    "PlanOutcome",
    "TimetableInfeasible",
    "ensure_open",
    "event_slots",
    "solver_refusals",
    "unplaced_public",
]


class EventService(
    EventRegistrations, EventShortlists, EventTimetable, EventOutcomes, EventExports
):
    """Every part of an event for one caller, on one connection."""
