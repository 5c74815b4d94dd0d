"""Outcomes of an event's interviews (passed, offer, hired ...) and the summary per field and
per employer."""

from __future__ import annotations

from collections import Counter

from matcher.errors import NotFound, PermissionDenied
from matcher.events.core import (
    EventCore,
)
from matcher.events.details import load_context
from matcher.events.pipeline import check_transition
from models.schemas.events import (
    EmployerSummaryRow,
    EventSummary,
    InterviewPublic,
    OutcomeStatus,
    SummaryRow,
)


class EventOutcomes(EventCore):
    async def record_outcome(
        self, event_id: int, interview_id: int, status: OutcomeStatus
    ) -> InterviewPublic:
        """Move an interview along the pipeline (organiser, admin, or its employer)."""
        event = await self.visible(event_id)
        interview = await self.repo.interview(interview_id)
        p = self.principal
        if interview is None or interview.event_id != event.id:
            raise NotFound(f"no interview with id {interview_id} at event {event.id}")
        if not (self.owns(event) or p.acts_for("employer", interview.employer_id)):
            if p.role == "employer":
                raise NotFound(f"no interview with id {interview_id} at event {event.id}")
            raise PermissionDenied("only the organiser, an admin or the employer records outcomes")
        check_transition(interview.status, status)
        updated = await self.repo.set_interview_status(interview.id, status)
        assert updated is not None
        return (await load_context(self.conn, event, [updated])).public(updated)

    async def summary(self, event_id: int) -> EventSummary:
        """Interviews, offers and hires per field and per employer (an employer: its own)."""
        event = await self.visible(event_id)
        p = self.principal
        if not (self.owns(event) or p.role == "employer"):
            raise PermissionDenied("only the organiser, an admin or an employer sees the summary")
        rows = [
            r
            for r in await self.repo.summary_rows(event.id)
            if self.owns(event) or r["employer_id"] == p.subject_id
        ]
        names, _ = await self.repo.names(sorted({r["employer_id"] for r in rows}), [])
        keys = ("interviews", "offers", "hires", "no_shows")
        by_field: dict[str, Counter[str]] = {}
        # Keyed by id, with the name as a field of the row: a key like "1 Kurikoma Care" had
        # to be split again by every reader, and names are neither unique nor stable.
        by_employer: dict[int, Counter[str]] = {}
        total: Counter[str] = Counter()
        for r in rows:
            for k in keys:
                by_field.setdefault(r["ssw_field"], Counter())[k] += r[k]
                by_employer.setdefault(r["employer_id"], Counter())[k] += r[k]
                total[k] += r[k]

        return EventSummary(
            event_id=event.id,
            **{k: total[k] for k in keys},
            by_field=[
                SummaryRow(key=key, **{k: c[k] for k in keys})
                for key, c in sorted(by_field.items())
            ],
            by_employer=[
                EmployerSummaryRow(
                    employer_id=employer_id,
                    employer_name=names.get(employer_id),
                    **{k: c[k] for k in keys},
                )
                for employer_id, c in sorted(by_employer.items())
            ],
        )
