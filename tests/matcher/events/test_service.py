"""EventService end to end on a real database and engine: the timetable guarantees at the
service level (the solvers' own properties are tested in tests/matcher/scheduling)."""

from __future__ import annotations

from collections import Counter

import asyncpg
import pytest

from matcher.access.principal import ADMIN, Principal
from matcher.engine import MatchingEngine
from matcher.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from matcher.events import EventService
from matcher.storage.audit import DisclosureRepository
from matcher.storage.consents import ConsentRepository
from matcher.storage.events import EventRepository
from models.schemas.events import (
    DecisionUpdate,
    EmployerRegistrationCreate,
    InterviewPublic,
    TimetableRequest,
    WorkerRegistrationCreate,
)
from tests.matcher.events.conftest import Seed, event_body, setup_event


async def check_guarantees(
    conn: asyncpg.Connection, event_id: int, interviews: list[InterviewPublic]
) -> None:
    """Nobody double-booked, no booth double-booked, capacities and availability hold, only
    eligible pairs unless pinned, never an excluded pair."""
    repo = EventRepository(conn)
    live = [i for i in interviews if i.status != "cancelled"]
    assert len({(i.worker_id, i.slot) for i in live}) == len(live)
    assert len({(i.employer_id, i.slot, i.booth) for i in live}) == len(live)
    employers = {r.employer_id: r for r in await repo.employer_registrations(event_id)}
    workers = {r.worker_id: r for r in await repo.worker_registrations(event_id)}
    shortlist = {(r.vacancy_id, r.worker_id): r for r in await repo.shortlist(event_id)}
    decisions = {(d.vacancy_id, d.worker_id): d.decision for d in await repo.decisions(event_id)}
    excluded = {
        (next(e for e, r in employers.items() if v in r.vacancy_ids), w)
        for (v, w), d in decisions.items()
        if d == "exclude"
    }
    for e, n in Counter(i.employer_id for i in live).items():
        assert n <= employers[e].max_interviews
    for w, n in Counter(i.worker_id for i in live).items():
        assert workers[w].status == "registered"
        assert n <= workers[w].max_interviews
    for i in live:
        reg_e, reg_w = employers[i.employer_id], workers[i.worker_id]
        assert 1 <= i.booth <= reg_e.booths
        assert i.vacancy_id in reg_e.vacancy_ids
        assert reg_e.available_slots is None or i.slot in reg_e.available_slots
        assert reg_w.available_slots is None or i.slot in reg_w.available_slots
        row = shortlist[(i.vacancy_id, i.worker_id)]
        assert row.eligible or decisions.get((i.vacancy_id, i.worker_id)) == "pin"
        assert (i.employer_id, i.worker_id) not in excluded


