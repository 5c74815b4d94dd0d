"""JobRepository: SQL of the job queue (migration 0009).

Every statement that moves a job between states names the state it expects in its ``WHERE``
(and, for a running job, the runner that holds it), so two processes racing on one job
serialise on its row and the loser changes nothing: a job claimed by one runner is never
claimed by another (``FOR UPDATE SKIP LOCKED``), a job cancelled while it runs is not then
marked succeeded, and a job requeued after its runner was lost is not finished by that runner
if it comes back. Times come from the database's clock, the one clock all processes share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

import asyncpg

from matcher.storage.connection import Connection

JobState = Literal["queued", "running", "succeeded", "failed", "cancelled"]
JOB_STATES: tuple[JobState, ...] = get_args(JobState)
FINISHED: tuple[JobState, ...] = ("succeeded", "failed", "cancelled")
JobKind = Literal[
    "import_workers",
    "import_vacancies",
    "plan_meetings",
    "build_shortlists",
    "plan_timetable",
    "scrub_erasure",
    "reencode",
]
JOB_KINDS: tuple[JobKind, ...] = get_args(JobKind)
OwnerRole = Literal["admin", "organizer", "agency", "employer", "worker"]

_COLUMNS = (
    "id, kind, state, owner_role, owner_subject, owner_token, payload, progress_done, "
    "progress_total, result, errors, attempts, max_attempts, time_limit_s, runner, created_at, "
    "started_at, heartbeat_at, deadline_at, finished_at"
)


@dataclass(frozen=True, slots=True)
class JobError:
    """Why a job failed, as a message code and its parameters (rendered in the reader's
    language when the job is read: ``matcher.jobs.messages``)."""

    code: str
    params: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


@dataclass(frozen=True, slots=True)
class Job:
    """One row of ``jobs``."""

    id: int
    kind: JobKind
    state: JobState
    owner_role: OwnerRole
    owner_subject: int | None
    owner_token: int | None
    payload: dict[str, Any]
    progress_done: int
    progress_total: int | None
    result: dict[str, Any] | None
    errors: list[JobError]
    attempts: int
    max_attempts: int
    time_limit_s: float
    runner: str | None
    created_at: datetime
    started_at: datetime | None
    heartbeat_at: datetime | None
    deadline_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


@dataclass(frozen=True, slots=True)
class NewJob:
    """What a request stores to ask for a job."""

    kind: JobKind
    owner_role: OwnerRole
    owner_subject: int | None
    owner_token: int | None
    payload: dict[str, Any]
    time_limit_s: float
    max_attempts: int


@dataclass(frozen=True, slots=True)
class StaleOutcome:
    """What recovery did with one job whose runner stopped sending heartbeats."""

    job_id: int
    state: JobState  # queued again, or failed once it had used its attempts


def _job(row: asyncpg.Record) -> Job:
    values = dict(row)
    values["errors"] = [JobError(e["code"], e.get("params") or {}) for e in values["errors"]]
    return Job(**values)


class JobRepository:
    """Reads and writes ``jobs`` and ``job_inputs``. The caller owns the transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def enqueue(self, job: NewJob) -> Job:
        row = await self.conn.fetchrow(
            f"""INSERT INTO jobs (kind, owner_role, owner_subject, owner_token, payload,
                                  time_limit_s, max_attempts)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {_COLUMNS}""",
            job.kind,
            job.owner_role,
            job.owner_subject,
            job.owner_token,
            job.payload,
            job.time_limit_s,
            job.max_attempts,
        )
        assert row is not None
        return _job(row)

    async def lock_owner_and_count_unfinished(
        self, owner_role: OwnerRole, owner_subject: int | None
    ) -> int:
        """How many jobs the owner has queued or running, holding (until the transaction ends)
        a lock on the owner, so two requests at once cannot both pass a limit on this count."""
        await self.conn.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('jobs:' || $1 || ':' || $2, 0))",
            owner_role,
            str(owner_subject),
        )
        count: int = await self.conn.fetchval(
            """SELECT count(*) FROM jobs WHERE owner_role = $1
                 AND owner_subject IS NOT DISTINCT FROM $2 AND state IN ('queued', 'running')""",
            owner_role,
            owner_subject,
        )
        return count

    async def set_payload(self, job_id: int, payload: dict[str, Any]) -> Job:
        """The payload of a job being enqueued (known once its input is stored)."""
        row = await self.conn.fetchrow(
            f"UPDATE jobs SET payload = $2 WHERE id = $1 RETURNING {_COLUMNS}", job_id, payload
        )
        assert row is not None
        return _job(row)

    async def add_input(self, job_id: int, part: int, data: bytes) -> None:
        await self.conn.execute(
            "INSERT INTO job_inputs (job_id, part, data) VALUES ($1, $2, $3)", job_id, part, data
        )

    async def input_part(self, job_id: int, part: int) -> bytes | None:
        data: bytes | None = await self.conn.fetchval(
            "SELECT data FROM job_inputs WHERE job_id = $1 AND part = $2", job_id, part
        )
        return data

    async def get(self, job_id: int) -> Job | None:
        row = await self.conn.fetchrow(f"SELECT {_COLUMNS} FROM jobs WHERE id = $1", job_id)
        return _job(row) if row is not None else None

    async def claim(self, runner: str, kinds: Sequence[str]) -> Job | None:
        """Take the oldest queued job of ``kinds`` for ``runner``, or ``None``.

        ``SKIP LOCKED`` makes concurrent claimers pass over a row another one is taking, so
        each job goes to exactly one runner without anyone waiting on anyone."""
        row = await self.conn.fetchrow(
            f"""UPDATE jobs SET state = 'running', runner = $1, attempts = attempts + 1,
                       started_at = now(), heartbeat_at = now(),
                       deadline_at = now() + make_interval(secs => time_limit_s)
                WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND kind = ANY($2::text[])
                            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING {_COLUMNS}""",
            runner,
            list(kinds),
        )
        return _job(row) if row is not None else None

    async def heartbeat(
        self, job_id: int, runner: str, done: int, total: int | None
    ) -> JobState | None:
        """Record that ``runner`` still works on the job, with its progress. Returns the job's
        state when the runner still holds it (``running``), else what became of it (cancelled,
        failed by recovery, requeued for another runner), ``None`` when it is gone."""
        row = await self.conn.fetchrow(
            """WITH beat AS (
                   UPDATE jobs SET heartbeat_at = now(), progress_done = $3, progress_total = $4
                   WHERE id = $1 AND state = 'running' AND runner = $2 RETURNING state)
               SELECT (SELECT state FROM beat) AS beat, (SELECT state FROM jobs WHERE id = $1)
                      AS state""",
            job_id,
            runner,
            done,
            total,
        )
        if row is None:
            return None
        if row["beat"] is not None:
            return "running"
        # Held by nobody or by another runner: for this runner the job is no longer its own.
        state: JobState | None = row["state"]
        return "queued" if state == "running" else state

    async def finish(
        self,
        job_id: int,
        runner: str,
        state: JobState,
        *,
        done: int,
        total: int | None,
        result: dict[str, Any] | None = None,
        errors: Sequence[JobError] = (),
    ) -> bool:
        """End a running job held by ``runner``; False when it no longer held it. The job's
        input goes with it: nothing needs it any more."""
        assert state in FINISHED
        finished = await self.conn.fetchval(
            """UPDATE jobs SET state = $3, finished_at = now(), heartbeat_at = now(),
                      progress_done = $4, progress_total = $5, result = $6, errors = $7
               WHERE id = $1 AND state = 'running' AND runner = $2 RETURNING true""",
            job_id,
            runner,
            state,
            done,
            total,
            result,
            [e.as_json() for e in errors],
        )
        if finished:
            await self.conn.execute("DELETE FROM job_inputs WHERE job_id = $1", job_id)
        return bool(finished)

    async def release(self, job_id: int, runner: str) -> bool:
        """Give a running job back to the queue (its runner is shutting down): the attempt it
        was on does not count, another process takes it up at once."""
        released = await self.conn.fetchval(
            """UPDATE jobs SET state = 'queued', runner = NULL, attempts = greatest(attempts - 1, 0),
                      started_at = NULL, heartbeat_at = NULL, deadline_at = NULL
               WHERE id = $1 AND state = 'running' AND runner = $2 RETURNING true""",
            job_id,
            runner,
        )
        return bool(released)

    async def cancel(self, job_id: int) -> Job | None:
        """Cancel a queued or running job (a running one stops at its runner's next
        heartbeat); a finished job is returned unchanged."""
        row = await self.conn.fetchrow(
            f"""UPDATE jobs SET state = 'cancelled', finished_at = now()
                WHERE id = $1 AND state IN ('queued', 'running') RETURNING {_COLUMNS}""",
            job_id,
        )
        if row is None:
            return await self.get(job_id)
        await self.conn.execute("DELETE FROM job_inputs WHERE job_id = $1", job_id)
        return _job(row)

    async def recover_stale(self, stale_after_s: float) -> list[StaleOutcome]:
        """Running jobs whose runner sent no heartbeat for ``stale_after_s`` seconds: their
        process died or lost the database. Each goes back to the queue, or fails once it has
        used ``max_attempts`` (a job that kills its process must not kill every process)."""
        rows = await self.conn.fetch(
            """WITH stale AS (
                   SELECT id FROM jobs WHERE state = 'running'
                     AND heartbeat_at < now() - make_interval(secs => $1)
                   FOR UPDATE SKIP LOCKED)
               UPDATE jobs j SET
                   state = CASE WHEN j.attempts < j.max_attempts THEN 'queued' ELSE 'failed' END,
                   runner = CASE WHEN j.attempts < j.max_attempts THEN NULL ELSE j.runner END,
                   finished_at = CASE WHEN j.attempts < j.max_attempts THEN NULL ELSE now() END,
                   errors = CASE WHEN j.attempts < j.max_attempts THEN j.errors
                            ELSE jsonb_build_array(jsonb_build_object('code', 'runner_lost',
                                 'params', jsonb_build_object('attempts', j.attempts))) END
               FROM stale WHERE j.id = stale.id RETURNING j.id, j.state""",
            stale_after_s,
        )
        failed = [r["id"] for r in rows if r["state"] == "failed"]
        if failed:
            await self.conn.execute(
                "DELETE FROM job_inputs WHERE job_id = ANY($1::bigint[])", failed
            )
        return [StaleOutcome(r["id"], r["state"]) for r in rows]

    async def fail_overdue(self, grace_s: float) -> list[int]:
        """Running jobs past their deadline by ``grace_s`` seconds, failed with the time limit
        as the reason. The runner enforces the limit itself; this catches a runner that could
        not (work stuck outside the event loop keeps the heartbeat from saying so)."""
        rows = await self.conn.fetch(
            """UPDATE jobs SET state = 'failed', finished_at = now(),
                      errors = jsonb_build_array(jsonb_build_object('code', 'time_limit',
                               'params', jsonb_build_object('seconds', time_limit_s)))
               WHERE state = 'running' AND deadline_at < now() - make_interval(secs => $1)
               RETURNING id""",
            grace_s,
        )
        ids = [r["id"] for r in rows]
        if ids:
            await self.conn.execute("DELETE FROM job_inputs WHERE job_id = ANY($1::bigint[])", ids)
        return ids

    async def purge_finished(self, older_than_s: float) -> int:
        """Delete jobs finished more than ``older_than_s`` seconds ago (their results hold the
        refused rows of an import, personal data kept only as long as the retention says)."""
        deleted: int = await self.conn.fetchval(
            """WITH gone AS (DELETE FROM jobs WHERE finished_at < now() - make_interval(secs => $1)
                             RETURNING 1)
               SELECT count(*) FROM gone""",
            older_than_s,
        )
        return deleted
