"""Replanning after cancellations and late registrations.

Organisers have already told people where to be, so a replan must not move anyone who is not
affected. An interview of the previous timetable is *kept* exactly (same slot, same booth) when its
employer, worker and slot still exist, the pair is still acceptable (eligible or pinned, not
excluded), both sides are still available in that slot and the booth number still exists. Its
vacancy and score follow the new problem (the best-scoring acceptable vacancy of that pair), since
the meeting itself has not changed.

Pins outrank kept interviews: if a lowered ``max_interviews`` (or a pin that has to move) leaves a
person over capacity, their lowest-scoring kept non-pinned interviews are dropped until it fits;
if a moving pin still cannot be placed, the kept non-pinned interviews of the people it involves
are released and the solve is retried once. Nothing else is ever dropped or moved. Kept interviews then act as
fixed assignments and the chosen mode fills the freed capacity around them: the optimal mode
maximises the total score given them, the stable mode treats them like pins.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from matcher.scheduling.errors import InfeasibleTimetable, InvalidProblem
from matcher.scheduling.optimal import optimise
from matcher.scheduling.prepared import FixedInterview, PreparedProblem, assemble, prepare
from matcher.scheduling.problem import Timetable, TimetableProblem
from matcher.scheduling.stable import match_stable

Mode = Literal["optimal", "stable"]


def kept_interviews(previous: Timetable, prep: PreparedProblem) -> dict[int, FixedInterview]:
    """The previous interviews that the changes did not affect, keyed by pair index."""
    slot_index = {s.id: i for i, s in enumerate(prep.slots)}
    employer_index = {e.id: i for i, e in enumerate(prep.employers)}
    worker_index = {w.id: i for i, w in enumerate(prep.workers)}
    kept: dict[int, FixedInterview] = {}
    for interview in sorted(previous.interviews):
        e = employer_index.get(interview.employer_id)
        w = worker_index.get(interview.worker_id)
        s = slot_index.get(interview.slot_id)
        if e is None or w is None or s is None:
            continue
        i = prep.pair_index.get((e, w))
        if i is None or s not in prep.pairs[i].slots:
            continue
        if not 1 <= interview.booth <= prep.employers[e].booths:
            continue
        kept[i] = FixedInterview(i, s, interview.booth)
    # Pins outrank kept interviews; a lowered capacity or a pin that must be re-placed drops the
    # weakest kept (non-pinned) interviews of that person first.
    pending_pins = [i for i in prep.pinned if i not in kept]
    worker_load = Counter(prep.pairs[i].worker for i in (*kept, *pending_pins))
    employer_load = Counter(prep.pairs[i].employer for i in (*kept, *pending_pins))
    for i in sorted(kept, key=lambda i: (prep.pairs[i].pinned, prep.pairs[i].units, i)):
        p = prep.pairs[i]
        if p.pinned:
            continue
        if (
            worker_load[p.worker] > prep.worker_cap[p.worker]
            or employer_load[p.employer] > prep.employer_cap[p.employer]
        ):
            del kept[i]
            worker_load[p.worker] -= 1
            employer_load[p.employer] -= 1
    return kept


def replan(
    previous: Timetable,
    problem: TimetableProblem,
    mode: Mode = "optimal",
    *,
    time_limit_s: float | None = None,
) -> Timetable:
    """Rebuild ``problem``'s timetable keeping every unaffected interview of ``previous``.

    Raises ``InfeasibleTimetable`` if pins cannot fit around the kept interviews.
    """
    if mode not in ("optimal", "stable"):
        raise InvalidProblem(f"unknown mode {mode!r}: expected 'optimal' or 'stable'")
    prep = prepare(problem)
    fixed = kept_interviews(previous, prep)
    try:
        return _solve_around(prep, fixed, mode, time_limit_s)
    except InfeasibleTimetable:
        # A pin that had to move may need a slot a kept interview occupies: release the kept,
        # non-pinned interviews of everyone involved in such pins and try once more.
        moving = [prep.pairs[i] for i in prep.pinned if i not in fixed]
        people = {("e", p.employer) for p in moving} | {("w", p.worker) for p in moving}
        relaxed = {
            i: f
            for i, f in fixed.items()
            if prep.pairs[i].pinned
            or not ({("e", prep.pairs[i].employer), ("w", prep.pairs[i].worker)} & people)
        }
        if len(relaxed) == len(fixed):
            raise
        return _solve_around(prep, relaxed, mode, time_limit_s)


def _solve_around(
    prep: PreparedProblem,
    fixed: dict[int, FixedInterview],
    mode: Mode,
    time_limit_s: float | None,
) -> Timetable:
    if mode == "optimal":
        return assemble(prep, "optimal", optimise(prep, fixed, time_limit_s), fixed)
    slot_of, unplaceable = match_stable(prep, fixed, time_limit_s)
    return assemble(prep, "stable", slot_of, fixed, unplaceable)
