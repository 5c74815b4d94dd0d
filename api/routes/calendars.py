"""/v1/events: how interviews are held (in person or online, language, interpreter), the
interpreter load, the caller's day agenda and its calendar file (issue 18)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import ConnDep, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.events.calendars import CalendarService
from models.common import Lang
from models.schemas.calendars import Agenda
from models.schemas.events import InterviewPublic
from models.schemas.interviews import InterpreterLoad, InterviewDetailsUpdate

router = APIRouter(prefix="/v1/events", tags=["events"])
EventId = Annotated[int, id_path("Event id.")]
InterviewId = Annotated[int, id_path("Interview id.")]
LangQuery = Annotated[
    Lang, Query(description="Language of labels and calendar texts: en, ja or id.")
]


@router.patch(
    "/{event_id}/interviews/{interview_id}",
    response_model=InterviewPublic,
    summary="Set how an interview is held: in person or online, language, interpreter",
    responses=problem_responses(401, 403, 404, 409, 413, 422, 429),
)
async def update_interview(
    event_id: EventId,
    interview_id: InterviewId,
    body: InterviewDetailsUpdate,
    conn: ConnDep,
    principal: PrincipalDep,
) -> InterviewPublic:
    """The organiser or an admin sets any field; the interview's employer sets `mode` and
    `online_url` only (403 naming the first other field). An online interview needs an
    https `online_url` (422); an interpreter already booked in the same slot is 409."""
    return await CalendarService(conn, principal).update_details(event_id, interview_id, body)


@router.get(
    "/{event_id}/interpreters",
    response_model=InterpreterLoad,
    summary="Interpreter load per slot (organisers, admins)",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def get_interpreters(
    event_id: EventId, conn: ConnDep, principal: PrincipalDep
) -> InterpreterLoad:
    return await CalendarService(conn, principal).interpreters(event_id)


@router.get(
    "/{event_id}/agenda",
    response_model=Agenda,
    summary="The caller's interviews at the event with names, titles, place or link",
    responses=problem_responses(401, 404, 422, 429),
)
async def get_agenda(
    event_id: EventId, conn: ConnDep, principal: PrincipalDep, lang: LangQuery = "en"
) -> Agenda:
    """Soonest first; each with the employer's and the worker's local times."""
    return await CalendarService(conn, principal).agenda(event_id, lang)


@router.get(
    "/{event_id}/calendar.ics",
    summary="The caller's interviews at the event as an iCalendar file",
    responses={
        200: {"content": {"text/calendar": {}}},
        **problem_responses(401, 404, 422, 429),
    },
    response_class=Response,
)
async def get_calendar(
    event_id: EventId, conn: ConnDep, principal: PrincipalDep, lang: LangQuery = "en"
) -> Response:
    """The same interviews as the agenda: the whole event for its organiser, an employer's own,
    an agency's workers', a worker's own."""
    file = await CalendarService(conn, principal).calendar(event_id, lang)
    return Response(
        content=file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )
