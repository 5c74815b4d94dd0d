"""Jobs: long work answered with 202 and a job to poll (issue 17).

A route that starts a job commits the job (and its input) before answering ``202 Accepted``
with the job and ``Location: /v1/jobs/{id}``; the client polls that until ``state`` is
``succeeded`` (the result is in ``result``), ``failed`` (the reasons are in ``errors``) or
``cancelled``. A job of another tenant is a 404, as if it did not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import ConnDep, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.imports.messages import Lang, pick_lang
from matcher.jobs import (
    Job,
    JobKind,
    JobRunner,
    JobService,
    JobSettings,
    JobState,
    render_job_error,
)

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

POLL_AFTER_S = 1
"""``Retry-After`` on a job still queued or running: how soon polling again is useful."""

_RESPONSES = problem_responses(401, 404, 422, 429, 503)
JobId = Annotated[int, id_path("The job's id (from the 202's `Location`).")]
LangQuery = Annotated[
    Lang | None,
    Query(
        description="Language of the failure reasons (en, ja, id); default from "
        "Accept-Language, else English."
    ),
]


class JobProgress(BaseModel):
    """Units of work done and the total when known (an import: rows checked of all rows)."""

    done: int = Field(ge=0)
    total: int | None = Field(default=None, ge=0)


class JobErrorPublic(BaseModel):
    """Why a job failed: a stable code and a message in the requested language."""

    code: str
    message: str


class JobPublic(BaseModel):
    """A job as its owner (or an admin) sees it."""

    id: int
    kind: JobKind
    state: JobState
    progress: JobProgress
    result: dict[str, Any] | None = Field(
        default=None, description="What the job produced (an import: its report), once done."
    )
    errors: list[JobErrorPublic] = Field(description="Why the job failed (empty otherwise).")
    attempts: int = Field(ge=0, description="Times a runner took it up (a lost runner's retry).")
    time_limit_s: float = Field(description="Longest run of one attempt before it is failed.")
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


def job_public(job: Job, lang: Lang) -> JobPublic:
    return JobPublic(
        id=job.id,
        kind=job.kind,
        state=job.state,
        progress=JobProgress(done=job.progress_done, total=job.progress_total),
        result=job.result,
        errors=[
            JobErrorPublic(code=e.code, message=render_job_error(e.code, e.params, lang))
            for e in job.errors
        ],
        attempts=job.attempts,
        time_limit_s=job.time_limit_s,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def job_location(job_id: int) -> str:
    return f"{router.prefix}/{job_id}"


def accepted(request: Request, job: Job, lang: Lang) -> JSONResponse:
    """The 202 of a route that started ``job`` (already committed): the job, where to poll
    it, and a nudge to this process's runner so it starts at once."""
    runner: JobRunner | None = getattr(request.app.state, "jobs", None)
    if runner is not None:
        runner.wake()
    return JSONResponse(
        job_public(job, lang).model_dump(mode="json"),
        status_code=202,
        headers={"Location": job_location(job.id), "Retry-After": str(POLL_AFTER_S)},
    )


def job_settings(request: Request) -> JobSettings:
    """The settings of this process's runner (time limit and attempts of new jobs)."""
    runner: JobRunner = request.app.state.jobs
    return runner.settings


def _answer(response: Response, job: Job, lang: Lang) -> JobPublic:
    if not job.finished:
        response.headers["Retry-After"] = str(POLL_AFTER_S)
    return job_public(job, lang)


@router.get("/{job_id}", response_model=JobPublic, summary="A job", responses=_RESPONSES)
async def get_job(
    job_id: JobId,
    conn: ConnDep,
    principal: PrincipalDep,
    response: Response,
    lang: LangQuery = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JobPublic:
    """State (`queued`, `running`, `succeeded`, `failed`, `cancelled`), progress, result and
    failure reasons. While the job is queued or running the answer carries `Retry-After`."""
    job = await JobService(conn, principal).get(job_id)
    return _answer(response, job, pick_lang(lang, accept_language))


@router.post(
    "/{job_id}/cancel", response_model=JobPublic, summary="Cancel a job", responses=_RESPONSES
)
async def cancel_job(
    job_id: JobId,
    conn: ConnDep,
    principal: PrincipalDep,
    response: Response,
    lang: LangQuery = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JobPublic:
    """A queued job is cancelled at once, a running one within a heartbeat (what a running
    import stored before it stopped stays stored; an all-or-nothing import stores nothing).
    A finished job is returned as it ended."""
    job = await JobService(conn, principal).cancel(job_id)
    return _answer(response, job, pick_lang(lang, accept_language))
