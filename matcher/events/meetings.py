"""MeetingService: companies meet sending organisations (issue 18; DOMAIN.md "Business-matching
events": Jakarta day 2, Sendai).

Each registered company meets the agencies whose pools offer it something, one agency per slot;
an agency holds as many meetings at once as it has tables, in the slots it is present. A
meeting's value is what the agency's pool offers the company (``meeting_value``), computed from
the matching engine's own ranking of the agency's workers for the company's event vacancies;
the plan maximises the total value exactly with the interview timetable's solver
(``matcher.scheduling``): agencies take the place of employers (tables are booths), companies
the place of workers (one meeting at a time). A company meets only in slots where one of its
booths is free of interviews, and sits at that booth.

Planning runs in three steps so no request connection is held while the engine ranks or the
solver runs (``MatchingService`` does the same): read the registrations on one short unit of
work, rank and solve with none held (solving in a worker thread), store on a second unit of
work. Who may do what is ``matcher.access.meetings``.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import anyio
from jinja2 import Environment, PackageLoader, select_autoescape

from matcher.access.errors import EngineUnavailable
from matcher.access.events import require_event_owner
from matcher.access.matching import MatchingEngineProtocol
from matcher.access.meetings import (
    MeetingScope,
    check_may_set_way,
    meeting_scope,
    sees_offers,
)
from matcher.access.principal import Principal
from matcher.engine.results import MatchQuery, WorkerFilters
from matcher.errors import InvalidInput, NotFound, PermissionDenied
from matcher.events.core import visible_event
from matcher.events.exports import CSV_MEDIA_TYPE, ExportFile, write_csv
from matcher.events.meeting_value import Candidate, PairValue, pair_value
from matcher.events.problem import slot_end
from matcher.events.service import ensure_open, solver_refusals
from matcher.scheduling import (
    CandidatePair,
    Employer,
    Interview,
    Slot,
    Timetable,
    TimetableProblem,
    UnplacedReason,
    Worker,
    build_timetable,
    replan,
)
from matcher.storage.audit import AuditRepository
from matcher.storage.connection import Connection
from matcher.storage.database import Connect
from matcher.storage.events import EmployerRegistration, EventRecord, EventRepository, SlotRecord
from matcher.storage.meetings import (
    AgencyRegistration,
    EventVacancy,
    MeetingPair,
    MeetingRecord,
    MeetingRepository,
    NewMeeting,
    OfferRow,
)
from models.schemas.meetings import (
    AgencyRegistrationPublic,
    AgencyRegistrationUpdate,
    MeetingExportKind,
    MeetingPlanRequest,
    MeetingPublic,
    MeetingsPlanned,
    MeetingUpdate,
    OfferedWorker,
    UnplacedMeeting,
    UnplacedMeetingReason,
    VacancyOffer,
)

"""Opens one short unit of work (a pooled connection in a transaction, committed on exit)."""

CANDIDATES_PER_VACANCY = 200
"""The deepest one ranking query for a vacancy goes (``MeetingService._ranked`` asks for the
company's headcount per agency still short of candidates, usually far fewer)."""

MEETING = "meeting"
"""The one 'vacancy' of a meeting pair in the scheduler's terms: a pair meets once."""

NOTHING_TO_OFFER = "nothing_to_offer"

RANKING_CONCURRENCY = 2
"""Vacancies ranked at once while planning: the engine's queries wait on its own pool and
threads, and two overlap those waits on two cores without taking the whole engine pool from
the API's other requests."""


@dataclass(frozen=True, slots=True)
class MeetingInputs:
    """What planning reads from the database, on the first unit of work."""

    event: EventRecord
    slots: tuple[SlotRecord, ...]
    employers: tuple[EmployerRegistration, ...]
    agencies: tuple[AgencyRegistration, ...]
    vacancies: tuple[EventVacancy, ...]
    pool: dict[int, int]
    interview_booths: dict[tuple[int, int], set[int]]
    pairs: tuple[MeetingPair, ...]
    previous: tuple[MeetingRecord, ...]


@dataclass(frozen=True, slots=True)
class MeetingPlan:
    """A solved plan before it is stored."""

    meetings: tuple[NewMeeting, ...]
    offers: tuple[OfferRow, ...]
    values: dict[tuple[int, int], PairValue]
    unplaced: tuple[UnplacedMeeting, ...]
    kept: int
    solve_seconds: float


def pair_values(
    vacancies: Sequence[EventVacancy], pool: dict[int, int], ranked: dict[int, list[Candidate]]
) -> dict[tuple[int, int], PairValue]:
    """(company, agency) -> value, for every pair with something to offer.

    ``ranked`` holds, per vacancy, the engine's eligible candidates among the pools; ``pool``
    maps each candidate to its agency."""
    headcounts: dict[int, dict[int, int]] = defaultdict(dict)
    for v in vacancies:
        headcounts[v.employer_id][v.vacancy_id] = v.headcount
    per_pair: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for v in vacancies:
        for c in ranked.get(v.vacancy_id, ()):
            agency = pool.get(c.worker_id)
            if agency is not None:
                per_pair[(v.employer_id, agency)].append(c)
    values = {}
    for (employer_id, agency_id), candidates in sorted(per_pair.items()):
        value = pair_value(headcounts[employer_id], candidates)
        if value.value > 0:
            values[(employer_id, agency_id)] = value
    return values


def company_slots(
    employer: EmployerRegistration,
    slots: Sequence[SlotRecord],
    interview_booths: dict[tuple[int, int], set[int]],
) -> dict[int, int]:
    """slot number -> the company's booth it meets at: its lowest booth free of interviews, in
    the slots it is available (slots with every booth in interviews are left out)."""
    available = (
        set(employer.available_slots)
        if employer.available_slots is not None
        else {s.slot_no for s in slots}
    )
    free: dict[int, int] = {}
    for s in slots:
        if s.slot_no not in available:
            continue
        used = interview_booths.get((employer.employer_id, s.slot_no), set())
        booth = next((b for b in range(1, employer.booths + 1) if b not in used), None)
        if booth is not None:
            free[s.slot_no] = booth
    return free


def build_meeting_problem(
    inputs: MeetingInputs, values: dict[tuple[int, int], PairValue]
) -> tuple[TimetableProblem, dict[int, dict[int, int]], list[UnplacedMeeting]]:
    """The meeting plan as a ``TimetableProblem``: agencies are the scheduler's employers (their
    tables its booths), companies its workers (one meeting per slot). Scores are values divided
    by the largest one, which keeps them in [0, 1] and the optimum unchanged.

    Returns the problem, each company's meeting booth per slot, and the pinned pairs with
    nothing to offer (never scheduled)."""
    slot_count = len(inputs.slots)
    booths = {
        e.employer_id: company_slots(e, inputs.slots, inputs.interview_booths)
        for e in inputs.employers
    }
    pins = {(p.employer_id, p.agency_id) for p in inputs.pairs if p.pinned}
    top = max((v.value for v in values.values()), default=1.0)
    unplaced = [
        UnplacedMeeting(employer_id=e, agency_id=a, value=0.0, reason=NOTHING_TO_OFFER)
        for e, a in sorted(pins - values.keys())
    ]
    problem = TimetableProblem(
        slots=tuple(
            Slot(id=str(s.slot_no), start=s.starts_at, minutes=s.minutes) for s in inputs.slots
        ),
        employers=tuple(
            Employer(
                id=str(a.agency_id),
                max_interviews=a.tables * slot_count,
                booths=a.tables,
                available_slots=(
                    None if a.present_slots is None else frozenset(str(s) for s in a.present_slots)
                ),
            )
            for a in inputs.agencies
        ),
        workers=tuple(
            Worker(
                id=str(e.employer_id),
                max_interviews=len(booths[e.employer_id]),
                available_slots=frozenset(str(s) for s in booths[e.employer_id]),
            )
            for e in inputs.employers
        ),
        pairs=tuple(
            CandidatePair(
                employer_id=str(agency_id),
                worker_id=str(employer_id),
                vacancy_id=MEETING,
                score=min(1.0, value.value / top),
                pinned=(employer_id, agency_id) in pins,
            )
            for (employer_id, agency_id), value in sorted(values.items())
        ),
    )
    return problem, booths, unplaced


def previous_plan(meetings: Sequence[MeetingRecord], top: float) -> Timetable:
    """The stored meetings as the ``previous`` argument of ``replan``."""
    return Timetable(
        mode="optimal",
        interviews=tuple(
            Interview(
                employer_id=str(m.agency_id),
                worker_id=str(m.employer_id),
                vacancy_id=MEETING,
                slot_id=str(m.slot_no),
                booth=m.table_no,
                score=min(1.0, m.value / top) if top > 0 else 0.0,
            )
            for m in meetings
        ),
    )


def solve_meetings(
    inputs: MeetingInputs,
    values: dict[tuple[int, int], PairValue],
    *,
    replan_previous: bool,
    time_limit_s: float | None,
) -> MeetingPlan:
    """Build and solve the meeting problem (blocking: run it in a worker thread)."""
    problem, booths, unplaced = build_meeting_problem(inputs, values)
    top = max((v.value for v in values.values()), default=1.0)
    started = time.perf_counter()
    if replan_previous:
        previous = previous_plan(inputs.previous, top)
        timetable = replan(previous, problem, "optimal", time_limit_s=time_limit_s)
    else:
        timetable = build_timetable(problem, "optimal", time_limit_s=time_limit_s)
    elapsed = time.perf_counter() - started
    before = {(m.agency_id, m.employer_id, m.slot_no, m.table_no) for m in inputs.previous}
    meetings = []
    kept = 0
    for i in timetable.interviews:
        employer_id, agency_id, slot_no = int(i.worker_id), int(i.employer_id), int(i.slot_id)
        value = values[(employer_id, agency_id)]
        kept += (agency_id, employer_id, slot_no, i.booth) in before
        meetings.append(
            NewMeeting(
                employer_id=employer_id,
                agency_id=agency_id,
                slot_no=slot_no,
                table_no=i.booth,
                booth=booths[employer_id][slot_no],
                value=value.value,
                workers=len(value.counted),
                seats=max(1, value.seats),
            )
        )
    reasons: dict[UnplacedReason, UnplacedMeetingReason] = {
        UnplacedReason.NO_COMMON_SLOT: "no_common_slot",
        UnplacedReason.NOT_SELECTED: "not_selected",
    }
    for u in timetable.unplaced:
        employer_id, agency_id = int(u.worker_id), int(u.employer_id)
        unplaced.append(
            UnplacedMeeting(
                employer_id=employer_id,
                agency_id=agency_id,
                value=values[(employer_id, agency_id)].value,
                reason=reasons.get(u.reason, "not_selected"),
            )
        )
    offers = tuple(
        OfferRow(employer_id, agency_id, c.vacancy_id, c.worker_id, c.score)
        for (employer_id, agency_id), value in sorted(values.items())
        for c in value.counted
    )
    return MeetingPlan(
        meetings=tuple(meetings),
        offers=offers,
        values=values,
        unplaced=tuple(sorted(unplaced, key=lambda u: (u.employer_id, u.agency_id))),
        kept=kept,
        solve_seconds=elapsed,
    )


_env = Environment(
    loader=PackageLoader("matcher.events", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

CSV_COLUMNS = (
    "event_id",
    "slot",
    "start",
    "end",
    "employer_id",
    "employer_name",
    "booth",
    "agency_id",
    "agency_name",
    "table",
    "value",
    "workers",
    "seats",
    "mode",
    "online_url",
)


async def _rank_vacancy(
    engine: MatchingEngineProtocol,
    vacancy: EventVacancy,
    need: int,
    members: dict[int, list[int]],
    pool: dict[int, int],
) -> list[Candidate]:
    """One vacancy's eligible candidates, ``need`` deep for every agency (``_ranked``)."""
    found: dict[int, Candidate] = {}
    short = set(members)
    while short:
        limit = min(CANDIDATES_PER_VACANCY, need * len(short))
        filters = WorkerFilters(
            worker_ids=frozenset(w for a in short for w in members[a]), discoverable_only=True
        )
        try:
            results = await engine.match_vacancy(
                vacancy.vacancy_id, MatchQuery(limit=limit), filters
            )
        except NotFound:  # deleted since it was registered: it offers nothing
            break
        for r in results:
            if r.eligible:
                score = min(1.0, max(0.0, r.score))
                found.setdefault(r.subject_id, Candidate(r.subject_id, vacancy.vacancy_id, score))
        if len(results) < limit:
            break
        counts = Counter(pool[w] for w in found)
        complete = {a for a in short if counts[a] >= need}
        if not complete:  # only when the depth cap bit: go no deeper
            break
        short -= complete
    return sorted(found.values())


class MeetingService:
    """Meetings of one event as one caller may see and run them; nothing here commits (each
    unit of work from ``connect`` commits on its own)."""

    def __init__(
        self,
        connect: Connect,
        principal: Principal,
        engine: MatchingEngineProtocol | None = None,
    ) -> None:
        self._connect = connect
        self.principal = principal
        self.engine = engine

    # -- access ----------------------------------------------------------------------------

    async def _event(self, conn: Connection, event_id: int) -> EventRecord:
        return await visible_event(EventRepository(conn), self.principal, event_id)

    async def _managed(self, conn: Connection, event_id: int, action: str) -> EventRecord:
        event = await self._event(conn, event_id)
        require_event_owner(self.principal, event.organizer_id, action)
        return event

    # -- agencies --------------------------------------------------------------------------

    async def set_agencies(
        self, event_id: int, body: AgencyRegistrationUpdate
    ) -> list[AgencyRegistrationPublic]:
        async with self._connect() as conn:
            event = await self._managed(conn, event_id, "register agencies")
            ensure_open(event, "register agencies")
            ids = [a.agency_id for a in body.agencies]
            twice = sorted({a for a in ids if ids.count(a) > 1})
            if twice:
                raise InvalidInput(f"agencies listed twice: {twice}", field="agencies")
            repo = MeetingRepository(conn)
            unknown = sorted(set(ids) - await repo.existing_agencies(ids))
            if unknown:
                raise NotFound(f"no agency with id {unknown[0]}", field="agency_id")
            known = {s.slot_no for s in await EventRepository(conn).slots(event.id)}
            for a in body.agencies:
                bad = sorted(set(a.present_slots or ()) - known)
                if bad:
                    raise InvalidInput(
                        f"agency {a.agency_id}: unknown slot numbers {bad}", field="present_slots"
                    )
            await repo.replace_agencies(
                event.id, [(a.agency_id, a.tables, a.present_slots) for a in body.agencies]
            )
            return [_agency_public(a) for a in await repo.agencies(event.id)]

    async def agencies(self, event_id: int) -> list[AgencyRegistrationPublic]:
        async with self._connect() as conn:
            event = await self._event(conn, event_id)
            return [_agency_public(a) for a in await MeetingRepository(conn).agencies(event.id)]

    # -- pins and the way of meeting -------------------------------------------------------

    async def pin(self, event_id: int, employer_id: int, agency_id: int, pinned: bool) -> None:
        async with self._connect() as conn:
            event = await self._managed(conn, event_id, "pin meetings")
            ensure_open(event, "pin meetings")
            if not await EventRepository(conn).is_employer_registered(event.id, employer_id):
                raise NotFound(
                    f"employer {employer_id} is not registered for event {event.id}",
                    field="employer_id",
                )
            repo = MeetingRepository(conn)
            if not await repo.is_agency_registered(event.id, agency_id):
                raise NotFound(
                    f"agency {agency_id} is not registered for event {event.id}",
                    field="agency_id",
                )
            await repo.set_pin(event.id, employer_id, agency_id, pinned)

    async def update(self, event_id: int, meeting_id: int, body: MeetingUpdate) -> MeetingPublic:
        """Set how a meeting is held; kept for the pair when a re-plan moves the meeting."""
        async with self._connect() as conn:
            event = await self._event(conn, event_id)
            ensure_open(event, "change how a meeting is held")
            repo = MeetingRepository(conn)
            meeting = await repo.meeting(event.id, meeting_id)
            if meeting is None:
                if self.principal.role in ("agency", "worker"):
                    raise PermissionDenied(
                        "only the organiser, an admin or the company sets how it meets"
                    )
                raise NotFound(f"no meeting with id {meeting_id}")
            check_may_set_way(self.principal, event.organizer_id, meeting.id, meeting.employer_id)
            mode = body.mode or meeting.mode
            if "online_url" in body.model_fields_set:
                url = body.online_url
                if url is not None and mode == "in_person":
                    raise InvalidInput(
                        "an in-person meeting has no link: send mode online", field="online_url"
                    )
            else:
                url = meeting.online_url if mode == "online" else None
            if mode == "online" and url is None:
                raise InvalidInput(
                    "an online meeting needs its link: send online_url too", field="mode"
                )
            await repo.set_way(event.id, meeting.employer_id, meeting.agency_id, mode, url)
            updated = await repo.meeting(event.id, meeting.id)
            assert updated is not None
            slots = {s.slot_no: s for s in await EventRepository(conn).slots(event.id)}
            return _meeting_public(updated, slots)

    # -- planning --------------------------------------------------------------------------

    async def _inputs(self, event_id: int) -> MeetingInputs:
        async with self._connect() as conn:
            event = await self._managed(conn, event_id, "plan meetings")
            ensure_open(event, "plan meetings")
            events, repo = EventRepository(conn), MeetingRepository(conn)
            return MeetingInputs(
                event=event,
                slots=tuple(await events.slots(event.id)),
                employers=tuple(await events.employer_registrations(event.id)),
                agencies=tuple(await repo.agencies(event.id)),
                vacancies=tuple(await repo.event_vacancies(event.id)),
                pool=await repo.pool(event.id),
                interview_booths=await repo.interview_booths(event.id),
                pairs=tuple(await repo.pairs(event.id)),
                previous=tuple(await repo.meetings(event.id)),
            )

    async def _ranked(
        self, engine: MatchingEngineProtocol, inputs: MeetingInputs
    ) -> dict[int, list[Candidate]]:
        """The engine's eligible candidates among the agencies' pools, per event vacancy (only
        workers who agreed to be ranked for employers, ``discoverable``, count).

        A value needs no more than an agency's best ``seats`` candidates per vacancy (``seats``:
        the company's total headcount; a worker ranked lower can always be swapped for a
        better one left free), so each vacancy is ranked only that deep for every agency: one
        query over the pools of the agencies still short of that many, ``seats`` results per
        such agency, repeated for the agencies still short after a full answer (each full
        answer completes at least one agency). A short answer means every eligible worker of
        those agencies was ranked. Queries go no deeper than ``CANDIDATES_PER_VACANCY``.
        """
        seats: Counter[int] = Counter()
        for v in inputs.vacancies:
            seats[v.employer_id] += v.headcount
        members: dict[int, list[int]] = defaultdict(list)
        for worker_id, agency_id in inputs.pool.items():
            members[agency_id].append(worker_id)
        ranked: dict[int, list[Candidate]] = {}
        limiter = anyio.CapacityLimiter(RANKING_CONCURRENCY)

        async def rank(v: EventVacancy) -> None:
            async with limiter:
                ranked[v.vacancy_id] = await _rank_vacancy(
                    engine, v, seats[v.employer_id], members, inputs.pool
                )

        if members:
            async with anyio.create_task_group() as group:
                for v in inputs.vacancies:
                    group.start_soon(rank, v)
        return ranked

    async def check_may_plan(self, conn: Connection, event_id: int) -> None:
        """Refuse at once (404 or 403) a caller who may not plan this event's meetings, so a
        job is only queued for one who may; the job checks again when it runs."""
        ensure_open(await self._managed(conn, event_id, "plan meetings"), "plan meetings")

    async def plan(self, event_id: int, request: MeetingPlanRequest) -> MeetingsPlanned:
        """Plan (or re-plan) the event's meetings for the maximum total value."""
        inputs = await self._inputs(event_id)
        if self.engine is None:
            raise EngineUnavailable("the matching engine is not running; try again later")
        ranked = await self._ranked(self.engine, inputs)
        values = await anyio.to_thread.run_sync(pair_values, inputs.vacancies, inputs.pool, ranked)
        with solver_refusals():
            plan = await anyio.to_thread.run_sync(
                lambda: solve_meetings(
                    inputs,
                    values,
                    replan_previous=request.replan,
                    time_limit_s=request.time_limit_s,
                )
            )
        async with self._connect() as conn:
            event = await self._managed(conn, event_id, "plan meetings")
            repo = MeetingRepository(conn)
            await repo.store(event.id, plan.meetings, plan.offers)
            stored = await repo.meetings(event.id)
            slots = {s.slot_no: s for s in await EventRepository(conn).slots(event.id)}
        return MeetingsPlanned(
            data=[_meeting_public(m, slots) for m in stored],
            count=len(stored),
            mode=request.mode,
            total_value=round(sum(m.value for m in plan.meetings), 6),
            kept=plan.kept,
            pairs=len(values),
            unplaced=list(plan.unplaced),
            solve_seconds=round(plan.solve_seconds, 3),
        )

    # -- reading ---------------------------------------------------------------------------

    async def _visible(
        self, conn: Connection, event: EventRecord
    ) -> tuple[MeetingScope, list[MeetingRecord]]:
        scope = meeting_scope(self.principal, event.organizer_id)
        meetings = await MeetingRepository(conn).meetings(
            event.id, employer_id=scope.employer_id, agency_id=scope.agency_id
        )
        return scope, meetings

    async def meetings(self, event_id: int) -> list[MeetingPublic]:
        """All meetings (organiser, admin), a company's own, an agency's own with what each
        meeting is about: the company's vacancies and which of the agency's workers fit."""
        async with self._connect() as conn:
            event = await self._event(conn, event_id)
            scope, meetings = await self._visible(conn, event)
            slots = {s.slot_no: s for s in await EventRepository(conn).slots(event.id)}
            if not sees_offers(scope) or scope.agency_id is None:
                return [_meeting_public(m, slots) for m in meetings]
            offers = await self._offers(conn, event, scope.agency_id, meetings)
            return [
                _meeting_public(m, slots).model_copy(
                    update={"offers": offers.get(m.employer_id, [])}
                )
                for m in meetings
            ]

    async def _offers(
        self, conn: Connection, event: EventRecord, agency_id: int, meetings: list[MeetingRecord]
    ) -> dict[int, list[VacancyOffer]]:
        """Per company, its vacancies with the agency's workers counted for them (audited:
        names of the agency's own workers, shown without contact data)."""
        repo = MeetingRepository(conn)
        rows = await repo.offers(event.id, agency_id, sorted({m.employer_id for m in meetings}))
        names = await repo.worker_names(agency_id, sorted({r.worker_id for r in rows}))
        p = self.principal
        await AuditRepository(conn).record(
            token_id=p.token_id,
            role=p.role,
            subject_id=p.subject_id,
            worker_ids=sorted(names),
            action="event_meetings",
            view="contact_hidden",
        )
        vacancies = {v.vacancy_id: v for v in await repo.event_vacancies(event.id)}
        counted: dict[tuple[int, int], list[OfferedWorker]] = defaultdict(list)
        for r in rows:
            if r.worker_id in names:
                counted[(r.employer_id, r.vacancy_id)].append(
                    OfferedWorker(worker_id=r.worker_id, name=names[r.worker_id], score=r.score)
                )
        result: dict[int, list[VacancyOffer]] = defaultdict(list)
        for v in vacancies.values():
            if any(m.employer_id == v.employer_id for m in meetings):
                result[v.employer_id].append(
                    VacancyOffer(
                        vacancy_id=v.vacancy_id,
                        title=v.title,
                        ssw_field=v.ssw_field,
                        category=v.category,
                        prefecture=v.prefecture,
                        salary_monthly_jpy=v.salary_monthly_jpy,
                        starts_on=None if v.starts_on is None else date.fromisoformat(v.starts_on),
                        headcount=v.headcount,
                        workers=counted.get((v.employer_id, v.vacancy_id), []),
                    )
                )
        return result

    # -- exports ---------------------------------------------------------------------------

    async def export(self, event_id: int, kind: MeetingExportKind) -> ExportFile:
        """The meetings the caller sees as CSV (``employer``: by company and slot, ``agency``:
        by agency, slot and table) or a printable HTML page per company (or per agency, for an
        agency caller). No worker appears in an export."""
        async with self._connect() as conn:
            event = await self._event(conn, event_id)
            scope, meetings = await self._visible(conn, event)
            slots = {s.slot_no: s for s in await EventRepository(conn).slots(event.id)}
        tz = ZoneInfo(event.timezone)
        if kind == "html":
            by_agency = scope.agency_id is not None
            html = _render_html(meetings, slots, event, tz, by_agency=by_agency)
            return ExportFile(
                f"event-{event.id}-meetings.html", "text/html; charset=utf-8", html.encode()
            )
        if kind == "employer":
            order = sorted(meetings, key=lambda m: (m.employer_id, m.slot_no))
        elif kind == "agency":
            order = sorted(meetings, key=lambda m: (m.agency_id, m.slot_no, m.table_no))
        else:
            raise InvalidInput(f"unknown export kind {kind!r}", field="kind")
        content = write_csv(
            CSV_COLUMNS,
            (
                (
                    event.id,
                    m.slot_no,
                    slots[m.slot_no].starts_at.astimezone(tz).isoformat(),
                    _end(slots[m.slot_no]).astimezone(tz).isoformat(),
                    m.employer_id,
                    m.employer_name,
                    m.booth,
                    m.agency_id,
                    m.agency_name,
                    m.table_no,
                    Decimal(f"{m.value:.4f}"),
                    m.workers,
                    m.seats,
                    m.mode,
                    m.online_url or "",
                )
                for m in order
            ),
        )
        return ExportFile(f"event-{event.id}-meetings-{kind}.csv", CSV_MEDIA_TYPE, content)


def _end(slot: SlotRecord) -> datetime:
    return slot_end(slot.starts_at, slot.minutes)


def _agency_public(a: AgencyRegistration) -> AgencyRegistrationPublic:
    return AgencyRegistrationPublic(
        agency_id=a.agency_id,
        external_id=a.external_id,
        agency_name=a.name,
        tables=a.tables,
        present_slots=None if a.present_slots is None else list(a.present_slots),
    )


def _meeting_public(m: MeetingRecord, slots: dict[int, SlotRecord]) -> MeetingPublic:
    slot = slots[m.slot_no]
    return MeetingPublic(
        id=m.id,
        employer_id=m.employer_id,
        employer_name=m.employer_name,
        employer_name_ja=m.employer_name_ja,
        agency_id=m.agency_id,
        agency_name=m.agency_name,
        slot=m.slot_no,
        start=slot.starts_at,
        end=_end(slot),
        table=m.table_no,
        booth=m.booth,
        value=round(m.value, 6),
        workers=m.workers,
        seats=m.seats,
        pinned=m.pinned,
        mode="online" if m.mode == "online" else "in_person",
        online_url=m.online_url,
        plan_mode="optimal",
    )


def _render_html(
    meetings: Sequence[MeetingRecord],
    slots: dict[int, SlotRecord],
    event: EventRecord,
    tz: ZoneInfo,
    *,
    by_agency: bool,
) -> str:
    pages: dict[int, dict[str, object]] = {}
    for m in sorted(meetings, key=lambda m: (m.slot_no, m.employer_id, m.agency_id)):
        key = m.agency_id if by_agency else m.employer_id
        page = pages.setdefault(
            key,
            {
                "title": m.agency_name if by_agency else m.employer_name,
                "other_label": "企業 / Perusahaan / Company"
                if by_agency
                else "送り出し機関 / Lembaga pengirim / Sending organisation",
                "rows": [],
            },
        )
        rows = page["rows"]
        assert isinstance(rows, list)
        rows.append(
            {
                "start": slots[m.slot_no].starts_at.astimezone(tz),
                "end": _end(slots[m.slot_no]).astimezone(tz),
                "other": m.employer_name if by_agency else m.agency_name,
                "booth": m.booth,
                "table": m.table_no,
                "mode": m.mode,
                "online_url": m.online_url,
                "value": m.value,
                "workers": m.workers,
                "seats": m.seats,
            }
        )
    return _env.get_template("meetings.html").render(
        event_name=event.name,
        venue=event.venue or "online",
        tz=str(tz),
        pages=[pages[k] for k in sorted(pages)],
    )