async def test_registration_shortlist_and_optimal_timetable(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    org = EventService(conn, seeded.org(), engine)
    shortlist = await org.shortlist(event_id)
    listed = {e.worker.id for e in shortlist}
    assert listed and listed <= set(seeded.workers) - set(seeded.ineligible)
    assert all(e.eligible and e.reasons for e in shortlist)
    assert {e.worker.view for e in shortlist} == {"contact_hidden"}

    planned = await org.plan(event_id, TimetableRequest(mode="optimal"))
    assert planned.count == len(planned.data) > 0
    await check_guarantees(conn, event_id, planned.data)
    # 4 slots x 1 booth x 3 employers = 12 interview places; workers may have 2 each.
    assert planned.count == 12
    # A scheduled interview discloses nothing until the worker accepts it (docs/privacy.md).
    disclosures = DisclosureRepository(conn)
    for i in planned.data:
        assert not await disclosures.disclosed_to(i.employer_id, [i.worker_id])
    first = planned.data[0]
    await ConsentRepository(conn).set_acceptance(first.id, True)
    basis = await disclosures.disclosed_to(first.employer_id, [first.worker_id])
    assert basis[first.worker_id].interview_id == first.id


async def test_same_input_gives_the_same_timetable(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    org = EventService(conn, seeded.org(), engine)
    first = await org.plan(event_id, TimetableRequest())
    second = await org.plan(event_id, TimetableRequest())
    key = [(i.employer_id, i.worker_id, i.vacancy_id, i.slot, i.booth) for i in first.data]
    assert key == [(i.employer_id, i.worker_id, i.vacancy_id, i.slot, i.booth) for i in second.data]
    assert [i.id for i in first.data] == [i.id for i in second.data]  # rows kept, not rewritten


async def test_pins_exclusions_availability_and_minimum(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine, booths=2)
    org = EventService(conn, seeded.org(), engine)
    e1 = EventService(conn, seeded.emp("e1"), engine)
    v1a = seeded.vacancy["v1a"]
    pinned = seeded.ineligible[0]
    # Only the organiser pins a worker that is neither shortlisted nor eligible (its promise);
    # the employer then sees the pin on its shortlist (tests/matcher/events/test_pins.py).
    await org.decide(event_id, v1a, pinned, DecisionUpdate(decision="pin"))
    entry = next(e for e in await e1.shortlist(event_id, v1a) if e.worker.id == pinned)
    assert entry.decision == "pin" and not entry.eligible and entry.gaps
    excluded = seeded.workers[0]
    await e1.decide(event_id, seeded.vacancy["v1b"], excluded, DecisionUpdate(decision="exclude"))
    # Worker 2 can only come in slot 3; employer 3 only in slots 1-2.
    limited = seeded.workers[1]
    await org.register_worker(
        event_id, WorkerRegistrationCreate(worker_id=limited, max_interviews=2, available_slots=[3])
    )
    await org.register_employer(
        event_id,
        EmployerRegistrationCreate(
            employer_id=seeded.employer["e3"],
            vacancy_ids=[seeded.vacancy["v3"]],
            booths=2,
            available_slots=[1, 2],
        ),
    )
    planned = await org.plan(
        event_id, TimetableRequest(mode="optimal", min_interviews_per_worker=1)
    )
    await check_guarantees(conn, event_id, planned.data)
    assert any(
        i.worker_id == pinned and i.employer_id == seeded.employer["e1"] for i in planned.data
    )
    assert not any(
        i.worker_id == excluded and i.employer_id == seeded.employer["e1"] for i in planned.data
    )
    assert all(i.slot == 3 for i in planned.data if i.worker_id == limited)
    eligible_workers = set(seeded.workers) - set(seeded.ineligible)
    assert eligible_workers <= {i.worker_id for i in planned.data}
    reasons = {u.reason for u in planned.unplaced}
    assert "excluded" in reasons
    assert all(i.slot in (1, 2) for i in planned.data if i.employer_id == seeded.employer["e3"])


async def test_stable_mode_uses_worker_rankings(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine, max_per_worker=1)
    worker = seeded.workers[0]
    me = EventService(conn, Principal(role="worker", subject_id=worker), engine)
    await me.rank_employers(event_id, worker, [seeded.employer["e3"], seeded.employer["e1"]])
    with pytest.raises(InvalidInput):
        await me.rank_employers(event_id, worker, [seeded.employer["e3"], seeded.employer["e3"]])
    org = EventService(conn, seeded.org(), engine)
    planned = await org.plan(event_id, TimetableRequest(mode="stable"))
    await check_guarantees(conn, event_id, planned.data)
    mine = [i for i in planned.data if i.worker_id == worker]
    assert [i.employer_id for i in mine] == [seeded.employer["e3"]]
    assert (await me.timetable(event_id)) == mine


async def test_replan_keeps_unaffected_interviews(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine, booths=2)
    org = EventService(conn, seeded.org(), engine)
    first = await org.plan(event_id, TimetableRequest())
    gone = first.data[0].worker_id
    await org.cancel_worker(event_id, gone)
    # A late registration: an eligible worker not yet scheduled anywhere takes part now.
    second = await org.plan(event_id, TimetableRequest(replan=True))
    await check_guarantees(conn, event_id, second.data)
    before = {(i.employer_id, i.worker_id): (i.id, i.slot, i.booth) for i in first.data}
    after = {(i.employer_id, i.worker_id): (i.id, i.slot, i.booth) for i in second.data}
    for pair, where in before.items():
        if pair[1] != gone:
            assert after[pair] == where
    assert gone not in {w for _, w in after}
    assert second.kept == len([p for p in before if p[1] != gone])
    everything = await org.timetable(event_id)
    assert any(i.worker_id == gone and i.status == "cancelled" for i in everything)


async def test_outcomes_pipeline_and_summary(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    org = EventService(conn, seeded.org(), engine)
    planned = await org.plan(event_id, TimetableRequest())
    e1_id = seeded.employer["e1"]
    mine = [i for i in planned.data if i.employer_id == e1_id]
    e1 = EventService(conn, seeded.emp("e1"), engine)
    assert await e1.timetable(event_id) == mine
    first, second, third = mine[0], mine[1], mine[2]
    for status in ("passed", "offer", "hired"):
        assert (await e1.record_outcome(event_id, first.id, status)).status == status
    await e1.record_outcome(event_id, second.id, "no_show")
    await org.record_outcome(event_id, third.id, "declined")
    with pytest.raises(Conflict):
        await e1.record_outcome(event_id, second.id, "passed")
    with pytest.raises(Conflict):
        await e1.record_outcome(event_id, first.id, "offer")
    other = next(i for i in planned.data if i.employer_id != e1_id)
    with pytest.raises(NotFound):
        await e1.record_outcome(event_id, other.id, "passed")
    summary = await org.summary(event_id)
    assert (summary.interviews, summary.offers, summary.hires, summary.no_shows) == (12, 1, 1, 1)
    assert [r.key for r in summary.by_field] == ["nursing_care"]
    assert len(summary.by_employer) == 3
    own = await e1.summary(event_id)
    assert len(own.by_employer) == 1 and own.hires == 1
    with pytest.raises(Conflict):
        await org.plan(event_id, TimetableRequest(replan=True))


async def test_tenants_and_roles(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    other_org = EventService(conn, seeded.org("b"), engine)
    with pytest.raises(NotFound):
        await other_org.get(event_id)
    with pytest.raises(NotFound):
        await other_org.plan(event_id, TimetableRequest())
    assert await other_org.list_events() == []
    # An employer not registered for the event does not see it.
    org = EventService(conn, seeded.org(), engine)
    bare = await org.create(event_body(name="Another day"))
    with pytest.raises(NotFound):
        await EventService(conn, seeded.emp("e1"), engine).get(bare.id)
    # Employers may not plan; agencies register only their own workers.
    with pytest.raises(PermissionDenied):
        await EventService(conn, seeded.emp("e1"), engine).plan(event_id, TimetableRequest())
    ag1 = EventService(conn, seeded.ag("ag1"), engine)
    with pytest.raises(NotFound):
        await ag1.register_worker(bare.id, WorkerRegistrationCreate(worker_id=seeded.workers[8]))
    await ag1.register_worker(bare.id, WorkerRegistrationCreate(worker_id=seeded.workers[0]))
    assert [r.worker_id for r in await ag1.worker_registrations(bare.id)] == [seeded.workers[0]]
    # Employers see only their own vacancies' shortlists, masked before disclosure.
    e2 = EventService(conn, seeded.emp("e2"), engine)
    listed = await e2.shortlist(event_id)
    assert {e.vacancy_id for e in listed} == {seeded.vacancy["v2"]}
    assert {e.worker.view for e in listed} == {"masked"}
    with pytest.raises(NotFound):
        await e2.shortlist(event_id, seeded.vacancy["v1a"])
    await org.plan(event_id, TimetableRequest())
    scheduled = {i.worker_id for i in await e2.timetable(event_id)}
    assert scheduled and not {e for e in await e2.shortlist(event_id) if e.worker.view == "full"}
    # Disclosed once accepted (docs/privacy.md).
    for i in await e2.timetable(event_id):
        await ConsentRepository(conn).set_acceptance(i.id, True)
    disclosed = {e.worker.id for e in await e2.shortlist(event_id) if e.worker.view == "full"}
    assert disclosed == scheduled
    # Agencies see their own workers' interviews only.
    ag2 = EventService(conn, seeded.ag("ag2"), engine)
    assert {i.worker_id for i in await ag2.timetable(event_id)} <= set(seeded.workers[6:])
    assert (await EventService(conn, ADMIN, engine).get(event_id)).id == event_id


async def test_exports(conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine) -> None:
    event_id = await setup_event(conn, seeded, engine, booths=2)
    org = EventService(conn, seeded.org(), engine)
    await org.plan(event_id, TimetableRequest())
    for kind in ("employer", "worker", "room"):
        file = await org.export(event_id, kind)
        lines = file.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("event_id,slot,start,end,employer_id")
        assert len(lines) == 1 + len(await org.timetable(event_id))
        assert "宮城介護" in file.content.decode("utf-8-sig")
    html = (await org.export(event_id, "html")).content.decode()
    assert "<table>" in html and "宮城介護 1" in html and "ブース 2" in html
    assert "Siti Worker" in html
    e1 = EventService(conn, seeded.emp("e1"), engine)
    own = (await e1.export(event_id, "employer")).content.decode("utf-8-sig").splitlines()
    assert all(f",{seeded.employer['e1']}," in line for line in own[1:])


async def test_exports_with_full_names_are_audited(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine, booths=2)
    org = EventService(conn, seeded.org(), engine)
    await org.plan(event_id, TimetableRequest())
    scheduled = {i.worker_id for i in await org.timetable(event_id)}
    await org.export(event_id, "worker")
    rows = await conn.fetch(
        "SELECT worker_id, view, role FROM audit_log WHERE action = 'event_export'"
    )
    assert {r["worker_id"] for r in rows} == scheduled
    assert {(r["view"], r["role"]) for r in rows} == {("contact_hidden", "organizer")}
