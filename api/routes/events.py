"""/v1/events: business-matching events, registrations, shortlists, timetable, outcomes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse

from api.deps import ConnDep, ConnectDep, EngineDep, PrincipalDep, id_path
from api.problems import problem_responses
from api.routes.jobs import JobPublic, accepted, job_settings
from matcher.access.principal import Principal
from matcher.events import EventService
from matcher.events.console import EventConsoleService
from matcher.imports.messages import pick_lang
from matcher.jobs import enqueue_shortlist_build, enqueue_timetable_plan
from matcher.storage.database import Connect
from models.schemas.event_console import (
    EventParticipants,
    EventUpdate,
    SlotPreview,
    SlotPreviewRequest,
    WorkerBulkRegistered,
    WorkerBulkRegistration,
)
from models.schemas.events import (
    DecisionUpdate,
    EmployerRankingUpdate,
    EmployerRegistrationCreate,
    EmployerRegistrationList,
    EmployerRegistrationPublic,
    EventCreate,
    EventList,
    EventPublic,
    EventSummary,
    ExportKind,
    InterviewPublic,
    OutcomeUpdate,
    ShortlistBuild,
    ShortlistList,
    TimetablePublic,
    TimetableRequest,
    WorkerRegistrationCreate,
    WorkerRegistrationList,
    WorkerRegistrationPublic,
)

router = APIRouter(prefix="/v1/events", tags=["events"])
EventId = Annotated[int, id_path("Event id.")]
WorkerId = Annotated[int, id_path("Worker id.")]
VacancyId = Annotated[int, id_path("Vacancy id.")]
InterviewId = Annotated[int, id_path("Interview id.")]
_READ = problem_responses(401, 404, 422, 429)
_WRITE = problem_responses(401, 403, 404, 409, 413, 422, 429)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EventPublic,
    summary="Create an event with its interview slots (organisers, admins)",
    responses=_WRITE,
)
async def create_event(body: EventCreate, conn: ConnDep, principal: PrincipalDep) -> EventPublic:
    """Slots come from `slot_plan` (day start and end, slot and gap minutes, breaks) or an
    explicit `slots` list; slots never overlap."""
    return await EventService(conn, principal).create(body)


@router.post(
    "/{event_id}/close",
    response_model=EventPublic,
    summary="Close the event once the day is over (organiser, admin)",
    responses=_WRITE,
)
async def close_event(event_id: EventId, conn: ConnDep, principal: PrincipalDep) -> EventPublic:
    """From then on registrations, shortlists, plans, pins and the way of meeting answer 409
    `event-closed` (naming `status`); outcomes (offers and hires come later), exports, reads and
    a worker's withdrawal go on. Closing a closed event keeps its first closing time."""
    return await EventService(conn, principal).set_closed(event_id, True)


@router.post(
    "/{event_id}/reopen",
    response_model=EventPublic,
    summary="Reopen a closed event to correct it (organiser, admin)",
    responses=_WRITE,
)
async def reopen_event(event_id: EventId, conn: ConnDep, principal: PrincipalDep) -> EventPublic:
    return await EventService(conn, principal).set_closed(event_id, False)


@router.get("", response_model=EventList, summary="Events the caller may see", responses=_READ)
async def list_events(conn: ConnDep, principal: PrincipalDep) -> EventList:
    data = await EventService(conn, principal).list_events()
    return EventList(data=data, count=len(data))


@router.get("/{event_id}", response_model=EventPublic, summary="Read an event", responses=_READ)
async def get_event(event_id: EventId, conn: ConnDep, principal: PrincipalDep) -> EventPublic:
    return await EventService(conn, principal).get(event_id)


@router.put(
    "/{event_id}/employers",
    response_model=EmployerRegistrationPublic,
    summary="Register (or update) an employer with its vacancies and booths",
    responses=_WRITE,
)
async def register_employer(
    event_id: EventId, body: EmployerRegistrationCreate, conn: ConnDep, principal: PrincipalDep
) -> EmployerRegistrationPublic:
    return await EventService(conn, principal).register_employer(event_id, body)


@router.get(
    "/{event_id}/employers",
    response_model=EmployerRegistrationList,
    summary="Employers of the event (an employer sees its own registration)",
    responses=_READ,
)
async def list_employers(
    event_id: EventId, conn: ConnDep, principal: PrincipalDep
) -> EmployerRegistrationList:
    data = await EventService(conn, principal).employer_registrations(event_id)
    return EmployerRegistrationList(data=data, count=len(data))


@router.put(
    "/{event_id}/workers",
    response_model=WorkerRegistrationPublic,
    summary="Register (or update) a worker: its agency, itself, the organiser",
    responses=_WRITE,
)
async def register_worker(
    event_id: EventId, body: WorkerRegistrationCreate, conn: ConnDep, principal: PrincipalDep
) -> WorkerRegistrationPublic:
    return await EventService(conn, principal).register_worker(event_id, body)


@router.get(
    "/{event_id}/workers",
    response_model=WorkerRegistrationList,
    summary="Worker registrations (agencies: their own workers; workers: themselves)",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def list_workers(
    event_id: EventId, conn: ConnDep, principal: PrincipalDep
) -> WorkerRegistrationList:
    data = await EventService(conn, principal).worker_registrations(event_id)
    return WorkerRegistrationList(data=data, count=len(data))


@router.delete(
    "/{event_id}/workers/{worker_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Cancel a worker's registration and scheduled interviews",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def cancel_worker(
    event_id: EventId, worker_id: WorkerId, conn: ConnDep, principal: PrincipalDep
) -> Response:
    """Re-plan with `replan=true` to fill the freed slots without moving anyone else."""
    await EventService(conn, principal).cancel_worker(event_id, worker_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put(
    "/{event_id}/workers/{worker_id}/ranking",
    response_model=WorkerRegistrationPublic,
    summary="The employers a worker would like to meet, best first",
    responses=_WRITE,
)
async def rank_employers(
    event_id: EventId,
    worker_id: WorkerId,
    body: EmployerRankingUpdate,
    conn: ConnDep,
    principal: PrincipalDep,
) -> WorkerRegistrationPublic:
    return await EventService(conn, principal).rank_employers(
        event_id, worker_id, body.employer_ids
    )


@router.post(
    "/{event_id}/shortlists",
    status_code=202,
    response_model=JobPublic,
    summary="Rank the registered workers for every vacancy (an employer: its own), as a job",
    responses=problem_responses(401, 403, 404, 409, 413, 422, 429),
)
async def build_shortlists(
    request: Request,
    event_id: EventId,
    connect: ConnectDep,
    principal: PrincipalDep,
    body: ShortlistBuild | None = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JSONResponse:
    """Answers 202 with a `build_shortlists` job once it is stored; poll `Location`
    (`GET /v1/jobs/{id}`): `progress` counts vacancies ranked, and when it has succeeded
    `result` is the summary (`ShortlistBuilt`: vacancies, entries, workers). Each vacancy's
    shortlist is replaced whole as it is ranked. A caller who may not build them is refused
    at once (404, 403, 409 for a closed event), before any job is stored."""
    async with connect() as conn:  # committed when the block ends, before the 202
        job = await enqueue_shortlist_build(
            conn, principal, event_id, body or ShortlistBuild(), job_settings(request)
        )
    return accepted(request, job, pick_lang(None, accept_language))


@router.get(
    "/{event_id}/shortlists",
    response_model=ShortlistList,
    summary="Ranked candidates with reasons (employers: own vacancies, workers masked)",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def get_shortlists(
    event_id: EventId,
    conn: ConnDep,
    principal: PrincipalDep,
    vacancy_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> ShortlistList:
    data = await EventService(conn, principal).shortlist(event_id, vacancy_id)
    return ShortlistList(data=data, count=len(data))


@router.put(
    "/{event_id}/shortlists/{vacancy_id}/{worker_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Pin or exclude a candidate (or clear the decision)",
    responses=_WRITE,
)
async def decide(
    event_id: EventId,
    vacancy_id: VacancyId,
    worker_id: WorkerId,
    body: DecisionUpdate,
    conn: ConnDep,
    principal: PrincipalDep,
    engine: EngineDep,
) -> Response:
    await EventService(conn, principal, engine).decide(event_id, vacancy_id, worker_id, body)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _plan_job(
    request: Request,
    connect: Connect,
    principal: Principal,
    event_id: int,
    body: TimetableRequest | None,
    accept_language: str | None,
    *,
    preview: bool,
) -> JSONResponse:
    """The 202 of a plan or a preview, once its job is committed."""
    async with connect() as conn:  # committed when the block ends, before the 202
        job = await enqueue_timetable_plan(
            conn,
            principal,
            event_id,
            body or TimetableRequest(),
            job_settings(request),
            preview=preview,
        )
    return accepted(request, job, pick_lang(None, accept_language))


@router.post(
    "/{event_id}/timetable",
    status_code=202,
    response_model=JobPublic,
    summary="Plan (or re-plan) the interview timetable, as a job",
    responses=_WRITE,
)
async def plan_timetable(
    request: Request,
    event_id: EventId,
    connect: ConnectDep,
    principal: PrincipalDep,
    body: TimetableRequest | None = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JSONResponse:
    """`optimal` maximises the total match score under booth and worker capacities (pins
    honoured, optional minimum interviews per worker); `stable` runs deferred acceptance on
    both sides' rankings. `replan=true` keeps every unaffected interview where it is.
    Answers 202 with a `plan_timetable` job; when it has succeeded its `result` is the stored
    plan (`TimetablePlanned`). A caller who may not plan the event is refused at once."""
    return await _plan_job(
        request, connect, principal, event_id, body, accept_language, preview=False
    )


@router.get(
    "/{event_id}/timetable",
    response_model=TimetablePublic,
    summary="The interviews the caller may see",
    responses=_READ,
)
async def get_timetable(
    event_id: EventId, conn: ConnDep, principal: PrincipalDep
) -> TimetablePublic:
    data = await EventService(conn, principal).timetable(event_id)
    return TimetablePublic(data=data, count=len(data))


@router.put(
    "/{event_id}/interviews/{interview_id}/outcome",
    response_model=InterviewPublic,
    summary="Record an interview's outcome (organiser, admin, its employer)",
    responses=_WRITE,
)
async def record_outcome(
    event_id: EventId,
    interview_id: InterviewId,
    body: OutcomeUpdate,
    conn: ConnDep,
    principal: PrincipalDep,
) -> InterviewPublic:
    """Allowed: scheduled -> no_show | passed | declined | cancelled; passed -> offer |
    declined; offer -> hired | declined. Anything else is 409."""
    return await EventService(conn, principal).record_outcome(event_id, interview_id, body.status)


@router.get(
    "/{event_id}/summary",
    response_model=EventSummary,
    summary="Interviews, offers and hires per field and per employer",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def get_summary(event_id: EventId, conn: ConnDep, principal: PrincipalDep) -> EventSummary:
    return await EventService(conn, principal).summary(event_id)


@router.get(
    "/{event_id}/exports/{kind}",
    summary="Timetable as CSV (employer, worker, room) or printable HTML",
    responses={
        200: {"content": {"text/csv": {}, "text/html": {}}},
        **problem_responses(401, 403, 404, 422, 429),
    },
    response_class=Response,
)
async def export_timetable(
    event_id: EventId, kind: ExportKind, conn: ConnDep, principal: PrincipalDep
) -> Response:
    file = await EventService(conn, principal).export(event_id, kind)
    return Response(
        content=file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


# -- organiser console (issue 18) ----------------------------------------------------------


@router.post(
    "/slot-preview",
    response_model=SlotPreview,
    summary="The slots a day plan gives, without storing anything (organisers, admins)",
    responses=problem_responses(401, 403, 413, 422, 429),
)
async def preview_slots(
    body: SlotPreviewRequest, conn: ConnDep, principal: PrincipalDep
) -> SlotPreview:
    """The same slot generation as creating or editing an event: what the preview shows is
    what the event gets."""
    return EventConsoleService(conn, principal).preview_slots(body)


@router.patch(
    "/{event_id}",
    response_model=EventPublic,
    summary="Change an event's name, venue, time zone, dates or slots (organisers, admins)",
    responses=_WRITE,
)
async def update_event(
    event_id: EventId, body: EventUpdate, conn: ConnDep, principal: PrincipalDep
) -> EventPublic:
    """New slots (`slot_plan` or `slots`) are refused with 409 naming the field once the event
    has interviews or a registration names slot numbers; everything else may change."""
    return await EventConsoleService(conn, principal).update(event_id, body)


@router.post(
    "/{event_id}/workers/bulk",
    response_model=WorkerBulkRegistered,
    summary="Register many workers: a list of external ids or an agency's pool",
    responses=_WRITE,
)
async def register_workers_bulk(
    event_id: EventId, body: WorkerBulkRegistration, conn: ConnDep, principal: PrincipalDep
) -> WorkerBulkRegistered:
    """Unknown or ambiguous external ids come back as row `errors`; the rest are registered.
    A pool gives only the agency's workers who opted in to be discoverable."""
    return await EventConsoleService(conn, principal).register_workers_bulk(event_id, body)


@router.post(
    "/{event_id}/timetable/preview",
    status_code=202,
    response_model=JobPublic,
    summary="What planning now would change, without storing it, as a job",
    responses=_WRITE,
)
async def preview_timetable(
    request: Request,
    event_id: EventId,
    connect: ConnectDep,
    principal: PrincipalDep,
    body: TimetableRequest | None = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JSONResponse:
    """Solves exactly as `POST /timetable` would and compares the result with the stored
    timetable per employer and worker: the job's `result` is a `PlanPreview`. 409 naming
    `employers`, `workers` or `shortlists` at once when one of them is missing, so the page
    can say what to do first."""
    return await _plan_job(
        request, connect, principal, event_id, body, accept_language, preview=True
    )


@router.get(
    "/{event_id}/participants",
    response_model=EventParticipants,
    summary="Registered workers (names, no contact data; audited) and vacancy titles",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def get_participants(
    event_id: EventId, conn: ConnDep, principal: PrincipalDep
) -> EventParticipants:
    return await EventConsoleService(conn, principal).participants(event_id)
