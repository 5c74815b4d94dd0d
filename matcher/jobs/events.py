"""Building an event's shortlists and planning (or previewing) its timetable as jobs (issue 17:
long work runs as a job).

A shortlist build ranks every vacancy of the event through the engine; a timetable plan runs
the solver, for up to the caller's time limit. The route checks at once that the caller may do
it (so a refusal is still a 4xx naming what is missing) and commits the job; a runner re-creates
the caller from the job's owner columns and does the work on its own pool, holding no
connection while the engine ranks or the solver runs:

* ``build_shortlists``: the scope is read in one unit of work, each vacancy's shortlist is
  ranked with no connection held and replaced in a unit of its own; progress counts vacancies.
* ``plan_timetable``: the inputs are read in one unit, solved with no connection held, and read
  again in the unit that stores the plan; when they changed meanwhile (a registration, a
  shortlist, a decision), the plan is solved again from the new inputs, a few times at most.
  A preview stores nothing, so it answers from the first solve.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

from pydantic import BaseModel

from matcher.access.errors import EngineUnavailable
from matcher.access.matching import MatchingEngineProtocol
from matcher.access.principal import Principal
from matcher.errors import MatcherError
from matcher.events.console import EventConsoleService
from matcher.events.service import TimetableInfeasible
from matcher.events.shortlists import build_shortlists
from matcher.events.timetable import solve_inputs
from matcher.jobs.meetings import UNIT_ACQUIRE_TIMEOUT_S, principal_of
from matcher.jobs.runner import Handler, JobContext, JobFailed
from matcher.jobs.service import enqueue_job
from matcher.jobs.settings import JobSettings
from matcher.storage.connection import Connection
from matcher.storage.database import transaction
from matcher.storage.jobs import Job
from models.schemas.events import ShortlistBuild, TimetableRequest

SOLVE_ATTEMPTS = 3
"""Solves of one plan before it gives up because its inputs keep changing under it: an event
being edited that busily is better planned once the edits are done."""


async def enqueue_shortlist_build(
    conn: Connection,
    principal: Principal,
    event_id: int,
    options: ShortlistBuild,
    settings: JobSettings,
) -> Job:
    """Check that ``principal`` may build the event's shortlists now, then store the job, both
    in the caller's transaction."""
    await EventConsoleService(conn, principal).shortlist_scope(event_id)
    payload = {"event_id": event_id, "options": options.model_dump(mode="json")}
    return await enqueue_job(conn, principal, "build_shortlists", payload, settings)


async def enqueue_timetable_plan(
    conn: Connection,
    principal: Principal,
    event_id: int,
    request: TimetableRequest,
    settings: JobSettings,
    *,
    preview: bool,
) -> Job:
    """Check that ``principal`` may plan the event now (a preview also that it has companies,
    workers and shortlists, each a 409 naming the missing one), then store the job."""
    service = EventConsoleService(conn, principal)
    if preview:
        await service.check_plannable(event_id)
    else:
        await service.check_may_plan(event_id)
    payload = {
        "event_id": event_id,
        "request": request.model_dump(mode="json"),
        "preview": preview,
    }
    return await enqueue_job(conn, principal, "plan_timetable", payload, settings)


def event_handlers(engine: MatchingEngineProtocol | None) -> dict[str, Handler]:
    """The handlers of ``build_shortlists`` and ``plan_timetable`` jobs for a process whose
    engine is ``engine`` (planning needs none)."""

    def units(ctx: JobContext) -> AbstractAsyncContextManager[Connection]:
        return transaction(ctx.pool, acquire_timeout=UNIT_ACQUIRE_TIMEOUT_S)

    async def shortlists(ctx: JobContext) -> dict[str, Any]:
        if engine is None:
            raise JobFailed("engine_unavailable")
        options = ShortlistBuild.model_validate(ctx.job.payload["options"])
        try:
            built = await build_shortlists(
                lambda: units(ctx),
                principal_of(ctx.job),
                engine,
                int(ctx.job.payload["event_id"]),
                limit_per_vacancy=options.limit_per_vacancy,
                lang=options.lang,
                progress=ctx.progress,
            )
        except EngineUnavailable as exc:
            raise JobFailed("engine_unavailable") from exc
        except MatcherError as exc:  # the event closed or the caller's rights changed
            raise JobFailed("refused", detail=str(exc)) from exc
        return built.model_dump(mode="json")

    async def timetable(ctx: JobContext) -> dict[str, Any]:
        event_id = int(ctx.job.payload["event_id"])
        request = TimetableRequest.model_validate(ctx.job.payload["request"])
        try:
            answer = await _plan(ctx, event_id, request, bool(ctx.job.payload["preview"]))
        except TimetableInfeasible as exc:
            raise JobFailed("timetable_infeasible", detail=str(exc)) from exc
        except MatcherError as exc:  # outcomes recorded, the event closed, rights changed
            raise JobFailed("refused", detail=str(exc)) from exc
        return answer.model_dump(mode="json")

    async def _plan(
        ctx: JobContext, event_id: int, request: TimetableRequest, preview: bool
    ) -> BaseModel:
        principal = principal_of(ctx.job)
        async with units(ctx) as conn:
            service = EventConsoleService(conn, principal)
            event = await service.check_may_plan(event_id)
            inputs = await service.timetable_inputs(event, request)
        for _ in range(SOLVE_ATTEMPTS):
            outcome = await solve_inputs(inputs, request)
            async with units(ctx) as conn:
                service = EventConsoleService(conn, principal)
                event = await service.check_may_plan(event_id)
                if preview:
                    return await service.compare_plan(event, request, outcome)
                current = await service.timetable_inputs(event, request)
                if current == inputs:
                    return await service.store_plan(event, request, outcome)
            inputs = current
        raise JobFailed("inputs_changed", attempts=SOLVE_ATTEMPTS)

    return {"build_shortlists": shortlists, "plan_timetable": timetable}
