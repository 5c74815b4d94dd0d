"""Company meets sending organisation: the value formula, and plans on a real database with the
real engine (fake embedder): zero-value pairs never scheduled, no double booking, pins,
re-plans that keep unaffected meetings, presence slots and booths taken by interviews."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.engine import MatchingEngine
from matcher.engine.results import MatchQuery, WorkerFilters
from matcher.errors import InvalidInput, NotFound, PermissionDenied
from matcher.events import EventService, TimetableInfeasible
from matcher.events.meeting_value import Candidate, PairValue, pair_value
from matcher.events.meetings import (
    MeetingInputs,
    MeetingService,
    company_slots,
    pair_values,
    solve_meetings,
)
from matcher.scheduling import InfeasibleTimetable
from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import same_connection
from matcher.storage.events import EmployerRegistration, EventRecord, SlotRecord
from matcher.storage.meetings import AgencyRegistration, MeetingPair, MeetingRecord
from matcher.storage.workers import WorkerRepository
from models.schemas.events import TimetableRequest
from models.schemas.meetings import (
    AgencyAtEvent,
    AgencyRegistrationUpdate,
    MeetingPlanRequest,
    MeetingUpdate,
)
from tests import factories
from tests.matcher.events.conftest import Seed, setup_event

# -- the value formula ---------------------------------------------------------------------


def brute_force_value(headcounts: dict[int, int], candidates: list[Candidate]) -> float:
    """The definition, by enumeration: every way to give each worker one vacancy or none."""
    usable = [c for c in candidates if c.vacancy_id in headcounts and c.score > 0]
    workers = sorted({c.worker_id for c in usable})
    options = {w: [None] + [c for c in usable if c.worker_id == w] for w in workers}
    best = 0.0
    for choice in itertools.product(*(options[w] for w in workers)):
        taken = Counter(c.vacancy_id for c in choice if c is not None)
        if all(n <= headcounts[v] for v, n in taken.items()):
            best = max(best, sum(c.score for c in choice if c is not None))
    return best


candidate_lists = st.lists(
    st.builds(
        Candidate,
        worker_id=st.integers(1, 5),
        vacancy_id=st.integers(1, 3),
        score=st.floats(0.0, 1.0, allow_nan=False),
    ),
    max_size=9,
    unique_by=lambda c: (c.worker_id, c.vacancy_id),
)
headcount_maps = st.dictionaries(st.integers(1, 3), st.integers(1, 3), min_size=1)


@settings(max_examples=150, deadline=None)
@given(headcounts=headcount_maps, candidates=candidate_lists)
def test_value_is_the_best_assignment_capped_by_headcount(
    headcounts: dict[int, int], candidates: list[Candidate]
) -> None:
    found = pair_value(headcounts, candidates)
    assert found.value == pytest.approx(brute_force_value(headcounts, candidates), abs=1e-9)
    assert found.value == pytest.approx(sum(c.score for c in found.counted))
    assert found.seats == sum(headcounts.values())
    # Each worker counted once, no vacancy over its headcount, only real candidates.
    assert len({c.worker_id for c in found.counted}) == len(found.counted)
    per_vacancy = Counter(c.vacancy_id for c in found.counted)
    assert all(per_vacancy[v] <= headcounts[v] for v in per_vacancy)
    assert set(found.counted) <= set(candidates)
    assert len(found.counted) <= found.seats


@settings(max_examples=100, deadline=None)
@given(headcounts=headcount_maps, candidates=candidate_lists, extra=candidate_lists)
def test_a_larger_pool_never_offers_less(
    headcounts: dict[int, int], candidates: list[Candidate], extra: list[Candidate]
) -> None:
    more = {(c.worker_id, c.vacancy_id): c for c in candidates}
    for c in extra:
        shifted = Candidate(c.worker_id + 10, c.vacancy_id, c.score)
        more[(shifted.worker_id, shifted.vacancy_id)] = shifted
    assert pair_value(headcounts, list(more.values())).value >= (
        pair_value(headcounts, candidates).value - 1e-9
    )


def test_value_worked_example() -> None:
    """Two nursing vacancies (headcount 2 and 1) and three eligible workers: the worker who fits
    both is counted once, and the cap keeps the third vacancy seat empty-handed."""
    value = pair_value(
        {10: 2, 11: 1},
        [
            Candidate(1, 10, 0.9),
            Candidate(1, 11, 0.8),
            Candidate(2, 11, 0.6),
            Candidate(3, 10, 0.5),
        ],
    )
    assert value.value == pytest.approx(0.9 + 0.6 + 0.5)
    assert [(c.worker_id, c.vacancy_id) for c in value.counted] == [(1, 10), (2, 11), (3, 10)]
    assert value.seats == 3
    assert pair_value({10: 1}, [Candidate(1, 11, 0.9)]).value == 0.0
    assert pair_value({10: 1}, [Candidate(1, 10, 0.0)]).value == 0.0


# -- plans on the database ------------------------------------------------------------------


async def register_agencies(
    conn: asyncpg.Connection, s: Seed, event_id: int, **tables: Any
) -> MeetingService:
    service = MeetingService(same_connection(conn), s.org())
    await service.set_agencies(
        event_id,
        AgencyRegistrationUpdate(
            agencies=[
                AgencyAtEvent(agency_id=s.agency[key], **spec) for key, spec in tables.items()
            ]
        ),
    )
    return service


def assert_no_double_booking(data: list[Any], tables: dict[int, int]) -> None:
    company_slots = Counter((m.employer_id, m.slot) for m in data)
    assert max(company_slots.values(), default=0) <= 1
    agency_tables = Counter((m.agency_id, m.slot, m.table) for m in data)
    assert max(agency_tables.values(), default=0) <= 1
    assert all(1 <= m.table <= tables[m.agency_id] for m in data)
    assert len({(m.employer_id, m.agency_id) for m in data}) == len(data)


async def test_plan_meets_every_pair_with_something_to_offer(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    await register_agencies(conn, seeded, event_id, ag1={"tables": 1}, ag2={"tables": 1})
    service = MeetingService(same_connection(conn), seeded.org(), engine)
    planned = await service.plan(event_id, MeetingPlanRequest())
    # Both agencies have eligible workers for all three companies' nursing vacancies.
    assert planned.pairs == 6
    assert planned.count == 6
    assert planned.unplaced == []
    assert_no_double_booking(planned.data, {seeded.agency["ag1"]: 1, seeded.agency["ag2"]: 1})
    assert all(m.value > 0 and 1 <= m.workers <= m.seats for m in planned.data)
    assert planned.total_value == pytest.approx(sum(m.value for m in planned.data))
    # The value counts at most the headcount: e1 brings two vacancies of headcount 2.
    e1 = [m for m in planned.data if m.employer_id == seeded.employer["e1"]]
    assert all(m.seats == 4 for m in e1)


async def test_a_pool_without_eligible_workers_is_never_scheduled(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    # AG3's only worker has no Japanese test: ineligible for every vacancy.
    ag3 = await AgencyRepository(conn).ensure("AG3")
    seeded.agency["ag3"] = ag3.id
    await WorkerRepository(conn).create(ag3.id, factories.worker(40, japanese=[]))
    await engine.refresh()
    await register_agencies(conn, seeded, event_id, ag1={"tables": 1}, ag3={"tables": 3})
    service = MeetingService(same_connection(conn), seeded.org(), engine)
    await service.pin(event_id, seeded.employer["e2"], ag3.id, True)
    planned = await service.plan(event_id, MeetingPlanRequest())
    assert {m.agency_id for m in planned.data} == {seeded.agency["ag1"]}
    assert [(u.employer_id, u.agency_id, u.reason) for u in planned.unplaced] == [
        (seeded.employer["e2"], ag3.id, "nothing_to_offer")
    ]


async def test_tables_presence_and_interview_booths_limit_the_plan(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine, booths=1, max_per_worker=4)
    await EventService(conn, seeded.org(), engine).plan(event_id, TimetableRequest())
    interviews = await EventService(conn, seeded.org()).timetable(event_id)
    busy = {(i.employer_id, i.slot) for i in interviews}
    # AG1 only in slots 1 and 2, with two tables; AG2 everywhere with one.
    await register_agencies(
        conn,
        seeded,
        event_id,
        ag1={"tables": 2, "present_slots": [1, 2]},
        ag2={"tables": 1},
    )
    service = MeetingService(same_connection(conn), seeded.org(), engine)
    planned = await service.plan(event_id, MeetingPlanRequest())
    ag1 = seeded.agency["ag1"]
    assert_no_double_booking(planned.data, {ag1: 2, seeded.agency["ag2"]: 1})
    assert all(m.slot in (1, 2) for m in planned.data if m.agency_id == ag1)
    # A one-booth company never meets in a slot it interviews in.
    assert not {(m.employer_id, m.slot) for m in planned.data} & busy
    assert all(m.booth == 1 for m in planned.data)


async def test_pins_and_replan_keep_unaffected_meetings(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    service = await register_agencies(conn, seeded, event_id, ag1={"tables": 1}, ag2={"tables": 1})
    planner = MeetingService(same_connection(conn), seeded.org(), engine)
    first = await planner.plan(event_id, MeetingPlanRequest())
    online = first.data[0]
    await planner.update(
        event_id,
        online.id,
        MeetingUpdate(mode="online", online_url="https://meet.example.org/x"),
    )
    # AG2 is now present only from slot 3: its meetings in slots 1-2 must move, AG1's stay.
    await service.set_agencies(
        event_id,
        AgencyRegistrationUpdate(
            agencies=[
                AgencyAtEvent(agency_id=seeded.agency["ag1"], tables=1),
                AgencyAtEvent(agency_id=seeded.agency["ag2"], tables=1, present_slots=[3, 4]),
            ]
        ),
    )
    again = await planner.plan(event_id, MeetingPlanRequest(replan=True))
    before = {(m.employer_id, m.agency_id): m for m in first.data}
    after = {(m.employer_id, m.agency_id): m for m in again.data}
    unaffected = {
        k for k, m in before.items() if m.agency_id == seeded.agency["ag1"] or m.slot in (3, 4)
    }
    for key in unaffected:
        assert (after[key].slot, after[key].table, after[key].id) == (
            before[key].slot,
            before[key].table,
            before[key].id,
        )
    assert again.kept >= len(unaffected)
    assert all(m.slot in (3, 4) for m in again.data if m.agency_id == seeded.agency["ag2"])
    # The way of meeting belongs to the pair and survives the re-plan.
    moved = after[(online.employer_id, online.agency_id)]
    assert (moved.mode, moved.online_url) == ("online", "https://meet.example.org/x")
    # A pin is honoured even when capacity is short: one slot, one table, three companies.
    await service.set_agencies(
        event_id,
        AgencyRegistrationUpdate(
            agencies=[AgencyAtEvent(agency_id=seeded.agency["ag1"], present_slots=[1])]
        ),
    )
    pinned = seeded.employer["e3"]
    await planner.pin(event_id, pinned, seeded.agency["ag1"], True)
    only = await planner.plan(event_id, MeetingPlanRequest())
    assert [(m.employer_id, m.pinned) for m in only.data] == [(pinned, True)]
    # Two pins for one table in one slot cannot be honoured: 409.
    await planner.pin(event_id, seeded.employer["e2"], seeded.agency["ag1"], True)
    with pytest.raises(TimetableInfeasible):
        await planner.plan(event_id, MeetingPlanRequest())


async def test_input_rules_and_access(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    org = MeetingService(same_connection(conn), seeded.org(), engine)
    with pytest.raises(InvalidInput) as twice:
        await org.set_agencies(
            event_id,
            AgencyRegistrationUpdate(agencies=[AgencyAtEvent(agency_id=seeded.agency["ag1"])] * 2),
        )
    assert twice.value.field == "agencies"
    with pytest.raises(InvalidInput) as slot:
        await org.set_agencies(
            event_id,
            AgencyRegistrationUpdate(
                agencies=[AgencyAtEvent(agency_id=seeded.agency["ag1"], present_slots=[99])]
            ),
        )
    assert slot.value.field == "present_slots"
    with pytest.raises(NotFound) as unknown:
        await org.set_agencies(
            event_id, AgencyRegistrationUpdate(agencies=[AgencyAtEvent(agency_id=999_999)])
        )
    assert unknown.value.field == "agency_id"
    other_org = MeetingService(same_connection(conn), seeded.org("b"), engine)
    with pytest.raises(NotFound):
        await other_org.plan(event_id, MeetingPlanRequest())
    agency = MeetingService(same_connection(conn), seeded.ag("ag1"), engine)
    with pytest.raises(PermissionDenied):
        await agency.plan(event_id, MeetingPlanRequest())


# -- the solver on random small events (no database) ------------------------------------------

T0 = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class SmallEvent:
    inputs: MeetingInputs
    values: dict[tuple[int, int], PairValue]


@st.composite
def small_events(draw: st.DrawFn) -> SmallEvent:
    """Up to three companies (one or two booths, some booths busy with interviews) and two
    agencies (one or two tables, present in some slots) over three slots; random pair values,
    some zero (left out, as ``pair_values`` does), some pairs pinned."""
    slot_count = 3
    slots = tuple(SlotRecord(n, T0 + timedelta(minutes=30 * n), 20) for n in range(1, 4))
    company_ids = list(range(1, draw(st.integers(1, 3)) + 1))
    agency_ids = [101, 102][: draw(st.integers(1, 2))]
    employers = tuple(
        EmployerRegistration(
            employer_id=e,
            booths=draw(st.integers(1, 2)),
            max_interviews=10,
            available_slots=draw(
                st.none() | st.sets(st.integers(1, slot_count), min_size=1).map(tuple)
            ),
            vacancy_ids=(),
        )
        for e in company_ids
    )
    busy = {
        (e.employer_id, s): set(range(1, draw(st.integers(0, e.booths)) + 1))
        for e in employers
        for s in range(1, slot_count + 1)
    }
    agencies = tuple(
        AgencyRegistration(
            agency_id=a,
            external_id=f"AG{a}",
            name=f"Agency {a}",
            tables=draw(st.integers(1, 2)),
            present_slots=draw(
                st.none() | st.sets(st.integers(1, slot_count), min_size=1).map(tuple)
            ),
        )
        for a in agency_ids
    )
    values = {}
    pairs = []
    for e in company_ids:
        for a in agency_ids:
            value = draw(st.sampled_from([0.0, 0.4, 0.9, 1.7, 2.5]))
            if value > 0:
                values[(e, a)] = PairValue(value, (Candidate(1, 1, min(1.0, value)),), 3)
            if draw(st.booleans()) and draw(st.booleans()):
                pairs.append(MeetingPair(e, a, True, "in_person", None))
    event = EventRecord(1, 1, "e", "v", False, "Asia/Jakarta", T0.date(), T0.date(), 0, T0)
    inputs = MeetingInputs(
        event=event,
        slots=slots,
        employers=employers,
        agencies=agencies,
        vacancies=(),
        pool={},
        interview_booths=busy,
        pairs=tuple(pairs),
        previous=(),
    )
    return SmallEvent(inputs, values)


def free_booths(inputs: MeetingInputs) -> dict[tuple[int, int], int]:
    out = {}
    for e in inputs.employers:
        for slot, booth in company_slots(e, inputs.slots, inputs.interview_booths).items():
            out[(e.employer_id, slot)] = booth
    return out


def brute_force_best(event: SmallEvent) -> float:
    """The best total value by enumeration: each pair meets in one (slot, table) or not."""
    inputs, values = event.inputs, event.values
    free = free_booths(inputs)
    tables = {a.agency_id: a for a in inputs.agencies}
    pins = {(p.employer_id, p.agency_id) for p in inputs.pairs if p.pinned} & values.keys()
    options = {}
    for e, a in values:
        agency = tables[a]
        present = agency.present_slots or tuple(s.slot_no for s in inputs.slots)
        options[(e, a)] = ([] if (e, a) in pins else [None]) + [
            (s, t) for s in present if (e, s) in free for t in range(1, agency.tables + 1)
        ]
    keys = sorted(options)
    best = -1.0
    for choice in itertools.product(*(options[k] for k in keys)):
        placed = [(k, c) for k, c in zip(keys, choice, strict=True) if c is not None]
        companies = Counter((k[0], c[0]) for k, c in placed)
        agency_tables = Counter((k[1], c[0], c[1]) for k, c in placed)
        if all(n == 1 for n in companies.values()) and all(n == 1 for n in agency_tables.values()):
            best = max(best, sum(values[k].value for k, _ in placed))
    return best


@settings(max_examples=60, deadline=None)
@given(event=small_events())
def test_the_plan_is_optimal_and_never_double_books(event: SmallEvent) -> None:
    best = brute_force_best(event)
    if best < 0:  # the pins cannot all be placed
        with pytest.raises(InfeasibleTimetable):
            solve_meetings(event.inputs, event.values, replan_previous=False, time_limit_s=None)
        return
    plan = solve_meetings(event.inputs, event.values, replan_previous=False, time_limit_s=None)
    assert sum(m.value for m in plan.meetings) == pytest.approx(best, rel=1e-5)
    free = free_booths(event.inputs)
    tables = {a.agency_id: a for a in event.inputs.agencies}
    assert all((m.employer_id, m.agency_id) in event.values for m in plan.meetings)
    assert max(Counter((m.employer_id, m.slot_no) for m in plan.meetings).values(), default=1) == 1
    assert (
        max(
            Counter((m.agency_id, m.slot_no, m.table_no) for m in plan.meetings).values(), default=1
        )
        == 1
    )
    for m in plan.meetings:
        agency = tables[m.agency_id]
        assert agency.present_slots is None or m.slot_no in agency.present_slots
        assert 1 <= m.table_no <= agency.tables
        assert m.booth == free[(m.employer_id, m.slot_no)]  # a booth free of interviews
    pins = {(p.employer_id, p.agency_id) for p in event.inputs.pairs if p.pinned}
    planned = {(m.employer_id, m.agency_id) for m in plan.meetings}
    assert pins & event.values.keys() <= planned
    assert {
        (u.employer_id, u.agency_id) for u in plan.unplaced if u.reason == "nothing_to_offer"
    } == (pins - event.values.keys())


@settings(max_examples=60, deadline=None)
@given(event=small_events(), gone=st.integers(1, 3))
def test_replan_keeps_every_meeting_the_change_does_not_touch(event: SmallEvent, gone: int) -> None:
    """The first agency leaves slot ``gone``: every other meeting stays exactly where it was."""
    inputs = replace(event.inputs, pairs=())  # no pins, so the first plan is always feasible
    first = solve_meetings(inputs, event.values, replan_previous=False, time_limit_s=None)
    previous = tuple(
        MeetingRecord(
            n,
            m.employer_id,
            "",
            None,
            m.agency_id,
            "",
            m.slot_no,
            m.table_no,
            m.booth,
            m.value,
            m.workers,
            m.seats,
            "optimal",
            False,
            "in_person",
            None,
        )
        for n, m in enumerate(first.meetings, start=1)
    )
    leaving = inputs.agencies[0]
    present = tuple(s for s in (leaving.present_slots or (1, 2, 3)) if s != gone) or None
    if present is None:
        return  # an agency present nowhere is not a registration the API accepts
    changed = replace(
        inputs,
        agencies=(replace(leaving, present_slots=present), *inputs.agencies[1:]),
        previous=previous,
    )
    again = solve_meetings(changed, event.values, replan_previous=True, time_limit_s=None)
    where = {(m.employer_id, m.agency_id): (m.slot_no, m.table_no) for m in again.meetings}
    untouched = [
        m for m in first.meetings if not (m.agency_id == leaving.agency_id and m.slot_no == gone)
    ]
    for m in untouched:
        assert where.get((m.employer_id, m.agency_id)) == (m.slot_no, m.table_no)
    assert again.kept == len(untouched)


async def test_ranking_only_as_deep_as_the_headcount_gives_the_full_values(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    """Each vacancy is ranked only ``seats`` deep per agency (the company's headcount), in
    queries that stop once every agency has that many: the values equal those computed from
    every eligible worker of the pools."""
    event_id = await setup_event(conn, seeded, engine)
    await register_agencies(conn, seeded, event_id, ag1={"tables": 1}, ag2={"tables": 1})
    service = MeetingService(same_connection(conn), seeded.org(), engine)
    inputs = await service._inputs(event_id)
    shallow = await service._ranked(engine, inputs)
    everyone = {}
    for v in inputs.vacancies:
        results = await engine.match_vacancy(
            v.vacancy_id,
            MatchQuery(limit=200),
            WorkerFilters(worker_ids=frozenset(inputs.pool), discoverable_only=True),
        )
        everyone[v.vacancy_id] = [
            Candidate(r.subject_id, v.vacancy_id, min(1.0, r.score)) for r in results if r.eligible
        ]
    # The seed has more eligible workers per vacancy than headcount: the shallow ranking
    # really is shallower.
    assert sum(map(len, shallow.values())) < sum(map(len, everyone.values()))
    deep = pair_values(inputs.vacancies, inputs.pool, everyone)
    found = pair_values(inputs.vacancies, inputs.pool, shallow)
    assert found.keys() == deep.keys()
    for key in deep:
        assert found[key].value == pytest.approx(deep[key].value)
