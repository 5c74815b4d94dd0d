"""Erasure of a worker: the database part in the request, the index and files as a job (issue 17).

``erase_worker`` runs in the request's transaction: it checks the caller and the confirmation,
erases every row of the person (``PrivacyService.erase``) and stores a ``scrub_erasure`` job,
committed together, so at the 202 the person's data is gone from the database and the scrub
is sure to follow even if the client goes away or the process that answered dies. The job
applies the erasure to the engine of the process that runs it, rebuilds that worker index
without the dead slot, and rewrites the snapshot files without the person
(``matcher.access.privacy.forget_erased``); its result is what the scrub did (``ScrubReport``).

The job's payload names nobody: a scrub drops every deleted object and dead slot it finds, so
it needs no id, and the job row (kept ``MATCHER_JOBS_RETENTION_HOURS``) holds no trace of the
person. Running it again is harmless: a second scrub finds nothing left to drop.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import asdict
from typing import Any

from matcher.access.matching import MatchingEngineProtocol
from matcher.access.principal import Principal
from matcher.access.privacy import PrivacyService, forget_erased
from matcher.jobs.runner import Handler, JobContext
from matcher.jobs.service import enqueue_job
from matcher.jobs.settings import JobSettings
from matcher.settings import Settings
from matcher.storage.connection import Connection
from matcher.storage.database import transaction
from matcher.storage.jobs import Job

ACQUIRE_TIMEOUT_S = 30.0
"""A job waits longer than a request for a connection of its runner's pool: nobody waits on
the answer."""


async def erase_worker(
    conn: Connection,
    principal: Principal,
    worker_id: int,
    confirm: str | None,
    settings: JobSettings,
) -> Job:
    """Erase the worker and store the job that scrubs the index and snapshot files, both in
    the caller's transaction. Refusals (403, 404, 422 naming ``confirm``) come before either.

    Not counted against the owner's limit of unfinished jobs: an erasure is a duty owed to
    the person, not to be refused because the agency's imports are queued."""
    await PrivacyService(conn, principal).erase(worker_id, confirm)
    return await enqueue_job(conn, principal, "scrub_erasure", {}, settings)


def erasure_handlers(
    settings: Settings, engine: MatchingEngineProtocol | None
) -> dict[str, Handler]:
    """The handler of ``scrub_erasure`` jobs for a process whose engine is ``engine``."""

    async def run(ctx: JobContext) -> dict[str, Any]:
        def unit() -> AbstractAsyncContextManager[Connection]:
            return transaction(ctx.pool, acquire_timeout=ACQUIRE_TIMEOUT_S)

        report = await forget_erased(unit, engine, settings)
        return asdict(report)

    return {"scrub_erasure": run}
