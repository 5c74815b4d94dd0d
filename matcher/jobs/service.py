"""Who may see and cancel a job: its owner (the role and subject that asked) and admins.

A job of another tenant answers exactly as a job that does not exist (``NotFound``), so its
id tells a caller nothing (OWASP API1: object-level authorisation on every lookup).
"""

from __future__ import annotations

from typing import Any

from matcher.access.errors import RateLimited
from matcher.access.principal import Principal
from matcher.errors import NotFound
from matcher.jobs.settings import JobSettings
from matcher.storage.connection import Connection
from matcher.storage.jobs import Job, JobKind, JobRepository, NewJob, OwnerRole

RETRY_AFTER_S = 5
"""What a caller refused for too many unfinished jobs is told to wait before asking again."""


def owner_of(principal: Principal) -> tuple[OwnerRole, int | None, int | None]:
    """The owner columns of a job ``principal`` asks for: role, subject (none for admins),
    token."""
    subject = None if principal.is_admin else principal.subject_id
    return principal.role, subject, principal.token_id


async def enqueue_job(
    conn: Connection,
    principal: Principal,
    kind: JobKind,
    payload: dict[str, Any],
    settings: JobSettings,
    *,
    limit_unfinished: bool = False,
) -> Job:
    """Store a job of ``kind`` that ``principal`` asks for, in the caller's transaction, with
    the time limit and attempts of ``settings``.

    ``limit_unfinished`` refuses (429) an owner who already has ``max_unfinished_per_owner``
    jobs queued or running, for kinds whose queue would otherwise grow without bound (an import
    holds its file in the database until it runs; a re-encode loads a model)."""
    repo = JobRepository(conn)
    role, subject, token = owner_of(principal)
    if limit_unfinished:
        unfinished = await repo.lock_owner_and_count_unfinished(role, subject)
        if unfinished >= settings.max_unfinished_per_owner:
            raise RateLimited(
                f"{unfinished} jobs of yours are queued or running; wait for one to finish",
                retry_after=RETRY_AFTER_S,
            )
    return await repo.enqueue(
        NewJob(
            kind=kind,
            owner_role=role,
            owner_subject=subject,
            owner_token=token,
            payload=payload,
            time_limit_s=settings.time_limit_s,
            max_attempts=settings.max_attempts,
        )
    )


def visible_to(principal: Principal, job: Job) -> bool:
    if principal.is_admin:
        return True
    return job.owner_role != "admin" and principal.acts_for(job.owner_role, job.owner_subject)


class JobService:
    def __init__(self, conn: Connection, principal: Principal) -> None:
        self.repo = JobRepository(conn)
        self.principal = principal

    async def get(self, job_id: int) -> Job:
        job = await self.repo.get(job_id)
        if job is None or not visible_to(self.principal, job):
            raise NotFound(f"no job with id {job_id}")
        return job

    async def cancel(self, job_id: int) -> Job:
        """Cancel a queued or running job the caller may see; a finished job stays as it
        ended. What a running import stored before it stopped stays stored."""
        await self.get(job_id)
        job = await self.repo.cancel(job_id)
        if job is None:
            raise NotFound(f"no job with id {job_id}")
        return job
