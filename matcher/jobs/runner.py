"""JobRunner: takes queued jobs from PostgreSQL and runs them, in every ``serve`` process.

A runner owns a small pool of its own, so a job never holds a connection a request needs, and
requests never wait on jobs. Its loop claims a job (``JobRepository.claim``, ``SKIP LOCKED``)
whenever it has a free slot, then waits for a wake-up (a job enqueued by this process) or the
poll interval (one enqueued by another). While a job runs, a heartbeat task saves its progress
and notices when the job was cancelled or taken from it; the job is stopped at its time limit
with the reason recorded. Every sweep interval the runner requeues jobs whose runner stopped
sending heartbeats (a process that died), fails those past their deadline, and deletes
finished jobs past the retention.

On shutdown the running jobs are cancelled and given back to the queue, so another process
(or this one after a restart) runs them again. Handlers must therefore be safe to run again:
imports are (rows are upserts keyed by owner and external id, each batch in one transaction).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from matcher.jobs.settings import JobSettings
from matcher.storage.connection import Connection
from matcher.storage.database import CONNECTION_ERRORS, create_pool, session_settings
from matcher.storage.jobs import Job, JobError, JobRepository, JobState

log = logging.getLogger(__name__)

POOL_CLOSE_S = 5.0


class JobFailed(Exception):
    """Raised by a handler to fail its job with a reason (a code of ``matcher.jobs.messages``)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.error = JobError(code, params)


