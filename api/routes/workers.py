"""/v1/workers: workers with their certificates, tests and experience."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response, status

from api.deps import (
    ConnDep,
    ConnectDep,
    CursorQuery,
    LimitQuery,
    PrincipalDep,
    id_path,
)
from api.problems import problem_responses
from api.routes.jobs import JobPublic, accepted, job_settings
from matcher.access import WorkerService
from matcher.access.privacy import PrivacyService
from matcher.imports.messages import pick_lang
from matcher.jobs.erasure import erase_worker
from models.schemas import WorkerCreate, WorkerList, WorkerUpdate, WorkerView
from models.schemas.consents import WorkerExport

router = APIRouter(prefix="/v1/workers", tags=["workers"])
WorkerId = Annotated[int, id_path("Worker id.")]
AgencyQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=64,
        description="Admins: external id of the owning agency (default `SELF`); it must "
        "exist unless `create_agency=true`. Agencies: omit, or their own external id.",
    ),
]
EraseQuery = Annotated[
    bool,
    Query(
        description="Erase everything held about the person (cannot be undone; needs `confirm`)."
    ),
]
ConfirmQuery = Annotated[
    str | None,
    Query(
        max_length=64,
        description="With `erase=true`: the worker's external id, typed again to confirm.",
    ),
]
CreateAgencyQuery = Annotated[
    bool, Query(description="Admins: create `agency` when it does not exist (otherwise a 422).")
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WorkerView,
    summary="Register a worker",
    responses=problem_responses(401, 403, 409, 413, 422, 429),
)
async def create_worker(
    body: WorkerCreate,
    conn: ConnDep,
    principal: PrincipalDep,
    agency: AgencyQuery = None,
    create_agency: CreateAgencyQuery = False,
) -> WorkerView:
    """Agencies register their own workers; admins name the agency with `?agency=`."""
    return await WorkerService(conn, principal).create(
        body, agency=agency, create_agency=create_agency
    )


@router.get(
    "",
    response_model=WorkerList,
    summary="List workers the caller may see",
    responses=problem_responses(401, 422, 429),
)
async def list_workers(
    conn: ConnDep, principal: PrincipalDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> WorkerList:
    """Admins: all. Agencies: their own (full) and other discoverable workers (no contact).
    Employers and organisers: discoverable workers, masked. Workers: themselves."""
    data, next_cursor = await WorkerService(conn, principal).list(cursor, limit)
    return WorkerList(data=data, count=len(data), next_cursor=next_cursor)


@router.get(
    "/{worker_id}",
    response_model=WorkerView,
    summary="Read a worker (full, contact hidden or masked, by role)",
    responses=problem_responses(401, 404, 422, 429),
)
async def get_worker(worker_id: WorkerId, conn: ConnDep, principal: PrincipalDep) -> WorkerView:
    return await WorkerService(conn, principal).get(worker_id)


@router.patch(
    "/{worker_id}",
    response_model=WorkerView,
    summary="Change some fields of a worker",
    responses=problem_responses(401, 403, 404, 409, 413, 422, 429),
)
async def update_worker(
    worker_id: WorkerId, body: WorkerUpdate, conn: ConnDep, principal: PrincipalDep
) -> WorkerView:
    """The fields sent replace the stored ones; the merged profile is validated as a whole."""
    patch = body.model_dump(mode="json", exclude_unset=True)
    return await WorkerService(conn, principal).update(worker_id, patch)


@router.delete(
    "/{worker_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a worker, or erase everything held about the person",
    responses={
        202: {
            "model": JobPublic,
            "description": "With `erase=true`: erased from the database; the job scrubs the "
            "index and the snapshot files (poll `Location`).",
        },
        **problem_responses(401, 403, 404, 422, 429),
    },
)
async def delete_worker(
    request: Request,
    worker_id: WorkerId,
    connect: ConnectDep,
    principal: PrincipalDep,
    erase: EraseQuery = False,
    confirm: ConfirmQuery = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Without `erase`: the worker row goes (its audit rows stay, naming its id); 204. With
    `erase=true&confirm=<external id>` (the worker's agency or an admin): the profile, its
    certificates, embeddings, consents, event rows and tokens go and its audit rows keep only
    a pseudonym, committed before the answer, **202** with a `scrub_erasure` job; the job
    drops the person from the index and rewrites the snapshot files, and its `result` says
    what it scrubbed (docs/privacy.md, "Erasure")."""
    async with connect() as conn:  # committed when the block ends, before the answer
        if not erase:
            await WorkerService(conn, principal).delete(worker_id)
            return Response(status_code=status.HTTP_204_NO_CONTENT)
        job = await erase_worker(conn, principal, worker_id, confirm, job_settings(request))
    return accepted(request, job, pick_lang(None, accept_language))


@router.get(
    "/{worker_id}/export",
    response_model=WorkerExport,
    summary="Everything held about a worker (subject access)",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def export_worker(
    worker_id: WorkerId, conn: ConnDep, principal: PrincipalDep
) -> WorkerExport:
    """The worker itself, its agency or an admin: profile, certificates, embeddings, consents,
    event registrations, shortlists, decisions, interviews and outcomes, who read the profile
    (with the consent or interview that allowed each full view), and its tokens."""
    return await PrivacyService(conn, principal).export(worker_id)
