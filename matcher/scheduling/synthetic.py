"""Deterministic synthetic events, for the benchmark and the tests.

Shaped like the Sendai event: about 120 employers with 1-3 booths, 1,200 candidates meeting at
most 3-5 employers each, 12 slots, each candidate shortlisted by 5-15 employers. The same seed
always gives the same problem (``random.Random(seed)``, no global state).

Run ``python -m matcher.scheduling.synthetic`` to time both modes on the full-size instance.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

from matcher.scheduling.problem import CandidatePair, Employer, Slot, TimetableProblem, Worker


def synthetic_problem(
    seed: int,
    *,
    n_employers: int = 120,
    n_workers: int = 1200,
    n_slots: int = 12,
    pairs_per_worker: tuple[int, int] = (5, 15),
    restricted_share: float = 0.1,
    ineligible_share: float = 0.1,
    n_pins: int = 20,
    min_interviews_per_worker: int = 0,
) -> TimetableProblem:
    """A random event; ``restricted_share`` of people are only there half the day."""
    rng = random.Random(seed)
    start = datetime(2025, 8, 20, 9, 0)
    slots = tuple(Slot(f"S{j:02d}", start + timedelta(minutes=30 * j), 25) for j in range(n_slots))
    half = n_slots // 2
    morning = frozenset(s.id for s in slots[:half])
    afternoon = frozenset(s.id for s in slots[half:])

    def availability() -> frozenset[str] | None:
        if rng.random() >= restricted_share:
            return None
        return morning if rng.random() < 0.5 else afternoon

    employers: list[Employer] = []
    for k in range(n_employers):
        booths = rng.randint(1, 3)
        employers.append(
            Employer(
                id=f"E{k:04d}",
                booths=booths,
                max_interviews=rng.randint(booths * n_slots * 2 // 3, booths * n_slots),
                available_slots=availability(),
            )
        )
    workers: list[Worker] = []
    pairs: list[CandidatePair] = []
    employer_ids = [e.id for e in employers]
    # Popularity skew: some employers attract many more candidates than others.
    weights = [rng.random() ** 2 + 0.05 for _ in employers]
    for k in range(n_workers):
        wid = f"W{k:05d}"
        n = min(rng.randint(*pairs_per_worker), n_employers)
        chosen: set[str] = set()
        while len(chosen) < n:
            chosen.add(rng.choices(employer_ids, weights)[0])
        ordered = sorted(chosen)
        ranking = tuple(rng.sample(ordered, min(3, n))) if rng.random() < 0.3 else None
        workers.append(
            Worker(wid, rng.randint(3, 5), available_slots=availability(), ranking=ranking)
        )
        for eid in ordered:
            for v in range(1 if rng.random() < 0.85 else 2):
                pairs.append(
                    CandidatePair(
                        employer_id=eid,
                        worker_id=wid,
                        vacancy_id=f"{eid}-V{v}",
                        score=round(rng.random(), 4),
                        eligible=rng.random() >= ineligible_share,
                    )
                )
    # Pin a few pairs, at most one per worker and one per employer so pins stay feasible.
    all_slots = frozenset(s.id for s in slots)
    people: list[Employer | Worker] = [*employers, *workers]
    availability_of = {x.id: x.available_slots or all_slots for x in people}
    pinned_workers: set[str] = set()
    pinned_employers: set[str] = set()
    pin_at: set[int] = set()
    for idx in rng.sample(range(len(pairs)), min(len(pairs), n_pins * 5)):
        p = pairs[idx]
        if len(pin_at) >= n_pins:
            break
        if p.worker_id in pinned_workers or p.employer_id in pinned_employers:
            continue
        if all_slots.isdisjoint(availability_of[p.worker_id]) or availability_of[
            p.worker_id
        ].isdisjoint(availability_of[p.employer_id]):
            continue
        pinned_workers.add(p.worker_id)
        pinned_employers.add(p.employer_id)
        pin_at.add(idx)
    pairs = [
        CandidatePair(p.employer_id, p.worker_id, p.vacancy_id, p.score, p.eligible, True)
        if i in pin_at
        else p
        for i, p in enumerate(pairs)
    ]
    return TimetableProblem(
        slots=slots,
        employers=tuple(employers),
        workers=tuple(workers),
        pairs=tuple(pairs),
        min_interviews_per_worker=min_interviews_per_worker,
    )


def bench_timetable(seed: int = 0, **kwargs: object) -> dict[str, float]:
    """Solve time in seconds of each mode on ``synthetic_problem(seed, **kwargs)``."""
    from matcher.scheduling import build_timetable  # here to avoid an import cycle

    problem = synthetic_problem(seed, **kwargs)  # type: ignore[arg-type]
    timings: dict[str, float] = {}
    for mode in ("optimal", "stable"):
        began = time.perf_counter()
        timetable = build_timetable(problem, mode)
        timings[mode] = time.perf_counter() - began
        timings[f"{mode}_interviews"] = len(timetable.interviews)
        timings[f"{mode}_total_score"] = timetable.total_score
    return timings


if __name__ == "__main__":
    for share in (0.0, 0.1, 0.3):
        print(f"restricted_share={share}:", bench_timetable(0, restricted_share=share))
