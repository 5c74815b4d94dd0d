"""Who may do what with company-meets-sending-organisation meetings (DOMAIN.md "Who sees what").

- admin and the event's organiser: register agencies, pin pairs, plan, read and export every
  meeting, set how any meeting is held. Another organiser's event is missing (404).
- employer (registered for the event): reads and exports its own meetings, sets how its own
  meetings are held (in person or online, with the link). Another company's meeting is missing.
- agency: reads and exports its own meetings, with the company's vacancies and which of its
  own workers fit them (it registered those workers and sees them in full).
- worker: no meetings (they are between companies and organisations); 403.

Every role that can see the event reads its list of agencies (names and tables are not
personal data, and a company needs them to prepare). Pure functions: the service calls them.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.access.events import owns_event
from matcher.access.principal import Principal
from matcher.errors import NotFound, PermissionDenied


@dataclass(frozen=True, slots=True)
class MeetingScope:
    """Which meetings of an event a caller sees: all of them, or one company's or agency's."""

    employer_id: int | None = None
    agency_id: int | None = None

    @property
    def everything(self) -> bool:
        return self.employer_id is None and self.agency_id is None


def meeting_scope(principal: Principal, organizer_id: int) -> MeetingScope:
    """The meetings the caller sees (after ``check_event_visible``); workers see none (403)."""
    if owns_event(principal, organizer_id):
        return MeetingScope()
    if principal.role == "employer":
        return MeetingScope(employer_id=principal.subject_id or 0)
    if principal.role == "agency":
        return MeetingScope(agency_id=principal.subject_id or 0)
    raise PermissionDenied("meetings are between companies and sending organisations")


def check_may_set_way(
    principal: Principal, organizer_id: int, meeting_id: int, employer_id: int
) -> None:
    """How a meeting is held is set by the organiser, an admin or the meeting's company (its
    link is the company's video room); another company's meeting is missing, other roles 403."""
    if owns_event(principal, organizer_id) or principal.acts_for("employer", employer_id):
        return
    if principal.role == "employer":
        raise NotFound(f"no meeting with id {meeting_id}")
    raise PermissionDenied("only the organiser, an admin or the company sets how it meets")


def sees_offers(scope: MeetingScope) -> bool:
    """Only an agency is shown which of its workers a meeting is about: they are its own."""
    return scope.agency_id is not None
