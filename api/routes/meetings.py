"""/v1/events/{id}/agencies and /meetings: companies meet sending organisations.

Routes take ``ConnectDep`` (short units of work), not one request connection; every unit of
work commits before the route returns, so a 2xx is committed and visible. Planning ranks every
event vacancy and runs the solver, minutes at a large event, so it is a job
(``matcher.jobs.meetings``): the route answers 202 and a runner plans.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response, status
from fastapi.responses import JSONResponse

from api.deps import ConnectDep, PrincipalDep, id_path
from api.problems import problem_responses
from api.routes.jobs import JobPublic, accepted, job_settings
from matcher.events.meetings import MeetingService
from matcher.imports.messages import pick_lang
from matcher.jobs import enqueue_meeting_plan
from models.schemas.meetings import (
    AgencyRegistrationList,
    AgencyRegistrationUpdate,
    MeetingExportKind,
    MeetingList,
    MeetingPin,
    MeetingPlanRequest,
    MeetingPublic,
    MeetingUpdate,
)

router = APIRouter(prefix="/v1/events", tags=["events"])
EventId = Annotated[int, id_path("Event id.")]
EmployerId = Annotated[int, id_path("Employer id.")]
AgencyId = Annotated[int, id_path("Agency id.")]
MeetingId = Annotated[int, id_path("Meeting id.")]
_READ = problem_responses(401, 403, 404, 422, 429)
_WRITE = problem_responses(401, 403, 404, 409, 413, 422, 429)


@router.put(
    "/{event_id}/agencies",
    response_model=AgencyRegistrationList,
    summary="Set the sending organisations at the event, with tables and presence slots",
    responses=_WRITE,
)
async def set_agencies(
    event_id: EventId, body: AgencyRegistrationUpdate, connect: ConnectDep, principal: PrincipalDep
) -> AgencyRegistrationList:
    """The whole list (organisers, admins): an agency left out is removed with its meetings.
    `present_slots` null means every slot; `tables` is how many meetings it holds at once."""
    data = await MeetingService(connect, principal).set_agencies(event_id, body)
    return AgencyRegistrationList(data=data, count=len(data))


@router.get(
    "/{event_id}/agencies",
    response_model=AgencyRegistrationList,
    summary="The sending organisations at the event",
    responses=_READ,
)
async def list_agencies(
    event_id: EventId, connect: ConnectDep, principal: PrincipalDep
) -> AgencyRegistrationList:
    data = await MeetingService(connect, principal).agencies(event_id)
    return AgencyRegistrationList(data=data, count=len(data))


@router.post(
    "/{event_id}/meetings",
    status_code=202,
    response_model=JobPublic,
    summary="Plan (or re-plan) company-agency meetings for the maximum total value, as a job",
    responses=problem_responses(401, 403, 404, 413, 422, 429, 503),
)
async def plan_meetings(
    request: Request,
    event_id: EventId,
    connect: ConnectDep,
    principal: PrincipalDep,
    body: MeetingPlanRequest | None = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JSONResponse:
    """Answers 202 with a job once it is stored; poll `Location` (`GET /v1/jobs/{id}`): its
    `progress` is empty while the vacancies are ranked, and when it has succeeded `result` is
    the plan (`MeetingsPlanned`: meetings, total value, kept, unplaced pairs). A meeting's
    value is what the agency's pool offers the company (docs/events.md); pairs worth nothing
    are never scheduled. No company or agency table is double-booked, pins are honoured, and
    `replan=true` keeps every unaffected meeting where it is. A caller who may not plan the
    event is refused at once (404 or 403), before any job is stored."""
    async with connect() as conn:  # committed when the block ends, before the 202
        job = await enqueue_meeting_plan(
            conn, principal, event_id, body or MeetingPlanRequest(), job_settings(request)
        )
    return accepted(request, job, pick_lang(None, accept_language))


@router.get(
    "/{event_id}/meetings",
    response_model=MeetingList,
    summary="Meetings the caller may see (agencies: with the workers each is about)",
    responses=_READ,
)
async def list_meetings(
    event_id: EventId, connect: ConnectDep, principal: PrincipalDep
) -> MeetingList:
    data = await MeetingService(connect, principal).meetings(event_id)
    return MeetingList(data=data, count=len(data))


@router.put(
    "/{event_id}/meetings/pins/{employer_id}/{agency_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Pin (or unpin) a company-agency meeting",
    responses=_WRITE,
)
async def pin_meeting(
    event_id: EventId,
    employer_id: EmployerId,
    agency_id: AgencyId,
    body: MeetingPin,
    connect: ConnectDep,
    principal: PrincipalDep,
) -> Response:
    """A pinned pair is scheduled whenever it has something to offer."""
    await MeetingService(connect, principal).pin(event_id, employer_id, agency_id, body.pinned)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch(
    "/{event_id}/meetings/{meeting_id}",
    response_model=MeetingPublic,
    summary="Set how a meeting is held: in person or online with its link",
    responses=_WRITE,
)
async def update_meeting(
    event_id: EventId,
    meeting_id: MeetingId,
    body: MeetingUpdate,
    connect: ConnectDep,
    principal: PrincipalDep,
) -> MeetingPublic:
    return await MeetingService(connect, principal).update(event_id, meeting_id, body)


@router.get(
    "/{event_id}/meetings/exports/{kind}",
    summary="Meetings as CSV (employer, agency) or printable HTML",
    responses={200: {"content": {"text/csv": {}, "text/html": {}}}, **_READ},
    response_class=Response,
)
async def export_meetings(
    event_id: EventId, kind: MeetingExportKind, connect: ConnectDep, principal: PrincipalDep
) -> Response:
    file = await MeetingService(connect, principal).export(event_id, kind)
    return Response(
        content=file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )
