"""From stored registrations to a ``TimetableProblem``, and from solved timetables back.

Ids cross into ``matcher.scheduling`` as strings (its ids are opaque): employers and workers by
their database id, slots by their number within the event, vacancies by their id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from matcher.scheduling import (
    CandidatePair,
    Employer,
    Interview,
    Slot,
    Timetable,
    TimetableProblem,
    Worker,
)
from matcher.storage.events import (
    Decision,
    EmployerRegistration,
    InterviewRecord,
    NewInterview,
    ShortlistRow,
    SlotRecord,
    WorkerRegistration,
)


def _slot_ids(slots: Sequence[int] | None) -> frozenset[str] | None:
    return None if slots is None else frozenset(str(s) for s in slots)


def build_problem(
    *,
    slots: Sequence[SlotRecord],
    employers: Sequence[EmployerRegistration],
    workers: Sequence[WorkerRegistration],
    shortlist: Sequence[ShortlistRow],
    decisions: Sequence[Decision],
    min_interviews_per_worker: int = 0,
    blocked_pairs: Iterable[tuple[int, int]] = (),
) -> TimetableProblem:
    """The timetable problem of an event.

    Only active registrations take part; a worker's ranking keeps only employers of the event.
    ``blocked_pairs`` (employer, worker), e.g. cancelled interviews, are excluded like an
    employer's exclusion. Scores are clamped to [0, 1] (the scheduler's domain).
    """
    vacancy_employer = {v: e.employer_id for e in employers for v in e.vacancy_ids}
    employer_ids = {e.employer_id for e in employers}
    active = [w for w in workers if w.status == "registered"]
    worker_ids = {w.worker_id for w in active}
    decided = {(d.vacancy_id, d.worker_id): d.decision for d in decisions}
    excluded_pairs = {
        (vacancy_employer[v], w)
        for (v, w), d in decided.items()
        if d == "exclude" and v in vacancy_employer
    } | set(blocked_pairs)
    pairs = []
    for row in shortlist:
        employer = vacancy_employer.get(row.vacancy_id)
        if employer is None or row.worker_id not in worker_ids:
            continue
        pairs.append(
            CandidatePair(
                employer_id=str(employer),
                worker_id=str(row.worker_id),
                vacancy_id=str(row.vacancy_id),
                score=min(1.0, max(0.0, row.score)),
                eligible=row.eligible,
                pinned=decided.get((row.vacancy_id, row.worker_id)) == "pin",
                excluded=(employer, row.worker_id) in excluded_pairs,
            )
        )
    return TimetableProblem(
        slots=tuple(Slot(id=str(s.slot_no), start=s.starts_at, minutes=s.minutes) for s in slots),
        employers=tuple(
            Employer(
                id=str(e.employer_id),
                max_interviews=e.max_interviews,
                booths=e.booths,
                available_slots=_slot_ids(e.available_slots),
            )
            for e in employers
        ),
        workers=tuple(
            Worker(
                id=str(w.worker_id),
                max_interviews=w.max_interviews,
                available_slots=_slot_ids(w.available_slots),
                ranking=tuple(str(e) for e in w.ranking if e in employer_ids) or None,
            )
            for w in active
        ),
        pairs=tuple(pairs),
        min_interviews_per_worker=min_interviews_per_worker,
    )


def previous_timetable(interviews: Sequence[InterviewRecord]) -> Timetable:
    """The stored scheduled interviews as the ``previous`` argument of ``replan``."""
    return Timetable(
        mode=interviews[0].mode if interviews else "optimal",
        interviews=tuple(
            Interview(
                employer_id=str(i.employer_id),
                worker_id=str(i.worker_id),
                vacancy_id=str(i.vacancy_id),
                slot_id=str(i.slot_no),
                booth=i.booth,
                score=min(1.0, max(0.0, i.score)),
            )
            for i in interviews
            if i.status == "scheduled"
        ),
    )


def to_rows(timetable: Timetable) -> list[NewInterview]:
    """The solved interviews in storage form."""
    return [
        NewInterview(
            employer_id=int(i.employer_id),
            worker_id=int(i.worker_id),
            vacancy_id=int(i.vacancy_id),
            slot_no=int(i.slot_id),
            booth=i.booth,
            score=i.score,
        )
        for i in timetable.interviews
    ]


def slot_end(start: datetime, minutes: int) -> datetime:
    return start + timedelta(minutes=minutes)
