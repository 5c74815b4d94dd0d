"""EventService: business-matching events as one caller may see and run them.

Who may do what (DOMAIN.md "Who sees what"):

- admin: everything; organiser: the events it runs (create, register, shortlist, plan, record
  outcomes, export). Another organiser's event is reported as missing (404).
- employer: events it is registered for; its own registration, shortlists (workers masked until
  disclosed), timetable, pins and exclusions (only of its vacancies' candidates: shortlisted, or
  eligible and visible to it; any other worker id is one indistinct 404), and outcomes of its
  own interviews.
- agency: registers its own workers, sees their registrations and timetables.
- worker: registers itself, ranks the employers of the event, sees its own timetable.

Agencies and workers can read every event's basic data (name, venue, slots, employers): they
need it to register. A scheduled interview discloses the worker to the employer it meets once
the worker (or its agency) accepted it, and only while it stands (``DisclosureRepository``;
docs/privacy.md). The caller's dependency owns the transaction; nothing here commits.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

import anyio

from matcher.access.errors import EngineUnavailable
from matcher.access.events import check_event_visible, owns_event, require_event_owner
from matcher.access.matching import MatchingEngineProtocol
from matcher.access.policy import WorkerViewKind, audited_views, require_role, worker_view
from matcher.access.principal import Principal
from matcher.access.workers import render_worker, short_name
from matcher.engine.results import MatchQuery, MatchResult, WorkerFilters
from matcher.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from matcher.events.details import load_context
from matcher.events.exports import (
    CSV_MEDIA_TYPE,
    ExportFile,
    ExportRow,
    render_csv,
    render_html,
)
from matcher.events.pipeline import check_transition
from matcher.events.problem import build_problem, previous_timetable, slot_end, to_rows
from matcher.events.slots import DayPlan, check_slots, generate_slots
from matcher.scheduling import (
    InfeasibleTimetable,
    InvalidProblem,
    Timetable,
    TimetableError,
    TimetableProblem,
    build_timetable,
    replan,
)
from matcher.storage.audit import AuditRepository, DisclosureBasis, DisclosureRepository
from matcher.storage.connection import Connection
from matcher.storage.employers import EmployerRepository
from matcher.storage.events import (
    EventRecord,
    EventRepository,
    InterviewRecord,
    ShortlistRow,
    SlotRecord,
)
from matcher.storage.tokens import OrganizerRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from models.schemas.events import (
    DayPlanIn,
    DecisionUpdate,
    EmployerRegistrationCreate,
    EmployerRegistrationPublic,
    EmployerSummaryRow,
    EventCreate,
    EventPublic,
    EventSummary,
    InterviewPublic,
    OutcomeStatus,
    ShortlistBuilt,
    ShortlistEntry,
    SlotIn,
    SlotPublic,
    SummaryRow,
    TimetablePlanned,
    TimetableRequest,
    UnplacedPublic,
    WorkerRegistrationCreate,
    WorkerRegistrationPublic,
)
from models.worker import Worker

NO_CANDIDATE = "no such candidate for this vacancy"
"""The one detail an employer gets for a decision on a worker that is unknown, not registered
for the event, hidden from it, or neither shortlisted nor eligible: which case it was is not
the employer's to learn."""


class TimetableInfeasible(Conflict):
    """The registrations cannot carry the constraints (pins, minimum interviews)."""

    code = "timetable-infeasible"


class EventClosed(Conflict):
    """The organiser closed the event: what it registered and planned no longer changes."""

    code = "event-closed"


@contextmanager
def solver_refusals() -> Iterator[None]:
    """The solver's refusals as the engine's errors: pins or minimums that cannot be placed
    (409 ``timetable-infeasible``), a problem it cannot take (422), any other (409)."""
    try:
        yield
    except InfeasibleTimetable as exc:
        raise TimetableInfeasible(str(exc)) from exc
    except InvalidProblem as exc:
        raise InvalidInput(str(exc)) from exc
    except TimetableError as exc:
        raise Conflict(str(exc)) from exc


def unplaced_public(timetable: Timetable) -> list[UnplacedPublic]:
    """What the solver left out of ``timetable`` and why, as the API shows it."""
    return [
        UnplacedPublic(
            employer_id=int(u.employer_id),
            worker_id=int(u.worker_id),
            vacancy_id=int(u.vacancy_id),
            reason=str(u.reason),
        )
        for u in timetable.unplaced
    ]


