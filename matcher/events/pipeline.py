"""The candidate pipeline of one vacancy, as the status of the interview that opened it.

::

    scheduled ──> passed ──> offer ──> hired
        │  │         │         │
        │  └──> no_show        └──> declined
        ├──> declined <──────────┘ (from passed too)
        └──> cancelled

``declined`` covers either side saying no. Final states (hired, declined, no_show, cancelled)
never change; a transition outside this graph is a ``Conflict`` (409): it contradicts what is
stored, whoever asks.
"""

from __future__ import annotations

from typing import Literal

from matcher.errors import Conflict

InterviewStatus = Literal[
    "scheduled", "cancelled", "no_show", "passed", "offer", "hired", "declined"
]
Outcome = Literal["no_show", "passed", "offer", "hired", "declined"]

TRANSITIONS: dict[str, frozenset[str]] = {
    "scheduled": frozenset({"no_show", "passed", "declined", "cancelled"}),
    "passed": frozenset({"offer", "declined"}),
    "offer": frozenset({"hired", "declined"}),
    "no_show": frozenset(),
    "hired": frozenset(),
    "declined": frozenset(),
    "cancelled": frozenset(),
}


def check_transition(current: str, new: str) -> None:
    """Raise ``Conflict`` unless an interview in ``current`` may move to ``new``."""
    allowed = TRANSITIONS.get(current, frozenset())
    if new not in allowed:
        options = ", ".join(sorted(allowed)) or "none (final)"
        raise Conflict(
            f"an interview that is {current!r} cannot become {new!r}; allowed: {options}",
            field="status",
        )
