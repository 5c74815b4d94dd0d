"""The optimal mode: valid, exact (against brute force), fair, deterministic."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings

from matcher.scheduling import (
    CandidatePair,
    Employer,
    InfeasibleTimetable,
    Slot,
    TimetableProblem,
    UnplacedReason,
    Worker,
    optimal,
    solve_optimal,
)
from matcher.scheduling.synthetic import synthetic_problem

from .timetable_checks import (
    START,
    assert_valid,
    brute_force_best,
    fairness_floor,
    problems,
    shuffled,
)

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems(max_employers=3, max_workers=4, max_slots=3, max_rows=9, pins="any"))
def test_optimal_equals_brute_force_with_availability_and_pins(problem: TimetableProblem) -> None:
    expected = brute_force_best(problem)
    if expected is None:
        with pytest.raises(InfeasibleTimetable):
            solve_optimal(problem)
        return
    timetable = solve_optimal(problem)
    assert_valid(problem, timetable)
    assert timetable.total_score_units == expected


@SETTINGS
@given(problems(max_employers=3, max_workers=4, max_slots=3, max_rows=9, pins="safe", fairness=2))
def test_fairness_floor_is_exact_and_met(problem: TimetableProblem) -> None:
    expected = brute_force_best(problem)
    if expected is None:
        with pytest.raises(InfeasibleTimetable, match="min_interviews_per_worker"):
            solve_optimal(problem)
        return
    timetable = solve_optimal(problem)
    assert_valid(problem, timetable)
    assert timetable.total_score_units == expected
    for worker, floor in fairness_floor(problem).items():
        assert sum(i.worker_id == worker for i in timetable.interviews) >= floor


@settings(max_examples=60, deadline=None)
@given(problems(max_employers=5, max_workers=12, max_slots=5, max_rows=40))
def test_optimal_is_valid_on_larger_random_events(problem: TimetableProblem) -> None:
    assert_valid(problem, solve_optimal(problem))


@settings(max_examples=40, deadline=None)
@given(problems(max_employers=4, max_workers=10, max_slots=4, max_rows=30))
def test_optimal_is_deterministic_under_input_order(problem: TimetableProblem) -> None:
    first = solve_optimal(problem)
    assert solve_optimal(problem) == first
    assert solve_optimal(shuffled(problem, 1)) == first


@pytest.mark.parametrize("restricted_share", [0.0, 0.3])
def test_synthetic_event_is_valid_and_deterministic(restricted_share: float) -> None:
    problem = synthetic_problem(
        7, n_employers=15, n_workers=150, restricted_share=restricted_share, n_pins=5
    )
    assert (
        synthetic_problem(
            7, n_employers=15, n_workers=150, restricted_share=restricted_share, n_pins=5
        )
        == problem
    )
    timetable = solve_optimal(problem)
    assert_valid(problem, timetable)
    assert solve_optimal(shuffled(problem, 3)) == timetable
    assert timetable.interviews
    assert {u.reason for u in timetable.unplaced} <= set(UnplacedReason) - {
        UnplacedReason.NO_FREE_SLOT
    }


def test_full_size_synthetic_event_with_fairness_floor() -> None:
    problem = synthetic_problem(1, restricted_share=0.1, min_interviews_per_worker=1)
    timetable = solve_optimal(problem)
    assert_valid(problem, timetable)
    for worker, floor in fairness_floor(problem).items():
        assert sum(i.worker_id == worker for i in timetable.interviews) >= floor


def refuse_placement(*args: object, **kwargs: object) -> tuple[None, dict[int, int]]:
    """Stand-in for ``place_all`` that never succeeds, so the exact CP-SAT model must answer."""
    return None, {}


@settings(max_examples=80, deadline=None)
@given(problems(max_employers=3, max_workers=4, max_slots=3, max_rows=9, pins="any", fairness=1))
def test_exact_fallback_alone_equals_brute_force(problem: TimetableProblem) -> None:
    expected = brute_force_best(problem)
    with patch.object(optimal, "place_all", refuse_placement):
        if expected is None:
            with pytest.raises(InfeasibleTimetable):
                solve_optimal(problem)
            return
        timetable = solve_optimal(problem)
    assert_valid(problem, timetable)
    assert timetable.total_score_units == expected


def test_flow_pairs_that_cannot_share_slots_fall_back_to_the_exact_model() -> None:
    # A has one booth; x and y can only come in s0, so the flow's favourite pair set {A-x, A-y}
    # cannot be placed. The optimum keeps A-y and sends x to B.
    problem = TimetableProblem(
        slots=(Slot("s0", START, 25), Slot("s1", START, 25)),
        employers=(Employer("A", 2), Employer("B", 2)),
        workers=(
            Worker("x", 1, available_slots=frozenset({"s0"})),
            Worker("y", 1, available_slots=frozenset({"s0"})),
        ),
        pairs=(
            CandidatePair("A", "x", "v", 0.9),
            CandidatePair("A", "y", "v", 0.8),
            CandidatePair("B", "x", "v", 0.2),
        ),
    )
    calls: list[int] = []
    exact = optimal._exact_model

    def counted(*args: Any, **kwargs: Any) -> dict[int, int] | None:
        calls.append(1)
        return exact(*args, **kwargs)

    with patch.object(optimal, "_exact_model", counted):
        timetable = solve_optimal(problem)
    assert calls == [1]
    assert timetable.total_score_units == brute_force_best(problem) == 1_000_000
    assert {(i.employer_id, i.worker_id) for i in timetable.interviews} == {("A", "y"), ("B", "x")}