def ensure_open(event: EventRecord, action: str) -> None:
    """Refuse a change to a closed event (409 naming ``status``). Outcomes, exports, reads and
    a worker's withdrawal from the event are not changes of the day's plan and stay allowed."""
    if event.closed_at is not None:
        raise EventClosed(
            f"the event was closed on {event.closed_at:%Y-%m-%d %H:%M} UTC; reopen it to {action}",
            field="status",
        )


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    """What planning did, with the solver's wall time (the benchmark reads it)."""

    timetable: Timetable
    kept: int
    solve_seconds: float
    problem: TimetableProblem


def _solve(
    problem: TimetableProblem,
    mode: Literal["optimal", "stable"],
    previous: Timetable | None,
    time_limit_s: float | None,
) -> Timetable:
    if previous is not None:
        return replan(previous, problem, mode, time_limit_s=time_limit_s)
    return build_timetable(problem, mode, time_limit_s=time_limit_s)


class EventService:
    def __init__(
        self,
        conn: Connection,
        principal: Principal,
        engine: MatchingEngineProtocol | None = None,
        *,
        today: date | None = None,
    ) -> None:
        self.conn = conn
        self.principal = principal
        self.engine = engine
        self.today = today or date.today()
        self.repo = EventRepository(conn)

    # -- access ----------------------------------------------------------------------------

    def _owns(self, event: EventRecord) -> bool:
        return owns_event(self.principal, event.organizer_id)

    async def _event(self, event_id: int) -> EventRecord:
        """The event if the caller may see it at all (``matcher.access.events``); otherwise
        ``NotFound`` (as if missing)."""
        event = await self.repo.get(event_id)
        if event is None:
            raise NotFound(f"no event with id {event_id}")
        p = self.principal
        registered = (
            p.role == "employer"
            and p.subject_id is not None
            and await self.repo.is_employer_registered(event_id, p.subject_id)
        )
        check_event_visible(p, event_id, event.organizer_id, employer_registered=registered)
        return event

    async def _managed(self, event_id: int, action: str) -> EventRecord:
        event = await self._event(event_id)
        require_event_owner(self.principal, event.organizer_id, action)
        return event

    async def _public(self, event: EventRecord) -> EventPublic:
        slots = await self.repo.slots(event.id)
        return EventPublic(
            id=event.id,
            organizer_id=event.organizer_id,
            name=event.name,
            venue=event.venue,
            online=event.online,
            timezone=event.timezone,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            min_interviews_per_worker=event.min_interviews_per_worker,
            slots=[_slot_public(s) for s in slots],
            status="open" if event.closed_at is None else "closed",
            closed_at=event.closed_at,
        )

    async def set_closed(self, event_id: int, closed: bool) -> EventPublic:
        """Close the event once the day is over (idempotent), or reopen it to correct it."""
        event = await self._managed(event_id, "close or reopen the event")
        changed = await self.repo.set_closed(event.id, closed)
        assert changed is not None  # the row was just read in this transaction
        return await self._public(changed)

    # -- events ----------------------------------------------------------------------------

    async def create(self, body: EventCreate) -> EventPublic:
        p = self.principal
        require_role(p, "admin", "organizer", action="create events")
        if p.role == "organizer":
            if body.organizer_id not in (None, p.subject_id):
                raise PermissionDenied("organisers create events only for themselves")
            organizer_id = p.subject_id or 0
        else:
            if body.organizer_id is None:
                raise InvalidInput("admins must name the organizer_id", field="organizer_id")
            organizer_id = body.organizer_id
        if not await OrganizerRepository(self.conn).existing_ids([organizer_id]):
            raise NotFound(f"no organiser with id {organizer_id}", field="organizer_id")
        slots = event_slots(body.slot_plan, body.slots)
        event = await self.repo.create(
            organizer_id=organizer_id,
            name=body.name,
            venue=body.venue,
            online=body.online,
            timezone=body.timezone,
            starts_on=body.starts_on,
            ends_on=body.ends_on or body.starts_on,
            min_interviews_per_worker=body.min_interviews_per_worker,
            slots=slots,
        )
        return await self._public(event)

    async def get(self, event_id: int) -> EventPublic:
        return await self._public(await self._event(event_id))

    async def list_events(self) -> list[EventPublic]:
        p = self.principal
        events = await self.repo.list_visible(
            organizer_id=p.subject_id if p.role == "organizer" else None,
            employer_id=p.subject_id if p.role == "employer" else None,
            all_events=p.role in ("admin", "agency", "worker"),
        )
        return [await self._public(e) for e in events]

    # -- registration ----------------------------------------------------------------------

    async def _check_slots(self, event_id: int, slots: Sequence[int] | None) -> None:
        if slots is None:
            return
        known = {s.slot_no for s in await self.repo.slots(event_id)}
        unknown = sorted(set(slots) - known)
        if unknown:
            raise InvalidInput(f"unknown slot numbers: {unknown}", field="available_slots")

    async def register_employer(
        self, event_id: int, body: EmployerRegistrationCreate
    ) -> EmployerRegistrationPublic:
        event = await self._managed(event_id, "register employers")
        ensure_open(event, "register employers")
        employer = await EmployerRepository(self.conn).get(body.employer_id)
        if employer is None:
            raise NotFound(f"no employer with id {body.employer_id}", field="employer_id")
        vacancies = await VacancyRepository(self.conn).get_many(body.vacancy_ids)
        foreign = sorted(
            v
            for v in set(body.vacancy_ids)
            if v not in vacancies or vacancies[v].employer_id != employer.id
        )
        if foreign:
            raise InvalidInput(
                f"vacancies {foreign} are not vacancies of employer {employer.id}",
                field="vacancy_ids",
            )
        await self._check_slots(event.id, body.available_slots)
        slot_count = len(body.available_slots or await self.repo.slots(event.id))
        await self.repo.register_employer(
            event.id,
            employer.id,
            booths=body.booths,
            max_interviews=(
                body.max_interviews if body.max_interviews is not None else body.booths * slot_count
            ),
            available_slots=body.available_slots,
            vacancy_ids=sorted(set(body.vacancy_ids)),
        )
        regs = await self.employer_registrations(event.id)
        return next(r for r in regs if r.employer_id == employer.id)

    async def employer_registrations(self, event_id: int) -> list[EmployerRegistrationPublic]:
        """Employers of the event; an employer sees only its own registration."""
        await self._event(event_id)
        p = self.principal
        only = p.subject_id if p.role == "employer" else None
        regs = await self.repo.employer_registrations(event_id, only)
        names, _ = await self.repo.names([r.employer_id for r in regs], [])
        return [
            EmployerRegistrationPublic(
                employer_id=r.employer_id,
                employer_name=names.get(r.employer_id, ""),
                vacancy_ids=list(r.vacancy_ids),
                booths=r.booths,
                max_interviews=r.max_interviews,
                available_slots=None if r.available_slots is None else list(r.available_slots),
            )
            for r in regs
        ]

    async def _acting_worker(self, event: EventRecord, worker_id: int | None) -> Worker:
        """The worker the caller may register or act for at this event (``NotFound`` for a
        worker of another tenant)."""
        p = self.principal
        if p.role == "worker":
            worker_id = worker_id or p.subject_id
            if worker_id != p.subject_id:
                raise NotFound(f"no worker with id {worker_id}")
        if worker_id is None:
            raise InvalidInput("worker_id is required", field="worker_id")
        worker = await WorkerRepository(self.conn).get(worker_id)
        allowed = worker is not None and (
            self._owns(event)
            or p.acts_for("worker", worker.id)
            or p.acts_for("agency", worker.agency_id)
        )
        if worker is None or not allowed:
            if p.role == "employer":
                raise PermissionDenied("employers do not register workers")
            raise NotFound(f"no worker with id {worker_id}")
        return worker

    async def register_worker(
        self, event_id: int, body: WorkerRegistrationCreate
    ) -> WorkerRegistrationPublic:
        event = await self._event(event_id)
        ensure_open(event, "register workers")
        worker = await self._acting_worker(event, body.worker_id)
        await self._check_slots(event.id, body.available_slots)
        await self.repo.register_worker(
            event.id,
            worker.id,
            max_interviews=body.max_interviews,
            available_slots=body.available_slots,
        )
        return (await self._worker_regs(event.id, [worker.id]))[0]

    async def _worker_regs(
        self, event_id: int, worker_ids: Sequence[int] | None = None, agency_id: int | None = None
    ) -> list[WorkerRegistrationPublic]:
        regs = await self.repo.worker_registrations(
            event_id, worker_ids=worker_ids, agency_id=agency_id
        )
        return [
            WorkerRegistrationPublic(
                worker_id=r.worker_id,
                max_interviews=r.max_interviews,
                available_slots=None if r.available_slots is None else list(r.available_slots),
                ranking=list(r.ranking),
                status=r.status,
            )
            for r in regs
        ]

    async def worker_registrations(self, event_id: int) -> list[WorkerRegistrationPublic]:
        """All registrations (organiser, admin), an agency's own workers, a worker's own."""
        event = await self._event(event_id)
        p = self.principal
        if self._owns(event):
            return await self._worker_regs(event_id)
        if p.role == "agency":
            return await self._worker_regs(event_id, agency_id=p.subject_id or 0)
        if p.role == "worker":
            return await self._worker_regs(event_id, [p.subject_id or 0])
        raise PermissionDenied("employers see candidates through their shortlists")

    async def cancel_worker(self, event_id: int, worker_id: int) -> int:
        """Cancel a registration and the worker's scheduled interviews (re-plan to fill them)."""
        event = await self._event(event_id)
        worker = await self._acting_worker(event, worker_id)
        if not await self.repo.set_worker_status(event.id, worker.id, "cancelled"):
            raise NotFound(f"worker {worker.id} is not registered for event {event.id}")
        return await self.repo.cancel_worker_interviews(event.id, worker.id)

    async def rank_employers(
        self, event_id: int, worker_id: int, employer_ids: Sequence[int]
    ) -> WorkerRegistrationPublic:
        event = await self._event(event_id)
        ensure_open(event, "rank employers")
        worker = await self._acting_worker(event, worker_id)
        if len(set(employer_ids)) != len(employer_ids):
            raise InvalidInput("an employer is ranked twice", field="employer_ids")
        registered = {r.employer_id for r in await self.repo.employer_registrations(event.id)}
        unknown = sorted(set(employer_ids) - registered)
        if unknown:
            raise InvalidInput(
                f"employers {unknown} are not registered for this event", field="employer_ids"
            )
        if not await self.repo.worker_registrations(event.id, worker_ids=[worker.id]):
            raise NotFound(f"worker {worker.id} is not registered for event {event.id}")
        await self.repo.set_worker_ranking(event.id, worker.id, employer_ids)
        return (await self._worker_regs(event.id, [worker.id]))[0]

    # -- shortlists ------------------------------------------------------------------------

    def _engine(self) -> MatchingEngineProtocol:
        if self.engine is None:
            raise EngineUnavailable("the matching engine is not running; try again later")
        return self.engine

    async def _vacancies_in_scope(self, event: EventRecord) -> dict[int, int]:
        """vacancy id -> employer id for the vacancies the caller may handle."""
        p = self.principal
        regs = await self.repo.employer_registrations(event.id)
        if self._owns(event):
            return {v: r.employer_id for r in regs for v in r.vacancy_ids}
        if p.role == "employer":
            return {
                v: r.employer_id
                for r in regs
                if r.employer_id == p.subject_id
                for v in r.vacancy_ids
            }
        raise PermissionDenied("only the organiser, an admin or the employer may do this")

    async def build_shortlists(
        self, event_id: int, *, limit_per_vacancy: int = 30, lang: Literal["en", "ja", "id"] = "en"
    ) -> ShortlistBuilt:
        """Rank the registered workers for every vacancy of the event (an employer: its own)."""
        event = await self._event(event_id)
        ensure_open(event, "build shortlists")
        vacancies = await self._vacancies_in_scope(event)
        engine = self._engine()
        active = [
            r.worker_id for r in await self.repo.worker_registrations(event.id, active_only=True)
        ]
        allowed = frozenset(active)
        entries = 0
        shortlisted: set[int] = set()
        for vacancy_id in sorted(vacancies):
            results = (
                await engine.match_vacancy(
                    vacancy_id,
                    MatchQuery(limit=limit_per_vacancy, lang=lang),
                    WorkerFilters(worker_ids=allowed),
                )
                if allowed
                else []
            )
            rows = [
                ShortlistRow(
                    vacancy_id=vacancy_id,
                    worker_id=r.subject_id,
                    rank=rank,
                    score=min(1.0, max(0.0, r.score)),
                    eligible=r.eligible,
                    reasons=tuple(r.reasons),
                    gaps=tuple(r.gaps),
                )
                for rank, r in enumerate((r for r in results if r.subject_id in allowed), start=1)
            ]
            await self.repo.replace_shortlist(event.id, vacancy_id, rows)
            entries += len(rows)
            shortlisted.update(row.worker_id for row in rows)
        return ShortlistBuilt(vacancies=len(vacancies), entries=entries, workers=len(shortlisted))

    async def _worker_kinds(
        self, event: EventRecord, workers: Sequence[Worker]
    ) -> tuple[dict[int, WorkerViewKind], dict[int, DisclosureBasis]]:
        """How participants of the event are shown, with the basis of each employer's full
        view: organisers see names without contact data; employers see them masked until
        disclosed by a consent or an accepted interview (registering for an event is consent
        to be seen, masked, by its employers)."""
        p = self.principal
        if p.is_admin:
            return {w.id: "full" for w in workers}, {}
        if self._owns(event):
            return {w.id: "contact_hidden" for w in workers}, {}
        if p.role == "employer" and p.subject_id is not None:
            disclosed = await DisclosureRepository(self.conn).disclosed_to(
                p.subject_id, [w.id for w in workers]
            )
            return {w.id: "full" if w.id in disclosed else "masked" for w in workers}, disclosed
        return {}, {}

    async def shortlist(self, event_id: int, vacancy_id: int | None = None) -> list[ShortlistEntry]:
        event = await self._event(event_id)
        vacancies = await self._vacancies_in_scope(event)
        if vacancy_id is not None and vacancy_id not in vacancies:
            raise NotFound(f"vacancy {vacancy_id} is not shortlisted at event {event.id}")
        rows = await self.repo.shortlist(
            event.id, vacancy_ids=[vacancy_id] if vacancy_id is not None else sorted(vacancies)
        )
        decisions = {
            (d.vacancy_id, d.worker_id): d.decision for d in await self.repo.decisions(event.id)
        }
        found = await WorkerRepository(self.conn).get_many(sorted({r.worker_id for r in rows}))
        kinds, bases = await self._worker_kinds(event, list(found.values()))
        await AuditRepository(self.conn).record(
            token_id=self.principal.token_id,
            role=self.principal.role,
            subject_id=self.principal.subject_id,
            worker_ids=audited_views(self.principal, list(found.values()), kinds),
            action="event_shortlist",
            bases=bases,
        )
        views = {
            w.id: render_worker(w, kinds[w.id], self.today) for w in found.values() if w.id in kinds
        }
        return [
            ShortlistEntry(
                vacancy_id=r.vacancy_id,
                rank=r.rank,
                score=r.score,
                eligible=r.eligible,
                reasons=list(r.reasons),
                gaps=list(r.gaps),
                decision=decisions.get((r.vacancy_id, r.worker_id)),
                worker=views[r.worker_id],
            )
            for r in rows
            if r.worker_id in views
        ]

    async def decide(
        self, event_id: int, vacancy_id: int, worker_id: int, body: DecisionUpdate
    ) -> None:
        """Pin or exclude a registered worker for a vacancy of the event (or clear it).

        Organisers and admins may decide on any active registration, ineligible and
        non-discoverable workers included (a pin is the organiser's promise). An employer may
        decide only on a *candidate* of its vacancy (``_employer_candidate``): a pin leads to an
        interview, and an interview discloses the worker's full profile, so pinning anyone else
        would let an employer read workers it may not even see.
        """
        event = await self._event(event_id)
        ensure_open(event, "pin or exclude candidates")
        vacancies = await self._vacancies_in_scope(event)
        if vacancy_id not in vacancies:
            raise NotFound(f"vacancy {vacancy_id} is not at event {event.id}")
        listed = await self.repo.shortlist(event.id, vacancy_ids=[vacancy_id])
        row = next((r for r in listed if r.worker_id == worker_id), None)
        registered = bool(
            await self.repo.worker_registrations(event.id, worker_ids=[worker_id], active_only=True)
        )
        owns = self._owns(event)
        if not registered:
            raise NotFound(
                f"worker {worker_id} is not registered for event {event.id}"
                if owns
                else NO_CANDIDATE
            )
        hit: MatchResult | None = None
        if not owns and row is None:
            hit = await self._employer_candidate(event, vacancy_id, worker_id, body.decision)
        if body.decision == "pin" and row is None:
            if hit is None:
                hit = await self._ranking(vacancy_id, worker_id)
            await self.repo.upsert_shortlist(
                event.id, [_pin_row(vacancy_id, worker_id, len(listed) + 1, hit)]
            )
        await self.repo.set_decision(event.id, vacancy_id, worker_id, body.decision)

    async def _employer_candidate(
        self, event: EventRecord, vacancy_id: int, worker_id: int, decision: str | None
    ) -> MatchResult | None:
        """Check that an active registration the shortlist left out is still a candidate the
        calling employer may decide on, and return its ranking for the vacancy.

        Candidates: workers on the vacancy's shortlist (checked by the caller), workers the
        employer may see by ``worker_view`` (discoverable, or already disclosed to it) *and*
        eligible for the vacancy, and, to clear a decision, any worker that has one for the
        vacancy. Every refusal is the same ``NotFound(NO_CANDIDATE)`` as an unknown or
        unregistered worker id, so the answer tells the employer nothing about who is
        registered or hidden (OWASP API1).
        """
        if decision is None and any(
            d.vacancy_id == vacancy_id and d.worker_id == worker_id
            for d in await self.repo.decisions(event.id)
        ):
            return None
        p = self.principal
        worker = await WorkerRepository(self.conn).get(worker_id)
        if worker is None or p.subject_id is None:
            raise NotFound(NO_CANDIDATE)
        disclosed = await DisclosureRepository(self.conn).disclosed_to(p.subject_id, [worker_id])
        if worker_view(p, worker, disclosed=worker_id in disclosed) is None:
            raise NotFound(NO_CANDIDATE)
        # Only a visible worker reaches the engine, so a 503 here reveals nothing hidden.
        self._engine()
        hit = await self._ranking(vacancy_id, worker_id)
        if hit is None or not hit.eligible:
            raise NotFound(NO_CANDIDATE)
        return hit

    async def _ranking(self, vacancy_id: int, worker_id: int) -> MatchResult | None:
        """The engine's ranking of one worker for a vacancy, eligible or not (``None`` when
        the engine is not running or does not rank the worker)."""
        if self.engine is None:
            return None
        results = await self.engine.match_vacancy(
            vacancy_id,
            MatchQuery(limit=1, include_ineligible=True),
            WorkerFilters(worker_ids=frozenset({worker_id})),
        )
        return next((r for r in results if r.subject_id == worker_id), None)

    # -- timetable -------------------------------------------------------------------------

    async def plan(self, event_id: int, request: TimetableRequest) -> TimetablePlanned:
        event = await self._managed(event_id, "plan the timetable")
        ensure_open(event, "plan the timetable")
        outcome = await self.plan_event(event, request)
        interviews = await self.repo.interviews(event.id, include_cancelled=False)
        context = await load_context(self.conn, event, interviews)
        return TimetablePlanned(
            data=[context.public(i) for i in interviews],
            count=len(interviews),
            mode=request.mode,
            total_score=outcome.timetable.total_score,
            kept=outcome.kept,
            unplaced=unplaced_public(outcome.timetable),
            solve_seconds=round(outcome.solve_seconds, 3),
        )

    async def plan_event(self, event: EventRecord, request: TimetableRequest) -> PlanOutcome:
        """Build the problem from the registrations, solve it off the event loop and store it.

        Storing discloses nothing by itself: an interview discloses the worker to its employer
        once accepted (``ConsentService.set_interview_acceptance``), and a re-plan that
        drops it ends that disclosure with the row."""
        outcome = await self.solve_event(event, request)
        await self.repo.store_timetable(event.id, request.mode, to_rows(outcome.timetable))
        return outcome

    async def solve_event(self, event: EventRecord, request: TimetableRequest) -> PlanOutcome:
        """The timetable planning would store now, solved off the event loop, stored nowhere:
        ``plan_event`` stores it, the organiser console's preview compares it with the stored
        one (the one place a timetable problem is built and solved)."""
        if await self.repo.count_with_outcome(event.id):
            raise Conflict(
                "outcomes are already recorded for this event; the timetable is final",
                field="replan",
            )
        stored = await self.repo.interviews(event.id)
        problem = build_problem(
            slots=await self.repo.slots(event.id),
            employers=await self.repo.employer_registrations(event.id),
            workers=await self.repo.worker_registrations(event.id, active_only=True),
            shortlist=await self.repo.shortlist(event.id),
            decisions=await self.repo.decisions(event.id),
            min_interviews_per_worker=(
                request.min_interviews_per_worker
                if request.min_interviews_per_worker is not None
                else event.min_interviews_per_worker
            ),
            blocked_pairs={(i.employer_id, i.worker_id) for i in stored if i.status == "cancelled"},
        )
        previous = previous_timetable(stored) if request.replan else None
        started = time.perf_counter()
        with solver_refusals():
            timetable = await anyio.to_thread.run_sync(
                _solve, problem, request.mode, previous, request.time_limit_s
            )
        elapsed = time.perf_counter() - started
        kept = 0
        if previous is not None:
            before = {(i.employer_id, i.worker_id, i.slot_id, i.booth) for i in previous.interviews}
            kept = sum(
                (i.employer_id, i.worker_id, i.slot_id, i.booth) in before
                for i in timetable.interviews
            )
        return PlanOutcome(timetable, kept, elapsed, problem)

    async def _visible_interviews(self, event: EventRecord) -> list[InterviewRecord]:
        p = self.principal
        if self._owns(event):
            return await self.repo.interviews(event.id)
        if p.role == "employer":
            return await self.repo.interviews(event.id, employer_id=p.subject_id or 0)
        if p.role == "worker":
            return await self.repo.interviews(event.id, worker_ids=[p.subject_id or 0])
        if p.role == "agency":
            own = await self.repo.worker_registrations(event.id, agency_id=p.subject_id or 0)
            return await self.repo.interviews(event.id, worker_ids=[r.worker_id for r in own])
        return []

    async def timetable(self, event_id: int) -> list[InterviewPublic]:
        """The interviews the caller may see: all (organiser, admin), an employer's own, an
        agency's workers', a worker's own."""
        event = await self._event(event_id)
        interviews = await self._visible_interviews(event)
        context = await load_context(self.conn, event, interviews)
        return [context.public(i) for i in interviews]

    async def record_outcome(
        self, event_id: int, interview_id: int, status: OutcomeStatus
    ) -> InterviewPublic:
        """Move an interview along the pipeline (organiser, admin, or its employer)."""
        event = await self._event(event_id)
        interview = await self.repo.interview(interview_id)
        p = self.principal
        if interview is None or interview.event_id != event.id:
            raise NotFound(f"no interview with id {interview_id} at event {event.id}")
        if not (self._owns(event) or p.acts_for("employer", interview.employer_id)):
            if p.role == "employer":
                raise NotFound(f"no interview with id {interview_id} at event {event.id}")
            raise PermissionDenied("only the organiser, an admin or the employer records outcomes")
        check_transition(interview.status, status)
        updated = await self.repo.set_interview_status(interview.id, status)
        assert updated is not None
        return (await load_context(self.conn, event, [updated])).public(updated)

    async def summary(self, event_id: int) -> EventSummary:
        """Interviews, offers and hires per field and per employer (an employer: its own)."""
        event = await self._event(event_id)
        p = self.principal
        if not (self._owns(event) or p.role == "employer"):
            raise PermissionDenied("only the organiser, an admin or an employer sees the summary")
        rows = [
            r
            for r in await self.repo.summary_rows(event.id)
            if self._owns(event) or r["employer_id"] == p.subject_id
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

    # -- exports ---------------------------------------------------------------------------

    async def export(self, event_id: int, kind: str) -> ExportFile:
        """The timetable as CSV (``employer``, ``worker``, ``room``) or printable ``html``.

        Organisers and admins export the whole event, an employer its own interviews; worker
        names are shortened for an employer unless the worker is disclosed to it.
        """
        event = await self._event(event_id)
        p = self.principal
        if not (self._owns(event) or p.role == "employer"):
            raise PermissionDenied("only the organiser, an admin or an employer exports")
        interviews = [i for i in await self._visible_interviews(event) if i.status != "cancelled"]
        slots = {s.slot_no: s for s in await self.repo.slots(event.id)}
        employers, vacancies = await self.repo.names(
            sorted({i.employer_id for i in interviews}), sorted({i.vacancy_id for i in interviews})
        )
        workers = await WorkerRepository(self.conn).get_many(
            sorted({i.worker_id for i in interviews})
        )
        disclosed: dict[int, DisclosureBasis] = {}
        if p.role == "employer" and p.subject_id is not None:
            disclosed = await DisclosureRepository(self.conn).disclosed_to(
                p.subject_id, list(workers)
            )

        named = {w for w in workers if self._owns(event) or w in disclosed}
        # Full names without contact data: audited as a contact-hidden read of each worker.
        await AuditRepository(self.conn).record(
            token_id=p.token_id,
            role=p.role,
            subject_id=p.subject_id,
            worker_ids=sorted(named),
            action="event_export",
            view="contact_hidden",
            bases=disclosed,
        )

        def name(worker_id: int) -> str:
            worker = workers.get(worker_id)
            if worker is None:
                return ""
            return worker.full_name if worker_id in named else short_name(worker.full_name)

        rows = [
            ExportRow(
                event_id=event.id,
                slot=i.slot_no,
                start=slots[i.slot_no].starts_at,
                end=slot_end(slots[i.slot_no].starts_at, slots[i.slot_no].minutes),
                employer_id=i.employer_id,
                employer_name=employers.get(i.employer_id, ""),
                booth=i.booth,
                worker_id=i.worker_id,
                worker_name=name(i.worker_id),
                vacancy_id=i.vacancy_id,
                vacancy_title=vacancies.get(i.vacancy_id, ("", ""))[0],
                ssw_field=vacancies.get(i.vacancy_id, ("", ""))[1],
                score=i.score,
                status=i.status,
            )
            for i in interviews
        ]
        tz = ZoneInfo(event.timezone)
        if kind == "html":
            html = render_html(
                rows,
                event_name=event.name,
                venue=event.venue or "online",
                tz=tz,
                slots=[
                    (s.slot_no, s.starts_at, slot_end(s.starts_at, s.minutes))
                    for s in slots.values()
                ],
            )
            return ExportFile(
                f"event-{event.id}-timetable.html", "text/html; charset=utf-8", html.encode()
            )
        if kind not in ("employer", "worker", "room"):
            raise InvalidInput(f"unknown export kind {kind!r}", field="kind")
        return ExportFile(
            f"event-{event.id}-{kind}.csv", CSV_MEDIA_TYPE, render_csv(rows, kind, tz)
        )


def event_slots(
    slot_plan: Sequence[DayPlanIn] | None, slots: Sequence[SlotIn] | None
) -> list[tuple[datetime, int]]:
    """The slots ``(start, minutes)`` an event gets from a day plan or an explicit list: what
    creating, editing and previewing an event all use, so the preview is what is stored."""
    if slots is not None:
        return check_slots([(s.start, s.minutes) for s in slots])
    return generate_slots(
        [
            DayPlan(
                start=d.day_start,
                end=d.day_end,
                slot_minutes=d.slot_minutes,
                gap_minutes=d.gap_minutes,
                breaks=tuple((b.start, b.end) for b in d.breaks),
            )
            for d in slot_plan or ()
        ]
    )


def _pin_row(vacancy_id: int, worker_id: int, rank: int, hit: MatchResult | None) -> ShortlistRow:
    """A shortlist row for a pinned worker the ranking left out (possibly ineligible)."""
    if hit is None:
        return ShortlistRow(vacancy_id, worker_id, rank, 0.0, False, (), ("not ranked",))
    return ShortlistRow(
        vacancy_id,
        worker_id,
        rank,
        min(1.0, max(0.0, hit.score)),
        hit.eligible,
        tuple(hit.reasons),
        tuple(hit.gaps),
    )


def _slot_public(s: SlotRecord) -> SlotPublic:
    return SlotPublic(
        id=s.slot_no, start=s.starts_at, end=slot_end(s.starts_at, s.minutes), minutes=s.minutes
    )
