"""The optimal mode: maximise the total match score, exactly.

Two stages, and why the answer is still exact:

1. **Relaxation by min-cost flow.** source -> worker -> employer -> sink, with worker capacity
   ``min(max_interviews, available slots)``, employer capacity
   ``min(max_interviews, booths x available slots)``, one unit per acceptable pair at cost
   ``-score``, pins and kept interviews as lower bounds of 1 on their pair arc and the fairness
   floor as a lower bound on the worker arc. Every feasible timetable is a feasible flow, so the
   flow optimum is an upper bound, and flows are integral (total unimodularity).
2. **Placement** of the flow's pairs into slots (``placement.py``). If they all fit, the timetable
   reaches the upper bound and is therefore optimal. Without availability restrictions they
   always fit (König). Otherwise, when they do not fit, a CP-SAT model over pair x common-slot
   booleans solves the full problem to proven optimality, warm-started with the partial
   placement and capped by the flow bound.

The common case at event scale is stage 1 plus a greedy placement: well under a second.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from matcher.scheduling.errors import InfeasibleTimetable
from matcher.scheduling.placement import place_all, place_cpsat, solve_assignment
from matcher.scheduling.prepared import (
    FixedInterview,
    PreparedProblem,
    assemble,
    check_forced_capacity,
    prepare,
)
from matcher.scheduling.problem import Timetable, TimetableProblem


def _flow_relaxation(
    prep: PreparedProblem, forced: frozenset[int], with_floor: bool = True
) -> tuple[list[int], int] | None:
    """Best pair set ignoring slot placement, and its objective; None if the bounds clash."""
    n_w, n_e = len(prep.workers), len(prep.employers)
    source, sink = 0, 1
    worker_node = 2
    employer_node = 2 + n_w
    supply = np.zeros(2 + n_w + n_e, dtype=np.int64)
    total = sum(prep.worker_cap)
    supply[source] += total
    supply[sink] -= total
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, capacity: int, cost: int, lower: int = 0) -> None:
        # Lower bounds become node supplies: ship `lower` units unconditionally.
        tails.append(tail)
        heads.append(head)
        caps.append(capacity - lower)
        costs.append(cost)
        supply[tail] -= lower
        supply[head] += lower

    for w in range(n_w):
        lower = prep.fairness_floor[w] if with_floor else 0
        arc(source, worker_node + w, prep.worker_cap[w], 0, lower)
    for i, p in enumerate(prep.pairs):
        arc(worker_node + p.worker, employer_node + p.employer, 1, -p.units, int(i in forced))
    for e in range(n_e):
        arc(employer_node + e, sink, prep.employer_cap[e], 0)
    arc(source, sink, total, 0)  # unused worker capacity drains here
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(caps, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    flow.set_nodes_supplies(np.arange(len(supply), dtype=np.int32), supply)
    if flow.solve() != flow.OPTIMAL:
        return None
    flows = flow.flows(arcs)
    first_pair_arc = n_w
    chosen = [i for i, p in enumerate(prep.pairs) if i in forced or flows[first_pair_arc + i] > 0]
    return chosen, sum(prep.pairs[i].units for i in chosen)


def _fairness_message(prep: PreparedProblem) -> str:
    k = max(prep.fairness_floor, default=0)
    demand = sum(prep.fairness_floor)
    supply = sum(prep.employer_cap)
    if demand > supply:
        return (
            f"min_interviews_per_worker cannot be met: the floor needs {demand} interviews but "
            f"employers can hold only {supply}"
        )
    short = Counter(prep.pairs[i].worker for i in range(len(prep.pairs)))
    tight = sorted(
        prep.workers[w].id for w, f in enumerate(prep.fairness_floor) if f and short[w] <= k
    )[:5]
    return (
        "min_interviews_per_worker cannot be met: the employers some workers may meet lack "
        "capacity (or shared free slots) after pins"
        + (f"; tightest workers include {', '.join(tight)}" if tight else "")
    )


def _exact_model(
    prep: PreparedProblem,
    forced: frozenset[int],
    fixed: Mapping[int, FixedInterview],
    hint: Mapping[int, int],
    upper_bound: int,
    time_limit_s: float | None,
) -> dict[int, int] | None:
    """CP-SAT over every acceptable pair x common slot; None if infeasible."""
    model = cp_model.CpModel()
    by_pair: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_worker_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_employer_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_worker: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_employer: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    objective = []
    for i, p in enumerate(prep.pairs):
        for s in (fixed[i].slot,) if i in fixed else p.slots:
            var = model.new_bool_var(f"x_{i}_{s}")
            x[(i, s)] = var
            model.add_hint(var, hint.get(i) == s)
            by_pair[i].append(var)
            by_worker_slot[(p.worker, s)].append(var)
            by_employer_slot[(p.employer, s)].append(var)
            by_worker[p.worker].append(var)
            by_employer[p.employer].append(var)
            objective.append(p.units * var)
        if i in forced:
            model.add_exactly_one(by_pair[i])
        else:
            model.add_at_most_one(by_pair[i])
    for group in by_worker_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for (e, _), group in by_employer_slot.items():
        if len(group) > prep.employers[e].booths:
            model.add(sum(group) <= prep.employers[e].booths)
    for w, group in by_worker.items():
        if len(group) > prep.worker_cap[w]:
            model.add(sum(group) <= prep.worker_cap[w])
        if prep.fairness_floor[w]:
            model.add(sum(group) >= prep.fairness_floor[w])
    for e, group in by_employer.items():
        if len(group) > prep.employer_cap[e]:
            model.add(sum(group) <= prep.employer_cap[e])
    total = sum(objective)
    model.add(total <= upper_bound)
    model.maximize(total)
    return solve_assignment(model, x, time_limit_s, "the optimal timetable")


def optimise(
    prep: PreparedProblem,
    fixed: Mapping[int, FixedInterview],
    time_limit_s: float | None = None,
) -> dict[int, int]:
    """Exact pair -> slot assignment honouring pins, ``fixed`` interviews and the fairness floor."""
    forced = prep.pinned | frozenset(fixed)
    what = "pinned or kept" if fixed else "pinned"
    check_forced_capacity(prep, forced, what)
    relaxed = _flow_relaxation(prep, forced)
    if relaxed is None:
        # Forced pairs alone always pass the flow once capacities are checked, so the floor is
        # what fails.
        raise InfeasibleTimetable(_fairness_message(prep))
    chosen, upper_bound = relaxed
    placed, partial = place_all(prep, chosen, fixed, time_limit_s)
    if placed is not None:
        return placed
    exact = _exact_model(prep, forced, fixed, partial, upper_bound, time_limit_s)
    if exact is not None:
        return exact
    if place_cpsat(prep, [], forced, fixed, {}, time_limit_s) is None:
        raise InfeasibleTimetable(
            f"{what} interviews cannot be placed in slots without double-booking a worker or "
            "overfilling a booth (check availability and booths)"
        )
    raise InfeasibleTimetable(_fairness_message(prep))


def solve_optimal(problem: TimetableProblem, *, time_limit_s: float | None = None) -> Timetable:
    """Timetable with the maximum total match score (see the module docstring for the method).

    Raises ``InvalidProblem`` for malformed input, ``InfeasibleTimetable`` when pins or the
    fairness floor cannot be honoured, and ``SolverTimeout`` only if ``time_limit_s`` is given.
    """
    prep = prepare(problem)
    return assemble(prep, "optimal", optimise(prep, {}, time_limit_s), {})
