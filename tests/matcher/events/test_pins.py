"""Pins and exclusions by employers (issue 14, observation 5).

A pin leads to an interview and an interview discloses the worker's full profile to the
employer, so an employer may decide only on candidates of its vacancy: workers on the
vacancy's shortlist, or eligible workers it may see anyway (discoverable). Every other worker
id (unknown, not registered, hidden, ineligible) gets one and the same 404, so the answer
tells the employer nothing. Organisers and admins keep the power to pin any registered worker.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
import pytest

from matcher.access.principal import ADMIN
from matcher.access.workers import WorkerService
from matcher.engine import MatchingEngine
from matcher.errors import NotFound
from matcher.events import EventService
from matcher.storage.consents import ConsentRepository
from matcher.storage.events import EventRepository
from matcher.storage.workers import WorkerRepository
from models.schemas.events import (
    DecisionUpdate,
    EmployerRegistrationCreate,
    TimetableRequest,
    WorkerRegistrationCreate,
)
from tests import factories
from tests.matcher.events.conftest import Seed, event_body

NOBODY = 999_999


@dataclass(frozen=True)
class PinEvent:
    event_id: int
    shortlisted_hidden: int  # hidden, registered before the shortlists: on them
    late_hidden: int  # hidden, eligible, registered after the shortlists: not on them
    late_visible: int  # discoverable, eligible, registered after the shortlists
    ineligible: int  # discoverable, registered, not eligible for any vacancy
    unregistered: int  # discoverable, never registered for the event


async def hide(conn: asyncpg.Connection, seeded: Seed, worker_id: int) -> None:
    """Turn a seeded worker's ``discoverable`` off (the rest of its profile unchanged)."""
    n = seeded.workers.index(worker_id) + 1
    replaced = await WorkerRepository(conn).replace(
        worker_id, factories.worker(n, full_name=f"Siti Worker{n}", discoverable=False)
    )
    assert replaced is not None and not replaced.discoverable


async def pin_event(conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine) -> PinEvent:
    """ORG-A's event with E-1 (two booths) and E-2; workers 1-6 and the ineligible worker 11
    register before the shortlists are built, workers 9 and 10 after them; 8 never does."""
    w = seeded.workers
    made = PinEvent(
        event_id=0,
        shortlisted_hidden=w[0],
        late_hidden=w[9],
        late_visible=w[8],
        ineligible=seeded.ineligible[0],
        unregistered=w[7],
    )
    await hide(conn, seeded, made.shortlisted_hidden)
    await hide(conn, seeded, made.late_hidden)
    org = EventService(conn, seeded.org(), engine)
    event = await org.create(event_body())
    for key, vacs, booths in (("e1", ("v1a", "v1b"), 2), ("e2", ("v2",), 1)):
        await org.register_employer(
            event.id,
            EmployerRegistrationCreate(
                employer_id=seeded.employer[key],
                vacancy_ids=[seeded.vacancy[v] for v in vacs],
                booths=booths,
            ),
        )
    for worker_id in [*w[:6], made.ineligible]:
        await org.register_worker(
            event.id, WorkerRegistrationCreate(worker_id=worker_id, max_interviews=2)
        )
    await org.build_shortlists(event.id)
    for worker_id in (made.late_hidden, made.late_visible):
        await org.register_worker(
            event.id, WorkerRegistrationCreate(worker_id=worker_id, max_interviews=2)
        )
    return PinEvent(**{**made.__dict__, "event_id": event.id})


async def refused(
    service: EventService, event_id: int, vacancy_id: int, worker_id: int, decision: str | None
) -> str:
    with pytest.raises(NotFound) as caught:
        await service.decide(event_id, vacancy_id, worker_id, DecisionUpdate(decision=decision))
    return f"{type(caught.value).__name__}|{caught.value.code}|{caught.value.detail}"


