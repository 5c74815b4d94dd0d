"""The stable mode: many-to-many deferred acceptance, workers proposing.

Why workers propose: the result is the worker-optimal stable matching, i.e. among all matchings
with no blocking pair, every worker gets the best set of employers it can; candidates are the
weaker side at these events, so the organiser's default should favour them.

Preferences: a side's explicit ``ranking`` first (in its order), then every other acceptable
partner by match score descending, ties by id. Acceptable means an eligible or pinned pair that is
not excluded and shares at least one available slot. Capacities are the placement-aware ones from
``prepared.py`` (``max_interviews`` capped by available slots, and by booths x slots).

Pins are fixed first and consume capacity on both sides; deferred acceptance then runs on the
remaining capacity over the other pairs. A pin is never displaced, so stability is relative to the
non-pinned matches: (w, e) blocks only if w has spare capacity or prefers e to one of its
*non-pinned* matches, and likewise for e.

``min_interviews_per_worker`` is not enforced here: a quota can contradict stability (the quota
may force an employer to take a worker it ranks below one it rejected), so use the optimal mode
when the floor matters.

Placement then puts the matched pairs in slots. Without availability restrictions König's theorem
guarantees every pair fits. With restrictions some may not; they are reported as ``no_free_slot``
and the placement keeps as many matched pairs as possible (pins always).
"""

from __future__ import annotations

from collections.abc import Mapping

from matcher.scheduling.errors import InfeasibleTimetable
from matcher.scheduling.placement import place_most
from matcher.scheduling.prepared import (
    FixedInterview,
    PreparedProblem,
    assemble,
    check_forced_capacity,
    prepare,
)
from matcher.scheduling.problem import Timetable, TimetableProblem


def preference_orders(prep: PreparedProblem) -> tuple[list[list[int]], list[dict[int, int]]]:
    """Each worker's pair indices best first, and each employer's rank of each pair (0 = best)."""
    employer_id_rank = [{wid: r for r, wid in enumerate(e.ranking or ())} for e in prep.employers]
    worker_id_rank = [{eid: r for r, eid in enumerate(w.ranking or ())} for w in prep.workers]
    unranked = 1 << 30
    worker_order: list[list[int]] = []
    for w, pair_ids in enumerate(prep.pairs_of_worker()):
        ranks = worker_id_rank[w]
        worker_order.append(
            sorted(
                pair_ids,
                key=lambda i: (
                    ranks.get(prep.employers[prep.pairs[i].employer].id, unranked),
                    -prep.pairs[i].units,
                    prep.employers[prep.pairs[i].employer].id,
                ),
            )
        )
    employer_rank: list[dict[int, int]] = []
    for e, pair_ids in enumerate(prep.pairs_of_employer()):
        ranks = employer_id_rank[e]
        ordered = sorted(
            pair_ids,
            key=lambda i: (
                ranks.get(prep.workers[prep.pairs[i].worker].id, unranked),
                -prep.pairs[i].units,
                prep.workers[prep.pairs[i].worker].id,
            ),
        )
        employer_rank.append({i: r for r, i in enumerate(ordered)})
    return worker_order, employer_rank


def deferred_acceptance(prep: PreparedProblem, forced: frozenset[int]) -> set[int]:
    """Pinned/forced pairs plus the worker-proposing stable matching on residual capacity."""
    worker_order, employer_rank = preference_orders(prep)
    worker_left = list(prep.worker_cap)
    employer_left = list(prep.employer_cap)
    for i in forced:
        worker_left[prep.pairs[i].worker] -= 1
        employer_left[prep.pairs[i].employer] -= 1
    held: list[set[int]] = [set() for _ in prep.employers]  # tentative non-forced pairs
    holding = [0] * len(prep.workers)
    next_choice = [0] * len(prep.workers)
    active = list(range(len(prep.workers)))
    while active:
        rejected_workers: set[int] = set()
        for w in active:
            order = worker_order[w]
            while holding[w] < worker_left[w] and next_choice[w] < len(order):
                i = order[next_choice[w]]
                next_choice[w] += 1
                if i in forced:
                    continue
                e = prep.pairs[i].employer
                if employer_left[e] <= 0:
                    continue
                held[e].add(i)
                holding[w] += 1
                if len(held[e]) > employer_left[e]:
                    worst = max(held[e], key=lambda j: employer_rank[e][j])
                    held[e].remove(worst)
                    loser = prep.pairs[worst].worker
                    holding[loser] -= 1
                    rejected_workers.add(loser)
        active = sorted(rejected_workers)
    matched = set(forced)
    for pairs in held:
        matched |= pairs
    return matched


def match_stable(
    prep: PreparedProblem, fixed: Mapping[int, FixedInterview], time_limit_s: float | None = None
) -> tuple[dict[int, int], set[int]]:
    """Stable matching placed in slots: (pair -> slot, matched pairs that found no slot)."""
    forced = prep.pinned | frozenset(fixed)
    what = "pinned or kept" if fixed else "pinned"
    check_forced_capacity(prep, forced, what)
    matched = deferred_acceptance(prep, forced)
    slot_of = place_most(prep, sorted(matched), forced, fixed, time_limit_s)
    if slot_of is None:
        raise InfeasibleTimetable(
            f"{what} interviews cannot be placed in slots without double-booking a worker or "
            "overfilling a booth (check availability and booths)"
        )
    return slot_of, matched - slot_of.keys()


def solve_stable(problem: TimetableProblem, *, time_limit_s: float | None = None) -> Timetable:
    """Timetable from worker-proposing deferred acceptance (see the module docstring)."""
    prep = prepare(problem)
    slot_of, unplaceable = match_stable(prep, {}, time_limit_s)
    return assemble(prep, "stable", slot_of, {}, unplaceable)
