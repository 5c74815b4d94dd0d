"""The value of a meeting between a company and a sending organisation (pure, no I/O).

What the agency's pool offers the company: the agency's workers that the engine ranks eligible
for the company's vacancies at the event, each weighted by its match score, at most
``headcount`` workers per vacancy and each worker counted once (a person takes one job). Exactly:

    value(company, agency) = max over assignments x of  sum_{w, v} score(w, v) * x(w, v)
    subject to  x(w, v) in {0, 1}, x(w, v) = 0 unless w is eligible for v,
                sum_v x(w, v) <= 1 for every worker w of the agency,
                sum_w x(w, v) <= headcount(v) for every vacancy v of the company.

It is a maximum-weight bipartite b-matching, solved exactly as an assignment problem (each
vacancy expanded into ``headcount`` seats, each worker given a seat of its own worth nothing so
that nobody is forced into a seat). The value is 0 exactly when the agency has no eligible
worker with a positive score for any of the company's vacancies: such pairs are never
scheduled. The value never exceeds the company's total headcount, and adding an eligible
worker to the pool never lowers it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

_FORBIDDEN = -1.0e9
"""Weight of a worker x seat cell the worker is not eligible for: never worth taking, since the
worker's own zero-worth seat is always free."""


@dataclass(frozen=True, slots=True, order=True)
class Candidate:
    """A worker of the agency the engine ranked eligible for a vacancy, with its score."""

    worker_id: int
    vacancy_id: int
    score: float


@dataclass(frozen=True, slots=True)
class PairValue:
    """The value of one (company, agency) pair and the workers it counts."""

    value: float
    counted: tuple[Candidate, ...]
    seats: int


def pair_value(headcounts: Mapping[int, int], candidates: Sequence[Candidate]) -> PairValue:
    """The value of a meeting (module docstring) for a company whose event vacancies have
    ``headcounts`` (vacancy id -> headcount), given the agency's eligible ``candidates``.

    Candidates for vacancies not in ``headcounts`` and scores that are not positive count for
    nothing. Ties between equally good assignments are broken by worker and vacancy id, so the
    counted workers are deterministic.
    """
    seats = sum(max(0, h) for h in headcounts.values())
    usable = sorted(
        c for c in candidates if c.vacancy_id in headcounts and c.score > 0 and c.score <= 1
    )
    if not usable:
        return PairValue(0.0, (), seats)
    workers = sorted({c.worker_id for c in usable})
    per_vacancy: dict[int, int] = {}
    for c in usable:
        per_vacancy[c.vacancy_id] = per_vacancy.get(c.vacancy_id, 0) + 1
    # A vacancy needs no more seats than it has candidates.
    seat_vacancy = [
        v for v in sorted(per_vacancy) for _ in range(min(headcounts[v], per_vacancy[v]))
    ]
    if not seat_vacancy:
        return PairValue(0.0, (), seats)
    row = {w: i for i, w in enumerate(workers)}
    columns: dict[int, list[int]] = {}
    for j, v in enumerate(seat_vacancy):
        columns.setdefault(v, []).append(j)
    weights = np.full((len(workers), len(seat_vacancy) + len(workers)), _FORBIDDEN)
    for i in range(len(workers)):
        weights[i, len(seat_vacancy) + i] = 0.0
    score_of: dict[tuple[int, int], float] = {}
    for c in usable:
        score_of[(c.worker_id, c.vacancy_id)] = c.score
        for j in columns[c.vacancy_id]:
            weights[row[c.worker_id], j] = c.score
    rows, cols = linear_sum_assignment(weights, maximize=True)
    counted = tuple(
        sorted(
            Candidate(workers[i], seat_vacancy[j], score_of[(workers[i], seat_vacancy[j])])
            for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
            if j < len(seat_vacancy)
        )
    )
    return PairValue(sum(c.score for c in counted), counted, seats)