async def test_employer_pins_only_candidates_with_one_answer_for_the_rest(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    ev = await pin_event(conn, seeded, engine)
    e1 = EventService(conn, seeded.emp("e1"), engine)
    v1a = seeded.vacancy["v1a"]
    listed = {e.worker.id for e in await e1.shortlist(ev.event_id, v1a)}
    assert ev.shortlisted_hidden in listed
    assert not listed & {ev.late_hidden, ev.late_visible, ev.ineligible, ev.unregistered}

    # Unknown, unregistered, hidden and ineligible workers: the same error, word for word,
    # for a pin, an exclusion or clearing a decision.
    answers = {
        await refused(e1, ev.event_id, v1a, worker_id, decision)
        for worker_id in (NOBODY, ev.unregistered, ev.late_hidden, ev.ineligible)
        for decision in ("pin", "exclude", None)
    }
    assert len(answers) == 1
    (answer,) = answers
    assert answer.startswith("NotFound|not-found|")
    for worker_id in (NOBODY, ev.unregistered, ev.late_hidden, ev.ineligible):
        assert str(worker_id) not in answer
    decided = {
        (d.vacancy_id, d.worker_id) for d in await EventRepository(conn).decisions(ev.event_id)
    }
    assert decided == set()
    assert ev.late_hidden not in {e.worker.id for e in await e1.shortlist(ev.event_id, v1a)}

    # Candidates: a shortlisted worker (hidden or not) and an eligible discoverable worker.
    await e1.decide(ev.event_id, v1a, ev.shortlisted_hidden, DecisionUpdate(decision="pin"))
    await e1.decide(ev.event_id, v1a, ev.late_visible, DecisionUpdate(decision="pin"))
    entry = next(e for e in await e1.shortlist(ev.event_id, v1a) if e.worker.id == ev.late_visible)
    assert entry.decision == "pin" and entry.eligible and entry.worker.view == "masked"

    # Planning (and re-planning) never discloses the hidden worker the employer tried to pin.
    org = EventService(conn, seeded.org(), engine)
    first = await org.plan(ev.event_id, TimetableRequest())
    again = await org.plan(ev.event_id, TimetableRequest(replan=True))
    e1_id = seeded.employer["e1"]
    for planned in (first, again):
        met = {i.worker_id for i in planned.data if i.employer_id == e1_id}
        assert ev.late_visible in met and ev.shortlisted_hidden in met
        assert ev.late_hidden not in met
    with pytest.raises(NotFound):
        await WorkerService(conn, seeded.emp("e1")).get(ev.late_hidden)
    assert ev.late_hidden not in {e.worker.id for e in await e1.shortlist(ev.event_id)}
    # The pinned, now scheduled worker is disclosed once it accepts the interview.
    visible = WorkerService(conn, seeded.emp("e1"))
    assert (await visible.get(ev.late_visible)).view == "masked"
    interview = next(
        i for i in again.data if i.employer_id == e1_id and i.worker_id == ev.late_visible
    )
    await ConsentRepository(conn).set_acceptance(interview.id, True)
    assert (await visible.get(ev.late_visible)).view == "full"


async def test_employer_clears_its_own_decision_on_a_worker_it_can_no_longer_see(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    ev = await pin_event(conn, seeded, engine)
    e1 = EventService(conn, seeded.emp("e1"), engine)
    v1a = seeded.vacancy["v1a"]
    await e1.decide(ev.event_id, v1a, ev.late_visible, DecisionUpdate(decision="exclude"))
    await hide(conn, seeded, ev.late_visible)
    # Still not pinnable (hidden, not shortlisted), but the employer may withdraw its exclusion.
    await refused(e1, ev.event_id, v1a, ev.late_visible, "pin")
    await e1.decide(ev.event_id, v1a, ev.late_visible, DecisionUpdate(decision=None))
    assert await EventRepository(conn).decisions(ev.event_id) == []


async def test_organisers_and_admins_pin_any_registered_worker(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    ev = await pin_event(conn, seeded, engine)
    org = EventService(conn, seeded.org(), engine)
    v1a, v2 = seeded.vacancy["v1a"], seeded.vacancy["v2"]
    await org.decide(ev.event_id, v1a, ev.late_hidden, DecisionUpdate(decision="pin"))
    await EventService(conn, ADMIN, engine).decide(
        ev.event_id, v2, ev.ineligible, DecisionUpdate(decision="pin")
    )
    rows = {
        (r.vacancy_id, r.worker_id): r for r in await EventRepository(conn).shortlist(ev.event_id)
    }
    assert rows[(v1a, ev.late_hidden)].eligible
    assert not rows[(v2, ev.ineligible)].eligible and rows[(v2, ev.ineligible)].gaps
    # They are told plainly when a worker is not registered (they see every registration).
    with pytest.raises(NotFound, match="not registered"):
        await org.decide(ev.event_id, v1a, ev.unregistered, DecisionUpdate(decision="pin"))
    # Another organiser does not see the event at all.
    with pytest.raises(NotFound):
        await EventService(conn, seeded.org("b"), engine).decide(
            ev.event_id, v1a, ev.late_hidden, DecisionUpdate(decision="pin")
        )
