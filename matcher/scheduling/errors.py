"""Errors raised by the interview timetable engine.

The tree, so callers can catch as broadly or narrowly as they need::

    TimetableError                    base: anything the engine refuses to do
    ├── InvalidProblem (ValueError)   the input itself is malformed (unknown or duplicate ids,
    │                                 negative capacities, scores outside [0, 1], ...)
    ├── InfeasibleTimetable           the input is well formed but no timetable satisfies the
    │                                 hard constraints (pins, fixed interviews, fairness floor);
    │                                 the message names the constraint
    └── SolverTimeout                 a caller-imposed time limit ran out before optimality was
                                      proven (never raised without a limit)

An API layer maps ``InvalidProblem`` to 422 and ``InfeasibleTimetable`` to 409; the engine itself
knows nothing about HTTP.
"""

from __future__ import annotations


class TimetableError(Exception):
    """Base class of every error the scheduling engine raises on purpose."""


class InvalidProblem(TimetableError, ValueError):
    """The problem is malformed: the caller must fix the data, not the constraints."""


class InfeasibleTimetable(TimetableError):
    """No timetable satisfies the hard constraints; the message says which one."""


class SolverTimeout(TimetableError):
    """The exact solver hit the caller's time limit before proving optimality."""
