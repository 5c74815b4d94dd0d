"""/v1/workers/{id}/consents and interview acceptance; and the scheduled retention purge.

The purge runs as this router's lifespan (FastAPI merges an included router's lifespan into
the app's, inside it), so it starts after the app has built its pool and stops before the pool
closes, in every server process (``matcher/retention.py`` lets one purge at a time).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, status

from api.deps import ConnDep, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.access.consents import ConsentService
from matcher.retention import run_scheduled_purges
from models.schemas.consents import (
    ConsentCreate,
    ConsentList,
    ConsentPublic,
    InterviewAcceptance,
)


@asynccontextmanager
async def scheduled_purge(app: FastAPI) -> AsyncIterator[None]:
    """Run the retention purge in the background while the app serves."""
    task = asyncio.create_task(run_scheduled_purges(app.state.pool, app.state.settings))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


router = APIRouter(prefix="/v1/workers", tags=["consents"], lifespan=scheduled_purge)
WorkerId = Annotated[int, id_path("Worker id.")]
ConsentId = Annotated[int, id_path("Consent id.")]
InterviewId = Annotated[int, id_path("Interview id.")]


@router.get(
    "/{worker_id}/consents",
    response_model=ConsentList,
    summary="A worker's consents, in force and withdrawn",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def list_consents(worker_id: WorkerId, conn: ConnDep, principal: PrincipalDep) -> ConsentList:
    """The worker, its agency or an admin; newest first."""
    data = await ConsentService(conn, principal).list(worker_id)
    return ConsentList(data=data, count=len(data))


@router.post(
    "/{worker_id}/consents",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsentPublic,
    summary="Record a consent",
    responses=problem_responses(401, 403, 404, 409, 413, 422, 429),
)
async def give_consent(
    worker_id: WorkerId, body: ConsentCreate, conn: ConnDep, principal: PrincipalDep
) -> ConsentPublic:
    """The worker gives it with its own token; its agency (or an admin) records one the worker
    signed on paper, with `form_reference`. In force from the next request."""
    return await ConsentService(conn, principal).give(worker_id, body)


@router.post(
    "/{worker_id}/consents/{consent_id}/withdraw",
    response_model=ConsentPublic,
    summary="Withdraw a consent",
    responses=problem_responses(401, 403, 404, 409, 422, 429),
)
async def withdraw_consent(
    worker_id: WorkerId, consent_id: ConsentId, conn: ConnDep, principal: PrincipalDep
) -> ConsentPublic:
    """The record stays (withdrawn); what it allowed stops from the next request on."""
    return await ConsentService(conn, principal).withdraw(worker_id, consent_id)


@router.put(
    "/{worker_id}/interviews/{interview_id}/acceptance",
    response_model=InterviewAcceptance,
    summary="Accept a scheduled interview",
    responses=problem_responses(401, 403, 404, 409, 422, 429),
)
async def accept_interview(
    worker_id: WorkerId, interview_id: InterviewId, conn: ConnDep, principal: PrincipalDep
) -> InterviewAcceptance:
    """The employer sees the worker in full while the accepted interview stands."""
    return await ConsentService(conn, principal).set_interview_acceptance(
        worker_id, interview_id, True
    )


@router.delete(
    "/{worker_id}/interviews/{interview_id}/acceptance",
    response_model=InterviewAcceptance,
    summary="Decline (or take back the acceptance of) an interview",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def decline_interview(
    worker_id: WorkerId, interview_id: InterviewId, conn: ConnDep, principal: PrincipalDep
) -> InterviewAcceptance:
    """The employer's full view ends with the next request."""
    return await ConsentService(conn, principal).set_interview_acceptance(
        worker_id, interview_id, False
    )