@dataclass(slots=True)
class JobContext:
    """What a handler gets: its job, connections of the runner's pool, and a progress meter
    that the heartbeat saves (so reporting progress costs a handler no round trip)."""

    job: Job
    pool: asyncpg.Pool[Any]
    done: int = 0
    total: int | None = None

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[Connection]:
        """One connection of the runner's pool, outside a transaction."""
        async with self.pool.acquire() as conn:
            yield conn

    def progress(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total

    def advance(self, count: int) -> None:
        self.done += count


Handler = Callable[[JobContext], Awaitable[dict[str, Any]]]
"""Runs one job and returns its result (stored as JSON); raises ``JobFailed`` to fail it."""


def runner_name() -> str:
    """Host, process and a random tag: tells runners apart across machines and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(slots=True)
class _Running:
    task: asyncio.Task[None]
    context: JobContext
    taken: bool = False  # cancelled or taken from us: the row is no longer ours to finish


@dataclass
class JobRunner:
    """Claims and runs jobs of the kinds it has handlers for. Build with ``start``."""

    pool: asyncpg.Pool[Any]
    settings: JobSettings
    handlers: Mapping[str, Handler]
    name: str = field(default_factory=runner_name)
    owns_pool: bool = False
    _running: dict[int, _Running] = field(default_factory=dict)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _loop_task: asyncio.Task[None] | None = None

    @classmethod
    async def start(
        cls, url: str, settings: JobSettings, handlers: Mapping[str, Handler]
    ) -> JobRunner:
        """A runner on a pool of its own: for each job slot one connection for the job's
        work and one for its heartbeat, and one for claiming and sweeping."""
        pool = await create_pool(
            url,
            min_size=1,
            max_size=2 * settings.concurrency + 1,
            server_settings=session_settings(idle_in_transaction_timeout_s=60),
        )
        runner = cls(pool, settings, handlers, owns_pool=True)
        runner._loop_task = asyncio.create_task(runner._loop(), name="jobs")
        return runner

    def wake(self) -> None:
        """Look for queued jobs now (this process has just enqueued one)."""
        self._wake.set()

    @property
    def running(self) -> list[int]:
        return list(self._running)

    async def stop(self) -> None:
        """Stop claiming, cancel running jobs and give them back to the queue."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
        for running in list(self._running.values()):
            running.task.cancel()
        for running in list(self._running.values()):
            with contextlib.suppress(asyncio.CancelledError):
                await running.task
        if self.owns_pool:
            try:  # shutdown must end within seconds, even with a connection stuck
                async with asyncio.timeout(POOL_CLOSE_S):
                    await self.pool.close()
            except TimeoutError:
                log.warning("job connections still held after %s s; terminating", POOL_CLOSE_S)
                self.pool.terminate()

    # --- the loop ---------------------------------------------------------------------------

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        next_sweep = loop.time()
        while True:
            try:
                if loop.time() >= next_sweep:
                    await self.sweep()
                    next_sweep = loop.time() + self.settings.sweep_interval_s
                while len(self._running) < self.settings.concurrency:
                    if not await self.claim_one():
                        break
            except CONNECTION_ERRORS as exc:
                log.warning("job queue unavailable (%s); retrying", type(exc).__name__)
            except Exception:
                log.exception("job runner loop failed; retrying")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.settings.poll_interval_s):
                    await self._wake.wait()

    async def claim_one(self) -> bool:
        """Claim one queued job and start it; False when the queue had none."""
        async with self.pool.acquire() as conn:
            job = await JobRepository(conn).claim(self.name, list(self.handlers))
        if job is None:
            return False
        context = JobContext(job, self.pool)
        task = asyncio.create_task(self._run(context), name=f"job-{job.id}")
        self._running[job.id] = _Running(task, context)
        task.add_done_callback(lambda _: self._job_done(job.id))
        return True

    def _job_done(self, job_id: int) -> None:
        self._running.pop(job_id, None)
        self._wake.set()  # a slot is free

    async def sweep(self) -> None:
        """Requeue jobs of lost runners, fail overdue ones, purge old ones."""
        async with self.pool.acquire() as conn, conn.transaction():
            repo = JobRepository(conn)
            for outcome in await repo.recover_stale(self.settings.stale_after_s):
                log.warning("job %s lost its runner: now %s", outcome.job_id, outcome.state)
            overdue = await repo.fail_overdue(self.settings.heartbeat_s * 3)
            for job_id in overdue:
                log.warning("job %s failed by the sweeper: past its time limit", job_id)
            await repo.purge_finished(self.settings.retention_hours * 3600)

    # --- one job ----------------------------------------------------------------------------

    async def _run(self, context: JobContext) -> None:
        job = context.job
        handler = self.handlers[job.kind]
        beat = asyncio.create_task(self._heartbeat(job.id, context), name=f"job-{job.id}-beat")
        state: JobState = "failed"
        result: dict[str, Any] | None = None
        errors: list[JobError] = []
        try:
            async with asyncio.timeout(job.time_limit_s):
                result = await handler(context)
            state = "succeeded"
        except TimeoutError:
            errors = [JobError("time_limit", {"seconds": job.time_limit_s})]
            log.warning("job %s ran past its time limit of %s s", job.id, job.time_limit_s)
        except JobFailed as failure:
            errors = [failure.error]
        except asyncio.CancelledError:
            beat.cancel()
            running = self._running.get(job.id)
            if running is None or not running.taken:
                await self._release(job.id)  # shutting down: another process takes it up
            raise
        except Exception as exc:
            log.exception("job %s failed", job.id)
            errors = [JobError("internal", {"error": type(exc).__name__})]
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
        await self._finish(context, state, result, errors)

    async def _finish(
        self,
        context: JobContext,
        state: JobState,
        result: dict[str, Any] | None,
        errors: list[JobError],
    ) -> None:
        job = context.job
        async with self.pool.acquire() as conn, conn.transaction():
            finished = await JobRepository(conn).finish(
                job.id,
                self.name,
                state,
                done=context.done,
                total=context.total,
                result=result,
                errors=errors,
            )
        if not finished:
            log.warning("job %s was cancelled or taken over before it finished", job.id)

    async def _release(self, job_id: int) -> None:
        with contextlib.suppress(*CONNECTION_ERRORS):
            async with self.pool.acquire() as conn:
                await JobRepository(conn).release(job_id, self.name)

    async def _heartbeat(self, job_id: int, context: JobContext) -> None:
        """Save progress and liveness; stop the job when it is no longer ours (cancelled by
        its owner, or requeued by another process that took this one for dead)."""
        while True:
            await asyncio.sleep(self.settings.heartbeat_s)
            try:
                async with self.pool.acquire() as conn:
                    state = await JobRepository(conn).heartbeat(
                        job_id, self.name, context.done, context.total
                    )
            except CONNECTION_ERRORS as exc:
                log.warning("job %s: heartbeat failed (%s)", job_id, type(exc).__name__)
                continue
            if state != "running":
                running = self._running.get(job_id)
                if running is not None:
                    log.warning("job %s is %s: stopping it", job_id, state)
                    running.taken = True
                    running.task.cancel()
                return
