"""Input and output of the interview timetable engine, as frozen dataclasses.

Frozen so a problem can be shared between threads and solved twice with the same result;
tuples and frozensets rather than lists and sets for the same reason (and so instances hash).
Nothing here knows about databases or HTTP: the API layer converts its schemas into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

#: Scores are compared as integers (``round(score * SCORE_SCALE)``) so the network-flow and CP-SAT
#: solvers, which need integer costs, optimise exactly the same objective as the tests check.
SCORE_SCALE = 1_000_000


def score_units(score: float) -> int:
    """Integer objective weight of a score in [0, 1]; the unit every solver optimises."""
    return round(score * SCORE_SCALE)


@dataclass(frozen=True, slots=True)
class Slot:
    """One interview slot of the event; every booth runs at most one interview per slot."""

    id: str
    start: datetime
    minutes: int


@dataclass(frozen=True, slots=True)
class Employer:
    """A company at the event.

    ``booths`` is the number of parallel interview tables; ``available_slots`` of ``None`` means
    every slot. ``ranking`` (optional) orders worker ids for the stable mode; workers it does not
    mention rank after those it does, by match score.
    """

    id: str
    max_interviews: int
    booths: int = 1
    available_slots: frozenset[str] | None = None
    ranking: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Worker:
    """A candidate at the event; ``ranking`` orders employer ids the worker would like to meet."""

    id: str
    max_interviews: int
    available_slots: frozenset[str] | None = None
    ranking: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class CandidatePair:
    """A worker shortlisted for one vacancy of an employer.

    ``eligible`` comes from the hard-requirement check; ``pinned`` means the organiser promised
    this interview (it is scheduled even if not eligible); ``excluded`` means the employer declined
    the worker, which rules out *every* vacancy of that employer for that worker.
    """

    employer_id: str
    worker_id: str
    vacancy_id: str
    score: float
    eligible: bool = True
    pinned: bool = False
    excluded: bool = False


@dataclass(frozen=True, slots=True)
class TimetableProblem:
    """Everything the engine needs to build a timetable for one event.

    ``min_interviews_per_worker`` (k) is a fairness floor. Exact reading: every worker must get at
    least ``min(k, max_interviews, available slots, employers it is acceptable to)`` interviews;
    it is a hard constraint of the optimal mode and raises ``InfeasibleTimetable`` when employer
    capacity cannot carry it. The stable mode does not enforce it (a quota can contradict
    stability); see ``stable.py``.
    """

    slots: tuple[Slot, ...]
    employers: tuple[Employer, ...]
    workers: tuple[Worker, ...]
    pairs: tuple[CandidatePair, ...]
    min_interviews_per_worker: int = 0


@dataclass(frozen=True, slots=True, order=True)
class Interview:
    """One scheduled interview. Booths are numbered from 1 within each employer."""

    employer_id: str
    worker_id: str
    vacancy_id: str
    slot_id: str
    booth: int
    score: float


class UnplacedReason(StrEnum):
    """Why a candidate pair has no interview in the timetable."""

    EXCLUDED = "excluded"  # the employer declined this worker
    INELIGIBLE = "ineligible"  # fails a hard requirement and is not pinned
    NO_COMMON_SLOT = "no_common_slot"  # employer and worker are never available at the same time
    OTHER_VACANCY = "other_vacancy"  # a better-scoring vacancy of the same employer covers it
    NOT_SELECTED = "not_selected"  # acceptable, but capacity went to better pairs (or rivals)
    NO_FREE_SLOT = "no_free_slot"  # stable mode matched it, but no slot fits both timetables


@dataclass(frozen=True, slots=True, order=True)
class UnplacedPair:
    """A candidate pair left out of the timetable, with the reason an organiser can act on."""

    employer_id: str
    worker_id: str
    vacancy_id: str
    reason: UnplacedReason


@dataclass(frozen=True, slots=True)
class Timetable:
    """The result: interviews ordered by slot, employer and booth, plus what was left out."""

    mode: str
    interviews: tuple[Interview, ...]
    unplaced: tuple[UnplacedPair, ...] = field(default=())

    @property
    def total_score(self) -> float:
        """Sum of interview scores (the quantity the optimal mode maximises)."""
        return sum(i.score for i in self.interviews)

    @property
    def total_score_units(self) -> int:
        """The exact integer objective; use it to compare timetables without float noise."""
        return sum(score_units(i.score) for i in self.interviews)
