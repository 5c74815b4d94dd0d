"""Malformed input and impossible constraints fail loudly, naming the cause."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matcher.scheduling import (
    CandidatePair,
    Employer,
    InfeasibleTimetable,
    InvalidProblem,
    Slot,
    TimetableError,
    TimetableProblem,
    Worker,
    build_timetable,
    solve_optimal,
    solve_stable,
)

from .timetable_checks import START

BASE = TimetableProblem(
    slots=(Slot("s0", START, 25), Slot("s1", START, 25)),
    employers=(Employer("A", 4),),
    workers=(Worker("x", 2), Worker("y", 2)),
    pairs=(CandidatePair("A", "x", "v", 0.5), CandidatePair("A", "y", "v", 0.4)),
)


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (replace(BASE, pairs=(CandidatePair("Z", "x", "v", 0.5),)), "unknown employer id Z"),
        (replace(BASE, pairs=(CandidatePair("A", "q", "v", 0.5),)), "unknown worker id q"),
        (replace(BASE, workers=(Worker("x", 1), Worker("x", 1))), "duplicate worker ids: x"),
        (replace(BASE, employers=(Employer("A", 1), Employer("A", 2))), "duplicate employer"),
        (replace(BASE, slots=(Slot("s0", START, 25),) * 2), "duplicate slot ids: s0"),
        (replace(BASE, employers=(Employer("A", -1),)), "max_interviews must be >= 0"),
        (replace(BASE, workers=(Worker("x", -2), Worker("y", 1))), "max_interviews must be >= 0"),
        (replace(BASE, employers=(Employer("A", 2, booths=0),)), "booths must be >= 1"),
        (replace(BASE, pairs=(CandidatePair("A", "x", "v", 1.5),)), r"score must be in \[0, 1\]"),
        (replace(BASE, pairs=BASE.pairs[:1] * 2), "listed twice"),
        (
            replace(BASE, employers=(Employer("A", 2, available_slots=frozenset({"s9"})),)),
            "unknown slot ids: s9",
        ),
        (replace(BASE, workers=(Worker("x", 1, ranking=("B",)),)), "unknown employer ids: B"),
        (
            replace(
                BASE,
                pairs=(
                    CandidatePair("A", "x", "v", 0.5, pinned=True),
                    CandidatePair("A", "x", "w", 0.5, excluded=True),
                ),
            ),
            "both pinned and excluded",
        ),
        (replace(BASE, min_interviews_per_worker=-1), "min_interviews_per_worker must be >= 0"),
    ],
)
def test_invalid_input_is_rejected(problem: TimetableProblem, message: str) -> None:
    for solve in (solve_optimal, solve_stable):
        with pytest.raises(InvalidProblem, match=message):
            solve(problem)


def pinned(*workers: str) -> tuple[CandidatePair, ...]:
    return tuple(CandidatePair("A", w, "v", 0.1, eligible=False, pinned=True) for w in workers)


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (
            replace(
                BASE,
                employers=(Employer("A", 5, booths=1),),
                workers=tuple(Worker(w, 1) for w in "xyz"),
                pairs=pinned("x", "y", "z"),
            ),
            r"pinned interviews of employer A \(3\) exceed its booth capacity",
        ),
        (
            replace(
                BASE,
                employers=(Employer("A", 1, booths=2),),
                pairs=pinned("x", "y"),
            ),
            "employer A has 2 pinned interviews but max_interviews is 1",
        ),
        (
            replace(
                BASE,
                employers=(Employer("A", 4), Employer("B", 4)),
                workers=(Worker("x", 1),),
                pairs=(
                    *pinned("x"),
                    CandidatePair("B", "x", "v", 0.3, pinned=True),
                ),
            ),
            "worker x has 2 pinned interviews but max_interviews is 1",
        ),
        (
            replace(
                BASE,
                workers=(Worker("x", 2, available_slots=frozenset({"s1"})),),
                employers=(Employer("A", 2, available_slots=frozenset({"s0"})),),
                pairs=pinned("x"),
            ),
            "pinned pair .* has no slot in which both are available",
        ),
        (
            # Both pins fit each side's counts, but x and y can only come in s0 and A has one booth.
            replace(
                BASE,
                employers=(Employer("A", 2), Employer("B", 2)),
                workers=(
                    Worker("x", 2, available_slots=frozenset({"s0"})),
                    Worker("y", 2, available_slots=frozenset({"s0"})),
                ),
                pairs=pinned("x", "y"),
            ),
            "cannot be placed in slots without double-booking",
        ),
    ],
)
def test_infeasible_pins_are_named(problem: TimetableProblem, message: str) -> None:
    for solve in (solve_optimal, solve_stable):
        with pytest.raises(InfeasibleTimetable, match=message):
            solve(problem)


def test_fairness_floor_that_capacity_cannot_carry_is_named() -> None:
    problem = replace(
        BASE,
        employers=(Employer("A", 1),),
        min_interviews_per_worker=1,
    )
    with pytest.raises(InfeasibleTimetable, match="min_interviews_per_worker cannot be met"):
        solve_optimal(problem)
    # The stable mode does not enforce the floor (documented), so it still answers.
    assert len(solve_stable(problem).interviews) == 1


def test_errors_share_one_base_and_unknown_mode_is_invalid() -> None:
    assert issubclass(InvalidProblem, TimetableError)
    assert issubclass(InfeasibleTimetable, TimetableError)
    with pytest.raises(InvalidProblem, match="unknown mode"):
        build_timetable(BASE, "fastest")  # type: ignore[arg-type]


def test_unacceptable_rows_are_reported_with_reasons() -> None:
    problem = replace(
        BASE,
        pairs=(
            CandidatePair("A", "x", "v1", 0.9),
            CandidatePair("A", "x", "v2", 0.3),
            CandidatePair("A", "y", "v1", 0.8, eligible=False),
        ),
    )
    timetable = solve_optimal(problem)
    assert [(i.worker_id, i.vacancy_id) for i in timetable.interviews] == [("x", "v1")]
    reasons = {(u.worker_id, u.vacancy_id): u.reason.value for u in timetable.unplaced}
    assert reasons == {("x", "v2"): "other_vacancy", ("y", "v1"): "ineligible"}
