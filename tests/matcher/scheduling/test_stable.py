"""The stable mode: valid timetables with no blocking pair, pins honoured."""

from __future__ import annotations

from hypothesis import given, settings

from matcher.scheduling import (
    CandidatePair,
    Employer,
    Slot,
    TimetableProblem,
    UnplacedReason,
    Worker,
    solve_stable,
)
from matcher.scheduling.synthetic import synthetic_problem

from .timetable_checks import START, assert_valid, blocking_pairs, problems, shuffled


@settings(max_examples=150, deadline=None)
@given(problems(max_employers=4, max_workers=8, max_slots=4, max_rows=25, restricted=False))
def test_no_blocking_pair_without_availability_restrictions(problem: TimetableProblem) -> None:
    timetable = solve_stable(problem)
    assert_valid(problem, timetable)
    # König: every matched pair fits when nobody's availability is restricted.
    assert all(u.reason != UnplacedReason.NO_FREE_SLOT for u in timetable.unplaced)
    assert blocking_pairs(problem, timetable) == []


@settings(max_examples=100, deadline=None)
@given(problems(max_employers=4, max_workers=8, max_slots=4, max_rows=25))
def test_stable_is_valid_and_matched_pairs_block_nothing(problem: TimetableProblem) -> None:
    timetable = solve_stable(problem)
    assert_valid(problem, timetable)
    if not any(u.reason == UnplacedReason.NO_FREE_SLOT for u in timetable.unplaced):
        assert blocking_pairs(problem, timetable) == []


@settings(max_examples=40, deadline=None)
@given(problems(max_employers=4, max_workers=10, max_slots=4, max_rows=30))
def test_stable_is_deterministic_under_input_order(problem: TimetableProblem) -> None:
    first = solve_stable(problem)
    assert solve_stable(problem) == first
    assert solve_stable(shuffled(problem, 2)) == first


def test_rankings_override_scores() -> None:
    slots = (Slot("s0", START, 25),)
    problem = TimetableProblem(
        slots=slots,
        employers=(Employer("A", 1), Employer("B", 1)),
        workers=(Worker("w", 1, ranking=("B",)),),
        pairs=(CandidatePair("A", "w", "a", 0.9), CandidatePair("B", "w", "b", 0.2)),
    )
    (interview,) = solve_stable(problem).interviews
    assert interview.employer_id == "B"


def test_employer_keeps_preferred_worker_and_pins_consume_capacity() -> None:
    slots = (Slot("s0", START, 25), Slot("s1", START, 25))
    problem = TimetableProblem(
        slots=slots,
        employers=(Employer("A", 2, ranking=("y", "x")),),
        workers=(Worker("p", 1), Worker("x", 1), Worker("y", 1)),
        pairs=(
            CandidatePair("A", "p", "a", 0.1, eligible=False, pinned=True),
            CandidatePair("A", "x", "a", 0.9),
            CandidatePair("A", "y", "a", 0.5),
        ),
    )
    timetable = solve_stable(problem)
    assert {i.worker_id for i in timetable.interviews} == {"p", "y"}
    assert blocking_pairs(problem, timetable) == []


def test_synthetic_event_has_no_blocking_pair() -> None:
    problem = synthetic_problem(3, n_employers=20, n_workers=200, restricted_share=0.0)
    timetable = solve_stable(problem)
    assert_valid(problem, timetable)
    assert blocking_pairs(problem, timetable) == []
