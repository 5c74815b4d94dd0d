"""Pure rules: slot generation, the outcome pipeline, building the timetable problem."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from matcher.errors import Conflict, InvalidInput
from matcher.events import TRANSITIONS, DayPlan, check_transition, generate_slots
from matcher.events.problem import build_problem
from matcher.events.slots import check_slots
from matcher.storage.events import (
    Decision,
    EmployerRegistration,
    ShortlistRow,
    SlotRecord,
    WorkerRegistration,
)

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def test_slots_follow_each_other_around_breaks() -> None:
    plan = DayPlan(
        start=T0,
        end=T0 + timedelta(hours=4),
        slot_minutes=20,
        gap_minutes=10,
        breaks=((T0 + timedelta(hours=1, minutes=10), T0 + timedelta(hours=2)),),
    )
    slots = generate_slots([plan])
    starts = [(s - T0).total_seconds() / 60 for s, _ in slots]
    assert starts == [0, 30, 120, 150, 180, 210]
    assert all(m == 20 for _, m in slots)


def test_slots_must_not_overlap_and_must_exist() -> None:
    with pytest.raises(InvalidInput):
        check_slots([(T0, 30), (T0 + timedelta(minutes=20), 30)])
    with pytest.raises(InvalidInput):
        check_slots([])
    with pytest.raises(InvalidInput):
        generate_slots([DayPlan(start=T0, end=T0, slot_minutes=20)])


@pytest.mark.parametrize(
    ("current", "new"),
    [(c, n) for c in TRANSITIONS for n in TRANSITIONS if n != "scheduled"],
)
def test_transitions(current: str, new: str) -> None:
    if new in TRANSITIONS[current]:
        check_transition(current, new)
    else:
        with pytest.raises(Conflict):
            check_transition(current, new)


def test_problem_from_registrations() -> None:
    problem = build_problem(
        slots=[SlotRecord(1, T0, 20), SlotRecord(2, T0 + timedelta(minutes=30), 20)],
        employers=[
            EmployerRegistration(10, 2, 4, None, (100, 101)),
            EmployerRegistration(11, 1, 2, (2,), (110,)),
        ],
        workers=[
            WorkerRegistration(1, 2, None, (11, 99), "registered"),
            WorkerRegistration(2, 2, (1,), (), "registered"),
            WorkerRegistration(3, 2, None, (), "cancelled"),
        ],
        shortlist=[
            ShortlistRow(100, 1, 1, 0.9, True, (), ()),
            ShortlistRow(101, 2, 1, 1.2, True, (), ()),
            ShortlistRow(110, 2, 1, 0.5, False, (), ()),
            ShortlistRow(110, 3, 2, 0.5, True, (), ()),
        ],
        decisions=[Decision(110, 2, "pin"), Decision(100, 1, "exclude")],
        blocked_pairs=[(11, 1)],
    )
    assert [w.id for w in problem.workers] == ["1", "2"]
    assert problem.workers[0].ranking == ("11",)  # unknown employers dropped
    assert problem.workers[1].available_slots == frozenset({"1"})
    assert problem.employers[1].available_slots == frozenset({"2"})
    pairs = {(p.employer_id, p.worker_id, p.vacancy_id): p for p in problem.pairs}
    assert set(pairs) == {("10", "1", "100"), ("10", "2", "101"), ("11", "2", "110")}
    assert pairs[("10", "1", "100")].excluded
    assert pairs[("10", "2", "101")].score == 1.0
    assert pairs[("11", "2", "110")].pinned
