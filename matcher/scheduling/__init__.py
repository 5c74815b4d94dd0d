"""Interview timetable engine for business-matching events (framework-free).

Build a ``TimetableProblem`` (slots, employers with booths, workers, candidate pairs) and call
``build_timetable(problem, mode)`` with ``"optimal"`` (maximum total match score, exact) or
``"stable"`` (worker-proposing deferred acceptance, no blocking pair); after changes, ``replan``
keeps every unaffected interview where it was and fills the freed capacity.
"""

from __future__ import annotations

from matcher.scheduling.errors import (
    InfeasibleTimetable,
    InvalidProblem,
    SolverTimeout,
    TimetableError,
)
from matcher.scheduling.optimal import solve_optimal
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
from matcher.scheduling.replan import Mode, replan
from matcher.scheduling.stable import solve_stable


def build_timetable(
    problem: TimetableProblem, mode: Mode = "optimal", *, time_limit_s: float | None = None
) -> Timetable:
    """Solve ``problem`` in the given mode; see ``solve_optimal`` and ``solve_stable``."""
    if mode == "optimal":
        return solve_optimal(problem, time_limit_s=time_limit_s)
    if mode == "stable":
        return solve_stable(problem, time_limit_s=time_limit_s)
    raise InvalidProblem(f"unknown mode {mode!r}: expected 'optimal' or 'stable'")


__all__ = [
    "CandidatePair",
    "Employer",
    "InfeasibleTimetable",
    "Interview",
    "InvalidProblem",
    "Mode",
    "Slot",
    "SolverTimeout",
    "Timetable",
    "TimetableError",
    "TimetableProblem",
    "UnplacedPair",
    "UnplacedReason",
    "Worker",
    "build_timetable",
    "replan",
    "score_units",
    "solve_optimal",
    "solve_stable",
]
