"""Placing chosen (employer, worker) pairs into slots.

Placement is list edge colouring of a bipartite graph: colour = slot, and an employer with ``b``
booths may use each colour ``b`` times. Three tools, cheapest first:

1. **König edge colouring** when no chosen pair is restricted (both sides available in every slot)
   and nothing is fixed. Split each employer into ``booths`` virtual nodes, dealing its pairs out
   round-robin; every node then has degree <= number of slots (the capacities guarantee it), and
   König's theorem says a bipartite graph of maximum degree D has a proper D-edge-colouring. The
   alternating-path algorithm below constructs one, so placement *always* succeeds here.
2. **Greedy** (most constrained pair first) when availability is restricted, then a seeded
   ejection-chain repair (place a stuck pair, evict what it collides with, re-place that); this
   settles event-sized instances in milliseconds where a pure CP-SAT feasibility search takes
   seconds, because slot symmetry makes the search wander.
3. **CP-SAT** over pair x common-slot booleans when greedy gets stuck: exact, so "cannot be
   placed" is a proof, not a heuristic giving up.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from collections.abc import Collection, Mapping, Sequence

from ortools.sat.python import cp_model

from matcher.scheduling.errors import SolverTimeout
from matcher.scheduling.prepared import FixedInterview, PreparedProblem


def solver_parameters(solver: cp_model.CpSolver, time_limit_s: float | None) -> None:
    """One search worker and a fixed seed: CP-SAT is deterministic only this way."""
    solver.parameters.num_search_workers = 1
    solver.parameters.random_seed = 0
    if time_limit_s is not None:
        solver.parameters.max_time_in_seconds = time_limit_s


def solve_assignment(
    model: cp_model.CpModel,
    x: Mapping[tuple[int, int], cp_model.IntVar],
    time_limit_s: float | None,
    what: str,
) -> dict[int, int] | None:
    """Solve ``model`` deterministically and read the pair -> slot assignment from ``x``.

    ``None`` when the model is infeasible; ``SolverTimeout`` (naming ``what``) when the time
    limit ran out before optimality was proven.
    """
    solver = cp_model.CpSolver()
    solver_parameters(solver, time_limit_s)
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return None
    if status != cp_model.OPTIMAL:
        raise SolverTimeout(f"{what} was not solved to optimality within the time limit")
    return {i: s for (i, s), var in x.items() if solver.boolean_value(var)}


def _konig_colouring(prep: PreparedProblem, chosen: Sequence[int]) -> dict[int, int]:
    """Edge-colour the chosen pairs with ``len(prep.slots)`` colours (see module docstring)."""
    n_workers = len(prep.workers)
    booth_node: dict[tuple[int, int], int] = {}
    dealt: dict[int, int] = defaultdict(int)
    # colour_at[node][colour] = (other node, pair index)
    colour_at: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    n_colours = len(prep.slots)
    for i in chosen:
        pair = prep.pairs[i]
        booth = dealt[pair.employer] % prep.employers[pair.employer].booths
        dealt[pair.employer] += 1
        v = booth_node.setdefault((pair.employer, booth), n_workers + len(booth_node))
        u = pair.worker
        a = next(c for c in range(n_colours) if c not in colour_at[u])
        b = next(c for c in range(n_colours) if c not in colour_at[v])
        if a in colour_at[v]:
            # Flip the a/b alternating path that starts at v; in a bipartite graph it cannot
            # end at u, so afterwards a is free at both ends.
            path: list[tuple[int, int, int, int]] = []
            node, colour = v, a
            while colour in colour_at[node]:
                other, pair_id = colour_at[node][colour]
                path.append((node, other, colour, pair_id))
                node, colour = other, (b if colour == a else a)
            for x, y, c, _ in path:
                del colour_at[x][c]
                del colour_at[y][c]
            for x, y, c, pair_id in path:
                flipped = b if c == a else a
                colour_at[x][flipped] = (y, pair_id)
                colour_at[y][flipped] = (x, pair_id)
        colour_at[u][a] = (v, i)
        colour_at[v][a] = (u, i)
    slot_of: dict[int, int] = {}
    for node in range(n_workers):
        for colour, (_, pair_id) in colour_at[node].items():
            slot_of[pair_id] = colour
    return slot_of


def _greedy(
    prep: PreparedProblem, chosen: Sequence[int], fixed: Mapping[int, FixedInterview]
) -> dict[int, int]:
    """Place what fits, most constrained first; may leave pairs out."""
    worker_busy: set[tuple[int, int]] = set()
    employer_load: dict[tuple[int, int], int] = defaultdict(int)
    slot_of: dict[int, int] = {}
    for i, f in fixed.items():
        p = prep.pairs[i]
        worker_busy.add((p.worker, f.slot))
        employer_load[(p.employer, f.slot)] += 1
        slot_of[i] = f.slot
    todo = sorted(
        (i for i in chosen if i not in fixed), key=lambda i: (len(prep.pairs[i].slots), i)
    )
    for i in todo:
        p = prep.pairs[i]
        booths = prep.employers[p.employer].booths
        for s in p.slots:
            if (p.worker, s) not in worker_busy and employer_load[(p.employer, s)] < booths:
                worker_busy.add((p.worker, s))
                employer_load[(p.employer, s)] += 1
                slot_of[i] = s
                break
    return slot_of


def _repair(
    prep: PreparedProblem,
    chosen: Sequence[int],
    fixed: Mapping[int, FixedInterview],
    slot_of: dict[int, int],
    max_steps: int,
) -> dict[int, int]:
    """Ejection-chain local search for the pairs greedy could not place; seeded, so deterministic.

    Each step puts one waiting pair into the common slot with the fewest collisions (a worker's
    other interview in that slot, or an interview of a full employer), evicting them back to the
    queue. Fixed interviews are never evicted. Gives up after ``max_steps`` and returns the best
    partial placement seen.
    """
    rng = random.Random(0)
    slot_of = dict(slot_of)
    worker_at: dict[tuple[int, int], int] = {}
    employer_at: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, s in slot_of.items():
        p = prep.pairs[i]
        worker_at[(p.worker, s)] = i
        employer_at[(p.employer, s)].append(i)
    waiting = deque(sorted(i for i in set(chosen) if i not in slot_of))
    best = dict(slot_of)
    last_moved: dict[int, int] = {}
    for step in range(max_steps):
        if not waiting:
            return slot_of
        i = waiting.popleft()
        p = prep.pairs[i]
        booths = prep.employers[p.employer].booths
        options: list[tuple[int, float, int, list[int]]] = []
        for s in p.slots:
            evict: list[int] = []
            other = worker_at.get((p.worker, s))
            if other is not None:
                evict.append(other)
            here = [j for j in employer_at[(p.employer, s)] if j != other]
            if len(here) >= booths:
                movable = [j for j in here if j not in fixed]
                if not movable:
                    continue
                evict.append(min(movable, key=lambda j: (last_moved.get(j, -1), rng.random())))
            if any(j in fixed for j in evict):
                continue
            recent = sum(1 for j in evict if step - last_moved.get(j, -(10**9)) < 3)
            options.append((len(evict) + recent, rng.random(), s, evict))
        if not options:
            waiting.append(i)
            continue
        _, _, s, evict = min(options)
        for j in evict:
            q = prep.pairs[j]
            t = slot_of.pop(j)
            del worker_at[(q.worker, t)]
            employer_at[(q.employer, t)].remove(j)
            waiting.append(j)
        slot_of[i] = s
        worker_at[(p.worker, s)] = i
        employer_at[(p.employer, s)].append(i)
        last_moved[i] = step
        if len(slot_of) > len(best):
            best = dict(slot_of)
    return slot_of if not waiting else best


def place_cpsat(
    prep: PreparedProblem,
    candidates: Sequence[int],
    required: Collection[int],
    fixed: Mapping[int, FixedInterview],
    hint: Mapping[int, int],
    time_limit_s: float | None = None,
) -> dict[int, int] | None:
    """Place ``required`` pairs and as many other ``candidates`` as possible (by count).

    Returns pair -> slot, or None when the required pairs cannot all be placed. Exact.
    """
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_worker_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_employer_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    optional: list[cp_model.IntVar] = []
    for i in sorted(set(candidates) | set(required) | set(fixed)):
        p = prep.pairs[i]
        slots = (fixed[i].slot,) if i in fixed else p.slots
        here = []
        for s in slots:
            var = model.new_bool_var(f"x_{i}_{s}")
            x[(i, s)] = var
            here.append(var)
            by_worker_slot[(p.worker, s)].append(var)
            by_employer_slot[(p.employer, s)].append(var)
            model.add_hint(var, hint.get(i) == s)
        if i in required or i in fixed:
            model.add_exactly_one(here)
        else:
            model.add_at_most_one(here)
            optional.extend(here)
    for group in by_worker_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for (e, _), group in by_employer_slot.items():
        if len(group) > prep.employers[e].booths:
            model.add(sum(group) <= prep.employers[e].booths)
    if optional:
        model.maximize(sum(optional))
    return solve_assignment(model, x, time_limit_s, "placement")


def place_all(
    prep: PreparedProblem,
    chosen: Sequence[int],
    fixed: Mapping[int, FixedInterview],
    time_limit_s: float | None = None,
) -> tuple[dict[int, int] | None, dict[int, int]]:
    """Place every chosen pair, or prove it impossible.

    Returns ``(placement or None, best partial placement)``; the partial one is a warm start for
    the exact model that takes over when the whole set cannot be placed.
    """
    n_slots = len(prep.slots)
    unrestricted = all(len(prep.pairs[i].slots) == n_slots for i in chosen)
    if unrestricted and not fixed:
        slot_of = _konig_colouring(prep, chosen)
        return slot_of, slot_of
    partial = _greedy(prep, chosen, fixed)
    wanted = len(set(chosen) | set(fixed))
    if len(partial) < wanted:
        partial = _repair(
            prep, chosen, fixed, partial, max_steps=200 * (wanted - len(partial)) + 1000
        )
    if len(partial) == wanted:
        return partial, partial
    placed = place_cpsat(prep, chosen, chosen, fixed, partial, time_limit_s)
    return placed, partial


def place_most(
    prep: PreparedProblem,
    chosen: Sequence[int],
    required: Collection[int],
    fixed: Mapping[int, FixedInterview],
    time_limit_s: float | None = None,
) -> dict[int, int] | None:
    """Place ``required`` (pins) and as many other chosen pairs as possible; None if pins can't."""
    placed, partial = place_all(prep, chosen, fixed, time_limit_s)
    if placed is not None:
        return placed
    return place_cpsat(prep, chosen, required, fixed, partial, time_limit_s)
