"""Planning an event's company-agency meetings as a job (issue 17: long work runs as a job).

Ranking every event vacancy over the agencies' pools takes minutes at a Miyagi-sized event, far
longer than a request should stay open. The route checks that the caller may plan the event and
commits a ``plan_meetings`` job; a runner re-creates the caller from the job's owner columns and
runs ``MeetingService.plan`` with units of work on its own pool. The job's result is what the
synchronous plan answered (``MeetingsPlanned``); refusals become job errors in three languages.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

from matcher.access.errors import EngineUnavailable
from matcher.access.matching import MatchingEngineProtocol
from matcher.access.principal import Principal
from matcher.errors import MatcherError
from matcher.events.meetings import MeetingService
from matcher.events.service import TimetableInfeasible
from matcher.jobs.runner import Handler, JobContext, JobFailed
from matcher.jobs.service import enqueue_job
from matcher.jobs.settings import JobSettings
from matcher.storage.connection import Connection
from matcher.storage.database import same_connection, transaction
from matcher.storage.jobs import Job
from models.schemas.meetings import MeetingPlanRequest

UNIT_ACQUIRE_TIMEOUT_S = 30.0
"""A job waits longer than a request for a connection of its runner's pool: nobody is waiting
on the answer, and failing the plan would throw its ranking away."""


def principal_of(job: Job) -> Principal:
    """The caller that asked for ``job``, as far as access checks need it."""
    return Principal(role=job.owner_role, subject_id=job.owner_subject, token_id=job.owner_token)


async def enqueue_meeting_plan(
    conn: Connection,
    principal: Principal,
    event_id: int,
    request: MeetingPlanRequest,
    settings: JobSettings,
) -> Job:
    """Check that ``principal`` may plan the event's meetings, then store the job, both in the
    caller's transaction."""
    await MeetingService(same_connection(conn), principal).check_may_plan(conn, event_id)
    payload = {"event_id": event_id, "request": request.model_dump(mode="json")}
    return await enqueue_job(conn, principal, "plan_meetings", payload, settings)


def meeting_handlers(engine: MatchingEngineProtocol | None) -> dict[str, Handler]:
    """The handler of ``plan_meetings`` jobs for a process whose engine is ``engine``."""

    async def run(ctx: JobContext) -> dict[str, Any]:
        event_id = int(ctx.job.payload["event_id"])
        request = MeetingPlanRequest.model_validate(ctx.job.payload["request"])

        def unit() -> AbstractAsyncContextManager[Connection]:
            return transaction(ctx.pool, acquire_timeout=UNIT_ACQUIRE_TIMEOUT_S)

        service = MeetingService(unit, principal_of(ctx.job), engine)
        try:
            planned = await service.plan(event_id, request)
        except EngineUnavailable as exc:
            raise JobFailed("engine_unavailable") from exc
        except TimetableInfeasible as exc:
            raise JobFailed("pins_infeasible", detail=str(exc)) from exc
        except MatcherError as exc:  # the event or the caller's rights changed since the 202
            raise JobFailed("refused", detail=str(exc)) from exc
        return planned.model_dump(mode="json")

    return {"plan_meetings": run}
