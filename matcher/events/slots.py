"""Interview slots of an event: generated from a day plan, or an explicit list, checked.

A slot is a start time and a length. Generated slots follow each other from the day's start
(with an optional gap for changing tables), skip breaks, and stop when the next one would end
after the day's end. Slots of one event never overlap: a worker in one interview cannot be in
another, so overlapping slots would break "nobody double-booked" in time even when the solver
keeps it per slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from matcher.errors import InvalidInput

MAX_SLOTS = 200


@dataclass(frozen=True, slots=True)
class DayPlan:
    """One day of interviews: ``[start, end)`` cut into ``slot_minutes`` slots around breaks."""

    start: datetime
    end: datetime
    slot_minutes: int
    gap_minutes: int = 0
    breaks: tuple[tuple[datetime, datetime], ...] = field(default=())


def generate_slots(days: Sequence[DayPlan]) -> list[tuple[datetime, int]]:
    """Slots ``(start, minutes)`` of every day, in time order."""
    slots: list[tuple[datetime, int]] = []
    for day in days:
        if day.end <= day.start:
            raise InvalidInput("a day must end after it starts", field="slot_plan")
        if day.slot_minutes <= 0 or day.gap_minutes < 0:
            raise InvalidInput("slot_minutes must be > 0 and gap_minutes >= 0", field="slot_plan")
        length = timedelta(minutes=day.slot_minutes)
        breaks = sorted(day.breaks)
        for b_start, b_end in breaks:
            if b_end <= b_start:
                raise InvalidInput("a break must end after it starts", field="slot_plan.breaks")
        t = day.start
        while t + length <= day.end:
            clash = next((b for b in breaks if t < b[1] and b[0] < t + length), None)
            if clash is not None:
                t = clash[1]
                continue
            slots.append((t, day.slot_minutes))
            if len(slots) > MAX_SLOTS:
                raise InvalidInput(f"more than {MAX_SLOTS} slots", field="slot_plan")
            t = t + length + timedelta(minutes=day.gap_minutes)
    return check_slots(slots)


def check_slots(slots: Sequence[tuple[datetime, int]]) -> list[tuple[datetime, int]]:
    """``slots`` sorted by start; raises ``InvalidInput`` when empty, too many or overlapping."""
    ordered = sorted(slots)
    if not ordered:
        raise InvalidInput("an event needs at least one interview slot", field="slots")
    if len(ordered) > MAX_SLOTS:
        raise InvalidInput(f"more than {MAX_SLOTS} slots", field="slots")
    for (a_start, a_minutes), (b_start, _) in pairwise(ordered):
        if a_start + timedelta(minutes=a_minutes) > b_start:
            raise InvalidInput(
                f"slots starting {a_start.isoformat()} and {b_start.isoformat()} overlap",
                field="slots",
            )
    return ordered
