"""Who may see and run an event (DOMAIN.md "Who sees what"): one set of rules for every part
of it (registrations, shortlists, timetable, meetings, calendars, the console).

- admin and the event's organiser own it: they register, plan, close and read everything.
  Another organiser's event is missing (404), as if it did not exist.
- agencies and workers read every event's basic data (to register for it);
- employers read the events they are registered for, and no other (404).
Pure functions: the services call them with what they read.
"""

from __future__ import annotations

from matcher.access.principal import Principal
from matcher.errors import NotFound, PermissionDenied


def owns_event(principal: Principal, organizer_id: int) -> bool:
    """Admins and the organiser that runs the event."""
    return principal.is_admin or principal.acts_for("organizer", organizer_id)


def check_event_visible(
    principal: Principal, event_id: int, organizer_id: int, *, employer_registered: bool
) -> None:
    """``NotFound`` (as if missing) unless the caller may see the event at all: the same rule
    as the rest of the event (agencies and workers read every event's basic data; employers
    the events they are registered for)."""
    visible = (
        owns_event(principal, organizer_id)
        or principal.role in ("agency", "worker")
        or (principal.role == "employer" and employer_registered)
    )
    if not visible:
        raise NotFound(f"no event with id {event_id}")


def require_event_owner(principal: Principal, organizer_id: int, action: str) -> None:
    if not owns_event(principal, organizer_id):
        raise PermissionDenied(f"only the event's organiser or an admin may {action}")
