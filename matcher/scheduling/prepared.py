"""Validation and canonical indexing shared by every mode.

Solvers work on small integers, not ids, and must see the same problem whatever order the caller
listed things in: that is what makes the timetable deterministic. So this module validates the
input once, sorts every collection by id (slots by start time, then id), and reduces candidate
rows to one *acceptable pair* per (employer, worker) carrying its best-scoring vacancy.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from matcher.scheduling.errors import InfeasibleTimetable, InvalidProblem
from matcher.scheduling.problem import (
    CandidatePair,
    Employer,
    Interview,
    Slot,
    Timetable,
    TimetableProblem,
    UnplacedPair,
    UnplacedReason,
    Worker,
    score_units,
)


@dataclass(frozen=True, slots=True)
class PairOption:
    """One acceptable (employer, worker) pair, with the slots both sides are available in."""

    employer: int
    worker: int
    vacancy_id: str
    score: float
    units: int
    pinned: bool
    slots: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FixedInterview:
    """An interview that must stay exactly where it is (replan keeps unaffected interviews)."""

    pair: int
    slot: int
    booth: int


@dataclass(frozen=True, slots=True)
class PreparedProblem:
    """The validated problem in index form; see the module docstring for why."""

    slots: tuple[Slot, ...]
    employers: tuple[Employer, ...]
    workers: tuple[Worker, ...]
    employer_slots: tuple[frozenset[int], ...]
    worker_slots: tuple[frozenset[int], ...]
    employer_cap: tuple[int, ...]
    worker_cap: tuple[int, ...]
    pairs: tuple[PairOption, ...]
    pair_index: Mapping[tuple[int, int], int]
    pair_rows: Mapping[int, tuple[CandidatePair, ...]]
    rejected: tuple[UnplacedPair, ...]
    fairness_floor: tuple[int, ...]

    @property
    def pinned(self) -> frozenset[int]:
        """Indices of pairs the organiser pinned."""
        return frozenset(i for i, p in enumerate(self.pairs) if p.pinned)

    def pairs_of_worker(self) -> list[list[int]]:
        """Pair indices grouped by worker index."""
        groups: list[list[int]] = [[] for _ in self.workers]
        for i, p in enumerate(self.pairs):
            groups[p.worker].append(i)
        return groups

    def pairs_of_employer(self) -> list[list[int]]:
        """Pair indices grouped by employer index."""
        groups: list[list[int]] = [[] for _ in self.employers]
        for i, p in enumerate(self.pairs):
            groups[p.employer].append(i)
        return groups


def _unique_ids(kind: str, ids: Iterable[str]) -> None:
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise InvalidProblem(f"duplicate {kind} ids: {', '.join(duplicates)}")


def _check_known(kind: str, owner: str, ids: Iterable[str], known: Mapping[str, int]) -> None:
    unknown = sorted(set(ids) - known.keys())
    if unknown:
        raise InvalidProblem(f"{owner} refers to unknown {kind} ids: {', '.join(unknown)}")


def _validate(problem: TimetableProblem) -> None:
    _unique_ids("slot", (s.id for s in problem.slots))
    _unique_ids("employer", (e.id for e in problem.employers))
    _unique_ids("worker", (w.id for w in problem.workers))
    if problem.min_interviews_per_worker < 0:
        raise InvalidProblem("min_interviews_per_worker must be >= 0")
    for s in problem.slots:
        if s.minutes <= 0:
            raise InvalidProblem(f"slot {s.id}: minutes must be > 0, got {s.minutes}")
    slot_ids = {s.id: i for i, s in enumerate(problem.slots)}
    employer_ids = {e.id: i for i, e in enumerate(problem.employers)}
    worker_ids = {w.id: i for i, w in enumerate(problem.workers)}
    for e in problem.employers:
        if e.booths < 1:
            raise InvalidProblem(f"employer {e.id}: booths must be >= 1, got {e.booths}")
        if e.max_interviews < 0:
            raise InvalidProblem(f"employer {e.id}: max_interviews must be >= 0")
        _check_known("slot", f"employer {e.id}", e.available_slots or (), slot_ids)
        if e.ranking is not None:
            _unique_ids(f"worker (in ranking of employer {e.id})", e.ranking)
            _check_known("worker", f"ranking of employer {e.id}", e.ranking, worker_ids)
    for w in problem.workers:
        if w.max_interviews < 0:
            raise InvalidProblem(f"worker {w.id}: max_interviews must be >= 0")
        _check_known("slot", f"worker {w.id}", w.available_slots or (), slot_ids)
        if w.ranking is not None:
            _unique_ids(f"employer (in ranking of worker {w.id})", w.ranking)
            _check_known("employer", f"ranking of worker {w.id}", w.ranking, employer_ids)
    seen: set[tuple[str, str, str]] = set()
    for p in problem.pairs:
        where = f"pair ({p.employer_id}, {p.worker_id}, {p.vacancy_id})"
        if p.employer_id not in employer_ids:
            raise InvalidProblem(f"{where} refers to unknown employer id {p.employer_id}")
        if p.worker_id not in worker_ids:
            raise InvalidProblem(f"{where} refers to unknown worker id {p.worker_id}")
        if not (math.isfinite(p.score) and 0.0 <= p.score <= 1.0):
            raise InvalidProblem(f"{where}: score must be in [0, 1], got {p.score}")
        key = (p.employer_id, p.worker_id, p.vacancy_id)
        if key in seen:
            raise InvalidProblem(f"{where} is listed twice")
        seen.add(key)


def prepare(problem: TimetableProblem) -> PreparedProblem:
    """Validate ``problem`` and index it canonically (raises ``InvalidProblem``)."""
    _validate(problem)
    slots = tuple(sorted(problem.slots, key=lambda s: (s.start, s.id)))
    slot_index = {s.id: i for i, s in enumerate(slots)}
    every_slot = frozenset(range(len(slots)))
    employers = tuple(sorted(problem.employers, key=lambda e: e.id))
    workers = tuple(sorted(problem.workers, key=lambda w: w.id))
    employer_index = {e.id: i for i, e in enumerate(employers)}
    worker_index = {w.id: i for i, w in enumerate(workers)}

    def slot_set(available: frozenset[str] | None) -> frozenset[int]:
        return every_slot if available is None else frozenset(slot_index[s] for s in available)

    employer_slots = tuple(slot_set(e.available_slots) for e in employers)
    worker_slots = tuple(slot_set(w.available_slots) for w in workers)
    # Capacity as the relaxation sees it: nobody can exceed their own limit, a worker meets at most
    # one employer per slot, and an employer runs at most `booths` interviews per slot.
    employer_cap = tuple(
        min(e.max_interviews, e.booths * len(employer_slots[i])) for i, e in enumerate(employers)
    )
    worker_cap = tuple(min(w.max_interviews, len(worker_slots[i])) for i, w in enumerate(workers))

    groups: dict[tuple[int, int], list[CandidatePair]] = defaultdict(list)
    for row in problem.pairs:
        groups[(employer_index[row.employer_id], worker_index[row.worker_id])].append(row)

    pairs: list[PairOption] = []
    pair_index: dict[tuple[int, int], int] = {}
    pair_rows: dict[int, tuple[CandidatePair, ...]] = {}
    rejected: list[UnplacedPair] = []

    def reject(row: CandidatePair, reason: UnplacedReason) -> None:
        rejected.append(UnplacedPair(row.employer_id, row.worker_id, row.vacancy_id, reason))

    for (e, w), rows in sorted(groups.items()):
        rows.sort(key=lambda r: r.vacancy_id)
        pinned = any(r.pinned for r in rows)
        if any(r.excluded for r in rows):
            if pinned:
                raise InvalidProblem(
                    f"pair ({employers[e].id}, {workers[w].id}) is both pinned and excluded"
                )
            for r in rows:
                reject(r, UnplacedReason.EXCLUDED)
            continue
        acceptable = [r for r in rows if r.eligible or r.pinned]
        for r in rows:
            if not (r.eligible or r.pinned):
                reject(r, UnplacedReason.INELIGIBLE)
        if not acceptable:
            continue
        # One interview per employer and worker: it covers the best-scoring acceptable vacancy.
        best = min(acceptable, key=lambda r: (-score_units(r.score), r.vacancy_id))
        for r in acceptable:
            if r is not best:
                reject(r, UnplacedReason.OTHER_VACANCY)
        common = tuple(sorted(employer_slots[e] & worker_slots[w]))
        if not common:
            if pinned:
                raise InfeasibleTimetable(
                    f"pinned pair ({employers[e].id}, {workers[w].id}) has no slot in which both "
                    "are available"
                )
            reject(best, UnplacedReason.NO_COMMON_SLOT)
            continue
        pair_index[(e, w)] = len(pairs)
        pair_rows[len(pairs)] = tuple(rows)
        pairs.append(
            PairOption(e, w, best.vacancy_id, best.score, score_units(best.score), pinned, common)
        )

    # Pairs with an employer that can hold no interview do not count towards the floor.
    acceptable_count = Counter(p.worker for p in pairs if employer_cap[p.employer] > 0)
    k = problem.min_interviews_per_worker
    floor = tuple(min(k, worker_cap[w], acceptable_count[w]) for w in range(len(workers)))
    return PreparedProblem(
        slots=slots,
        employers=employers,
        workers=workers,
        employer_slots=employer_slots,
        worker_slots=worker_slots,
        employer_cap=employer_cap,
        worker_cap=worker_cap,
        pairs=tuple(pairs),
        pair_index=pair_index,
        pair_rows=pair_rows,
        rejected=tuple(rejected),
        fairness_floor=floor,
    )


def check_forced_capacity(prep: PreparedProblem, forced: Iterable[int], what: str) -> None:
    """Raise ``InfeasibleTimetable`` naming the first person whose forced interviews overflow.

    ``what`` names the forced interviews in the message ("pinned", "pinned or kept").
    """
    per_worker = Counter(prep.pairs[i].worker for i in forced)
    per_employer = Counter(prep.pairs[i].employer for i in forced)
    for w, n in sorted(per_worker.items()):
        worker = prep.workers[w]
        if n > worker.max_interviews:
            raise InfeasibleTimetable(
                f"worker {worker.id} has {n} {what} interviews but max_interviews is "
                f"{worker.max_interviews}"
            )
        if n > len(prep.worker_slots[w]):
            raise InfeasibleTimetable(
                f"worker {worker.id} has {n} {what} interviews but is available in only "
                f"{len(prep.worker_slots[w])} slots"
            )
    for e, n in sorted(per_employer.items()):
        employer = prep.employers[e]
        if n > employer.max_interviews:
            raise InfeasibleTimetable(
                f"employer {employer.id} has {n} {what} interviews but max_interviews is "
                f"{employer.max_interviews}"
            )
        booth_capacity = employer.booths * len(prep.employer_slots[e])
        if n > booth_capacity:
            raise InfeasibleTimetable(
                f"{what} interviews of employer {employer.id} ({n}) exceed its booth capacity "
                f"({employer.booths} booths x {len(prep.employer_slots[e])} slots = "
                f"{booth_capacity})"
            )


def assemble(
    prep: PreparedProblem,
    mode: str,
    slot_of: Mapping[int, int],
    fixed: Mapping[int, FixedInterview],
    unplaceable: Iterable[int] = (),
) -> Timetable:
    """Turn a pair -> slot assignment into a ``Timetable``.

    Booths: fixed interviews keep theirs; the others take the lowest free booth numbers of their
    employer in that slot, in worker-id order, so booth numbers are deterministic too.
    """
    taken: dict[tuple[int, int], set[int]] = defaultdict(set)
    for f in fixed.values():
        taken[(prep.pairs[f.pair].employer, f.slot)].add(f.booth)
    booth_of: dict[int, int] = {i: f.booth for i, f in fixed.items()}
    for i in sorted(slot_of, key=lambda i: (slot_of[i], prep.pairs[i].employer, i)):
        if i in booth_of:
            continue
        used = taken[(prep.pairs[i].employer, slot_of[i])]
        booth = next(
            b for b in range(1, prep.employers[prep.pairs[i].employer].booths + 1) if b not in used
        )
        used.add(booth)
        booth_of[i] = booth
    interviews = []
    for i, s in slot_of.items():
        p = prep.pairs[i]
        interviews.append(
            (
                s,
                Interview(
                    employer_id=prep.employers[p.employer].id,
                    worker_id=prep.workers[p.worker].id,
                    vacancy_id=p.vacancy_id,
                    slot_id=prep.slots[s].id,
                    booth=booth_of[i],
                    score=p.score,
                ),
            )
        )
    interviews.sort(key=lambda t: (t[0], t[1].employer_id, t[1].booth))
    unplaceable = set(unplaceable)
    unplaced = list(prep.rejected)
    for i, p in enumerate(prep.pairs):
        if i not in slot_of:
            reason = (
                UnplacedReason.NO_FREE_SLOT if i in unplaceable else UnplacedReason.NOT_SELECTED
            )
            unplaced.append(
                UnplacedPair(
                    prep.employers[p.employer].id, prep.workers[p.worker].id, p.vacancy_id, reason
                )
            )
    return Timetable(
        mode=mode, interviews=tuple(t[1] for t in interviews), unplaced=tuple(sorted(unplaced))
    )
