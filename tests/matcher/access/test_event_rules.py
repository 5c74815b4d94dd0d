"""Who may see and run an event: one rule set for every part of an event."""

from __future__ import annotations

import pytest

from matcher.access.events import check_event_visible, owns_event, require_event_owner
from matcher.access.principal import ADMIN, Principal
from matcher.errors import NotFound, PermissionDenied

ORGANIZER = Principal(role="organizer", subject_id=7)
OTHER_ORGANIZER = Principal(role="organizer", subject_id=8)
EMPLOYER = Principal(role="employer", subject_id=3)
AGENCY = Principal(role="agency", subject_id=2)
WORKER = Principal(role="worker", subject_id=11)


@pytest.mark.parametrize(
    ("principal", "registered", "sees", "owns"),
    [
        (ADMIN, False, True, True),
        (ORGANIZER, False, True, True),
        (OTHER_ORGANIZER, False, False, False),
        (EMPLOYER, True, True, False),
        (EMPLOYER, False, False, False),
        (AGENCY, False, True, False),
        (WORKER, False, True, False),
    ],
)
def test_who_sees_and_who_runs_an_event(
    principal: Principal, registered: bool, sees: bool, owns: bool
) -> None:
    assert owns_event(principal, 7) is owns
    if sees:
        check_event_visible(principal, 1, 7, employer_registered=registered)
    else:
        with pytest.raises(NotFound):  # as if the event did not exist
            check_event_visible(principal, 1, 7, employer_registered=registered)
    if owns:
        require_event_owner(principal, 7, "plan")
    else:
        with pytest.raises(PermissionDenied, match="may plan"):
            require_event_owner(principal, 7, "plan")
