"""Long work as jobs (issue 17): rows in PostgreSQL, run by a runner in every ``serve`` process.

    request ── enqueue (job row + input, committed) ──> 202 + Location: /v1/jobs/{id}
    JobRunner (any process) ── claim (SKIP LOCKED) ──> handler ──> result or errors
                             └─ heartbeat: progress, liveness, cancellation
    sweep: stale runner -> requeued (or failed after max_attempts); past deadline -> failed

Jobs are imports, shortlist builds, timetable and meeting plans (and what ``JobKind`` lists
besides); the runner is generic over ``JobKind``.
"""

from __future__ import annotations

from matcher.access.matching import MatchingEngineProtocol
from matcher.jobs.erasure import erasure_handlers
from matcher.jobs.events import (
    enqueue_shortlist_build,
    enqueue_timetable_plan,
    event_handlers,
)
from matcher.jobs.imports import ImportRequest, enqueue_import, import_handlers
from matcher.jobs.meetings import enqueue_meeting_plan, meeting_handlers
from matcher.jobs.messages import render as render_job_error
from matcher.jobs.reencode import reencode_handlers
from matcher.jobs.runner import Handler, JobContext, JobFailed, JobRunner
from matcher.jobs.service import JobService, owner_of, visible_to
from matcher.jobs.settings import JobSettings
from matcher.settings import Settings
from matcher.storage.jobs import JOB_KINDS, JOB_STATES, Job, JobError, JobKind, JobState


async def start_jobs(
    url: str, settings: Settings, engine: MatchingEngineProtocol | None
) -> JobRunner:
    """The runner a server starts in its lifespan, with the handlers of every job kind."""
    handlers = {
        **import_handlers(settings, engine),
        **meeting_handlers(engine),
        **event_handlers(engine),
        **erasure_handlers(settings, engine),
        **reencode_handlers(settings),
    }
    return await JobRunner.start(url, JobSettings(), handlers)


__all__ = [
    "JOB_KINDS",
    "JOB_STATES",
    "Handler",
    "ImportRequest",
    "Job",
    "JobContext",
    "JobError",
    "JobFailed",
    "JobKind",
    "JobRunner",
    "JobService",
    "JobSettings",
    "JobState",
    "enqueue_import",
    "enqueue_meeting_plan",
    "enqueue_shortlist_build",
    "enqueue_timetable_plan",
    "owner_of",
    "render_job_error",
    "start_jobs",
    "visible_to",
]
