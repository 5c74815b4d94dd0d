"""Independent checkers and generators for the timetable tests.

Written from the specification, not from the engine's code, so a shared bug cannot hide: the
validity checker, the brute-force optimum and the blocking-pair finder re-derive everything from
the raw ``TimetableProblem``.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

from hypothesis import strategies as st

from matcher.scheduling import (
    CandidatePair,
    Employer,
    Slot,
    Timetable,
    TimetableProblem,
    Worker,
    score_units,
)

START = datetime(2025, 8, 20, 9, 0)
T = TypeVar("T")


def shuffled(problem: TimetableProblem, seed: int) -> TimetableProblem:
    """The same event listed in a different order (the timetable must not change)."""
    rng = random.Random(seed)

    def mixed(items: tuple[T, ...]) -> tuple[T, ...]:
        out = list(items)
        rng.shuffle(out)
        return tuple(out)

    return replace(
        problem,
        slots=mixed(problem.slots),
        employers=mixed(problem.employers),
        workers=mixed(problem.workers),
        pairs=mixed(problem.pairs),
    )


@dataclass(frozen=True)
class Pair:
    """The one interview an (employer, worker) may have, per the specification."""

    employer: str
    worker: str
    vacancy: str
    score: float
    pinned: bool
    slots: frozenset[str]


def availability(problem: TimetableProblem) -> dict[str, frozenset[str]]:
    every = frozenset(s.id for s in problem.slots)
    people: list[Employer | Worker] = [*problem.employers, *problem.workers]
    return {x.id: every if x.available_slots is None else x.available_slots for x in people}


def acceptable_pairs(problem: TimetableProblem) -> dict[tuple[str, str], Pair]:
    """Acceptable (eligible or pinned, not excluded) pairs with at least one common slot."""
    avail = availability(problem)
    rows: dict[tuple[str, str], list[CandidatePair]] = defaultdict(list)
    for r in problem.pairs:
        rows[(r.employer_id, r.worker_id)].append(r)
    out: dict[tuple[str, str], Pair] = {}
    for (e, w), group in rows.items():
        if any(r.excluded for r in group):
            continue
        ok = [r for r in group if r.eligible or r.pinned]
        common = avail[e] & avail[w]
        if not ok or not common:
            continue
        best = min(ok, key=lambda r: (-score_units(r.score), r.vacancy_id))
        out[(e, w)] = Pair(e, w, best.vacancy_id, best.score, any(r.pinned for r in group), common)
    return out


def capacities(problem: TimetableProblem) -> tuple[dict[str, int], dict[str, int]]:
    avail = availability(problem)
    employer = {e.id: min(e.max_interviews, e.booths * len(avail[e.id])) for e in problem.employers}
    worker = {w.id: min(w.max_interviews, len(avail[w.id])) for w in problem.workers}
    return employer, worker


def fairness_floor(problem: TimetableProblem) -> dict[str, int]:
    employer_cap, worker_cap = capacities(problem)
    count = Counter(
        p.worker for p in acceptable_pairs(problem).values() if employer_cap[p.employer]
    )
    k = problem.min_interviews_per_worker
    return {w.id: min(k, worker_cap[w.id], count[w.id]) for w in problem.workers}


def assert_valid(problem: TimetableProblem, timetable: Timetable) -> None:
    """Every hard rule of a timetable, checked from scratch."""
    avail = availability(problem)
    employers = {e.id: e for e in problem.employers}
    workers = {w.id: w for w in problem.workers}
    pairs = acceptable_pairs(problem)
    seen_pair: set[tuple[str, str]] = set()
    worker_slot: set[tuple[str, str]] = set()
    booth_slot: set[tuple[str, str, int]] = set()
    for i in timetable.interviews:
        key = (i.employer_id, i.worker_id)
        assert key in pairs, f"{key} is not an acceptable pair"
        assert key not in seen_pair, f"{key} interviewed twice"
        seen_pair.add(key)
        assert i.vacancy_id == pairs[key].vacancy, "interview must cover the best vacancy"
        assert i.score == pairs[key].score
        assert (i.worker_id, i.slot_id) not in worker_slot, "worker double-booked"
        worker_slot.add((i.worker_id, i.slot_id))
        assert (i.employer_id, i.slot_id, i.booth) not in booth_slot, "booth double-booked"
        booth_slot.add((i.employer_id, i.slot_id, i.booth))
        assert 1 <= i.booth <= employers[i.employer_id].booths
        assert i.slot_id in avail[i.employer_id] and i.slot_id in avail[i.worker_id]
    for w, n in Counter(i.worker_id for i in timetable.interviews).items():
        assert n <= workers[w].max_interviews
    for e, n in Counter(i.employer_id for i in timetable.interviews).items():
        assert n <= employers[e].max_interviews
    for key, p in pairs.items():
        if p.pinned:
            assert key in seen_pair, f"pinned pair {key} missing"
    listed = {(u.employer_id, u.worker_id, u.vacancy_id) for u in timetable.unplaced}
    scheduled = {(i.employer_id, i.worker_id, i.vacancy_id) for i in timetable.interviews}
    every_row = {(r.employer_id, r.worker_id, r.vacancy_id) for r in problem.pairs}
    assert listed | scheduled == every_row and not (listed & scheduled)


def brute_force_best(problem: TimetableProblem) -> int | None:
    """Maximum total score units over every valid timetable, or None if none exists."""
    pairs = sorted(acceptable_pairs(problem).values(), key=lambda p: (p.employer, p.worker))
    if any(
        r.pinned and (r.employer_id, r.worker_id) not in acceptable_pairs(problem)
        for r in problem.pairs
    ):
        return None
    employers = {e.id: e for e in problem.employers}
    workers = {w.id: w for w in problem.workers}
    floor = fairness_floor(problem)
    worker_load: Counter[str] = Counter()
    employer_load: Counter[str] = Counter()
    busy: set[tuple[str, str]] = set()
    booth_use: Counter[tuple[str, str]] = Counter()
    best: list[int | None] = [None]

    def visit(k: int, total: int) -> None:
        if k == len(pairs):
            floor_met = all(worker_load[w] >= f for w, f in floor.items())
            if floor_met and (best[0] is None or total > best[0]):
                best[0] = total
            return
        p = pairs[k]
        if not p.pinned:
            visit(k + 1, total)
        if worker_load[p.worker] >= workers[p.worker].max_interviews:
            return
        if employer_load[p.employer] >= employers[p.employer].max_interviews:
            return
        for s in sorted(p.slots):
            if (p.worker, s) in busy or booth_use[(p.employer, s)] >= employers[p.employer].booths:
                continue
            busy.add((p.worker, s))
            booth_use[(p.employer, s)] += 1
            worker_load[p.worker] += 1
            employer_load[p.employer] += 1
            visit(k + 1, total + score_units(p.score))
            busy.discard((p.worker, s))
            booth_use[(p.employer, s)] -= 1
            worker_load[p.worker] -= 1
            employer_load[p.employer] -= 1

    visit(0, 0)
    return best[0]


def preference_key_worker(
    pairs: dict[tuple[str, str], Pair], w: Worker
) -> dict[str, tuple[int, int, str]]:
    ranking = {e: r for r, e in enumerate(w.ranking or ())}
    return {
        e: (ranking.get(e, 10**9), -score_units(p.score), e)
        for (e, wid), p in pairs.items()
        if wid == w.id
    }


def preference_key_employer(
    pairs: dict[tuple[str, str], Pair], e: Employer
) -> dict[str, tuple[int, int, str]]:
    ranking = {w: r for r, w in enumerate(e.ranking or ())}
    return {
        w: (ranking.get(w, 10**9), -score_units(p.score), w)
        for (eid, w), p in pairs.items()
        if eid == e.id
    }


def blocking_pairs(problem: TimetableProblem, timetable: Timetable) -> list[tuple[str, str]]:
    """Unmatched acceptable pairs that both sides would rather have (pins cannot be displaced)."""
    employer_cap, worker_cap = capacities(problem)
    pairs = acceptable_pairs(problem)
    matched = {(i.employer_id, i.worker_id) for i in timetable.interviews}
    by_worker: dict[str, list[str]] = defaultdict(list)
    by_employer: dict[str, list[str]] = defaultdict(list)
    for e, w in matched:
        by_worker[w].append(e)
        by_employer[e].append(w)
    worker_pairs: dict[str, dict[tuple[str, str], Pair]] = defaultdict(dict)
    employer_pairs: dict[str, dict[tuple[str, str], Pair]] = defaultdict(dict)
    for key, p in pairs.items():
        worker_pairs[p.worker][key] = p
        employer_pairs[p.employer][key] = p
    worker_pref = {w.id: preference_key_worker(worker_pairs[w.id], w) for w in problem.workers}
    employer_pref = {
        e.id: preference_key_employer(employer_pairs[e.id], e) for e in problem.employers
    }
    blocking = []
    for e, w in sorted(pairs):
        if (e, w) in matched:
            continue
        worker_wants = len(by_worker[w]) < worker_cap[w] or any(
            worker_pref[w][e] < worker_pref[w][other] and not pairs[(other, w)].pinned
            for other in by_worker[w]
        )
        employer_wants = len(by_employer[e]) < employer_cap[e] or any(
            employer_pref[e][w] < employer_pref[e][other] and not pairs[(e, other)].pinned
            for other in by_employer[e]
        )
        if worker_wants and employer_wants:
            blocking.append((e, w))
    return blocking


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    max_employers: int = 4,
    max_workers: int = 8,
    max_slots: int = 4,
    max_rows: int = 20,
    restricted: bool = True,
    pins: str = "safe",
    fairness: int = 0,
    rankings: bool = True,
) -> TimetableProblem:
    """Random small events. ``pins``: "none", "safe" (always feasible) or "any"."""
    n_slots = draw(st.integers(1, max_slots))
    slots = tuple(Slot(f"s{j}", START + timedelta(minutes=30 * j), 25) for j in range(n_slots))
    slot_ids = [s.id for s in slots]
    avail_strategy = (
        st.one_of(st.none(), st.frozensets(st.sampled_from(slot_ids), min_size=1))
        if restricted
        else st.none()
    )
    n_e = draw(st.integers(1, max_employers))
    n_w = draw(st.integers(1, max_workers))
    employer_ids = [f"e{k}" for k in range(n_e)]
    worker_ids = [f"w{k}" for k in range(n_w)]
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(employer_ids),
                st.sampled_from(worker_ids),
                st.sampled_from(["v0", "v1"]),
                st.integers(0, 20).map(lambda x: x / 20),
                st.booleans() | st.just(True),
                st.integers(0, 9),
            ),
            max_size=max_rows,
            unique_by=lambda t: t[:3],
        )
    )
    employers = tuple(
        Employer(
            e,
            max_interviews=draw(st.integers(1 if pins == "safe" else 0, 6)),
            booths=draw(st.integers(1, 2)),
            available_slots=draw(avail_strategy),
            ranking=tuple(draw(st.permutations(worker_ids))[: draw(st.integers(0, 2))])
            if rankings and draw(st.booleans())
            else None,
        )
        for e in employer_ids
    )
    workers = tuple(
        Worker(
            w,
            max_interviews=draw(st.integers(0, 3)),
            available_slots=draw(avail_strategy),
            ranking=tuple(draw(st.permutations(employer_ids))[: draw(st.integers(0, 2))])
            if rankings and draw(st.booleans())
            else None,
        )
        for w in worker_ids
    )
    every = frozenset(slot_ids)
    people: list[Employer | Worker] = [*employers, *workers]
    avail = {x.id: every if x.available_slots is None else x.available_slots for x in people}
    pinned_people: set[str] = set()
    pairs = []
    for e, w, v, score, eligible, flag in rows:
        pinned = False
        excluded = flag == 9
        if pins == "any":
            pinned = flag == 0 and not excluded
        elif pins == "safe" and flag == 0 and not excluded:
            worker_max = next(x.max_interviews for x in workers if x.id == w)
            if (
                e not in pinned_people
                and w not in pinned_people
                and worker_max >= 1
                and avail[e] & avail[w]
            ):
                pinned = True
                pinned_people |= {e, w}
        pairs.append(CandidatePair(e, w, v, score, eligible, pinned, excluded))
    # An exclusion applies to every vacancy of the employer; drop pins it would contradict.
    excluded_keys = {(p.employer_id, p.worker_id) for p in pairs if p.excluded}
    pairs = [
        CandidatePair(p.employer_id, p.worker_id, p.vacancy_id, p.score, p.eligible, False, True)
        if (p.employer_id, p.worker_id) in excluded_keys
        else p
        for p in pairs
    ]
    return TimetableProblem(slots, employers, workers, tuple(pairs), fairness)
