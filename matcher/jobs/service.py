"""Who may see and cancel a job: its owner (the role and subject that asked) and admins.

A job of another tenant answers exactly as a job that does not exist (``NotFound``), so its
id tells a caller nothing (OWASP API1: object-level authorisation on every lookup).
"""

from __future__ import annotations

from matcher.access.principal import Principal
from matcher.errors import NotFound
from matcher.storage.connection import Connection
from matcher.storage.jobs import Job, JobRepository, OwnerRole


def owner_of(principal: Principal) -> tuple[OwnerRole, int | None, int | None]:
    """The owner columns of a job ``principal`` asks for: role, subject (none for admins),
    token."""
    subject = None if principal.is_admin else principal.subject_id
    return principal.role, subject, principal.token_id


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
