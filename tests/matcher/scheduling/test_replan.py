"""Replanning keeps unaffected interviews exactly and stays valid and optimal around them."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.scheduling import (
    CandidatePair,
    Employer,
    Interview,
    InvalidProblem,
    Slot,
    Timetable,
    TimetableProblem,
    Worker,
    build_timetable,
    replan,
)

from .timetable_checks import START, acceptable_pairs, assert_valid, availability, problems


def change(problem: TimetableProblem, kind: int, pick: int) -> TimetableProblem:
    """One organiser edit: cancel a worker/employer/pair/slot, or register a late worker."""
    if kind == 0 and problem.workers:
        gone = problem.workers[pick % len(problem.workers)].id
        return replace(
            problem,
            workers=tuple(w for w in problem.workers if w.id != gone),
            employers=tuple(
                replace(e, ranking=tuple(x for x in e.ranking if x != gone)) if e.ranking else e
                for e in problem.employers
            ),
            pairs=tuple(p for p in problem.pairs if p.worker_id != gone),
        )
    if kind == 1 and len(problem.employers) > 1:
        gone = problem.employers[pick % len(problem.employers)].id
        return replace(
            problem,
            employers=tuple(e for e in problem.employers if e.id != gone),
            workers=tuple(
                replace(w, ranking=tuple(x for x in w.ranking if x != gone)) if w.ranking else w
                for w in problem.workers
            ),
            pairs=tuple(p for p in problem.pairs if p.employer_id != gone),
        )
    if kind == 2 and problem.pairs:
        return replace(
            problem,
            pairs=tuple(p for k, p in enumerate(problem.pairs) if k != pick % len(problem.pairs)),
        )
    if kind == 3 and len(problem.slots) > 1:
        gone = problem.slots[pick % len(problem.slots)].id
        return replace(
            problem,
            slots=tuple(s for s in problem.slots if s.id != gone),
            employers=tuple(
                replace(e, available_slots=e.available_slots - {gone})
                if e.available_slots is not None and e.available_slots - {gone}
                else replace(e, available_slots=None)
                if e.available_slots is not None
                else e
                for e in problem.employers
            ),
            workers=tuple(
                replace(w, available_slots=w.available_slots - {gone})
                if w.available_slots is not None and w.available_slots - {gone}
                else replace(w, available_slots=None)
                if w.available_slots is not None
                else w
                for w in problem.workers
            ),
        )
    late = Worker("late", 3)
    new_pairs = tuple(CandidatePair(e.id, "late", "v0", 1.0) for e in problem.employers)
    return replace(problem, workers=(*problem.workers, late), pairs=(*problem.pairs, *new_pairs))


def unaffected(previous: Timetable, problem: TimetableProblem) -> list[Interview]:
    """Previous interviews the change did not touch.

    People who must re-place a pin (new, or moved by a withdrawn slot) are excepted: pins outrank
    kept interviews, by design.
    """
    pairs = acceptable_pairs(problem)
    avail = availability(problem)
    slots = {s.id for s in problem.slots}
    still = [
        i
        for i in previous.interviews
        if (i.employer_id, i.worker_id) in pairs
        and i.slot_id in slots
        and i.slot_id in avail[i.employer_id]
        and i.slot_id in avail[i.worker_id]
    ]
    still_pairs = {(i.employer_id, i.worker_id) for i in still}
    moving = {
        x
        for p in pairs.values()
        if p.pinned and (p.employer, p.worker) not in still_pairs
        for x in (p.employer, p.worker)
    }
    return [i for i in still if not ({i.employer_id, i.worker_id} & moving)]


@settings(max_examples=80, deadline=None)
@given(
    problems(max_employers=4, max_workers=8, max_slots=4, max_rows=25),
    st.integers(0, 4),
    st.integers(0, 50),
    st.sampled_from(["optimal", "stable"]),
)
def test_replan_keeps_unaffected_interviews(
    problem: TimetableProblem, kind: int, pick: int, mode: Literal["optimal", "stable"]
) -> None:
    previous = build_timetable(problem, mode)
    changed = change(problem, kind, pick)
    result = replan(previous, changed, mode)
    assert_valid(changed, result)
    kept = {(i.employer_id, i.worker_id, i.slot_id, i.booth) for i in result.interviews}
    for interview in unaffected(previous, changed):
        key = (interview.employer_id, interview.worker_id, interview.slot_id, interview.booth)
        assert key in kept, f"{interview} moved or vanished"


@settings(max_examples=60, deadline=None)
@given(problems(max_employers=4, max_workers=8, max_slots=4, max_rows=25))
def test_replan_without_changes_is_identity(problem: TimetableProblem) -> None:
    previous = build_timetable(problem, "optimal")
    assert replan(previous, problem, "optimal") == previous


def test_replan_fills_freed_capacity_optimally() -> None:
    problem = TimetableProblem(
        slots=(Slot("s0", START, 25),),
        employers=(Employer("A", 1),),
        workers=(Worker("x", 1), Worker("y", 1), Worker("z", 1)),
        pairs=(
            CandidatePair("A", "x", "v", 0.9),
            CandidatePair("A", "y", "v", 0.5),
            CandidatePair("A", "z", "v", 0.7),
        ),
    )
    previous = build_timetable(problem)
    assert [i.worker_id for i in previous.interviews] == ["x"]
    cancelled = replace(
        problem,
        workers=problem.workers[1:],
        pairs=problem.pairs[1:],
    )
    assert [i.worker_id for i in replan(previous, cancelled).interviews] == ["z"]


def test_replan_rejects_unknown_mode() -> None:
    problem = TimetableProblem((), (), (), ())
    with pytest.raises(InvalidProblem, match="unknown mode"):
        replan(Timetable("optimal", ()), problem, "greedy")  # type: ignore[arg-type]


def test_late_pin_displaces_only_the_weakest_kept_interview() -> None:
    problem = TimetableProblem(
        slots=(Slot("s0", START, 25), Slot("s1", START, 25)),
        employers=(Employer("A", 2), Employer("B", 1)),
        workers=(Worker("x", 1), Worker("y", 1)),
        pairs=(CandidatePair("A", "x", "v", 0.9), CandidatePair("A", "y", "v", 0.5)),
    )
    previous = build_timetable(problem)
    assert len(previous.interviews) == 2
    late = replace(
        problem,
        workers=(*problem.workers, Worker("p", 1)),
        pairs=(*problem.pairs, CandidatePair("A", "p", "v", 0.1, eligible=False, pinned=True)),
    )
    result = replan(previous, late)
    assert_valid(late, result)
    kept_x = next(i for i in previous.interviews if i.worker_id == "x")
    assert kept_x in result.interviews
    assert {i.worker_id for i in result.interviews} == {"x", "p"}
