"""Business-matching events: registration, shortlists, the interview timetable and outcomes.

``EventService`` (the access-checked service the API and CLI call) builds a
``matcher.scheduling.TimetableProblem`` from an event's registrations and shortlist scores,
solves it, stores the interviews and discloses scheduled workers to their employers.
``run_demo_event`` plans a Miyagi-sized demo event on the loaded demo data.
"""

from matcher.events.demo import DemoReport, run_demo_event
from matcher.events.exports import ExportFile
from matcher.events.pipeline import TRANSITIONS, check_transition
from matcher.events.service import EventService, PlanOutcome, TimetableInfeasible
from matcher.events.slots import DayPlan, generate_slots

__all__ = [
    "TRANSITIONS",
    "DayPlan",
    "DemoReport",
    "EventService",
    "ExportFile",
    "PlanOutcome",
    "TimetableInfeasible",
    "check_transition",
    "generate_slots",
    "run_demo_event",
]
