"""The job queue on a real PostgreSQL: claiming, heartbeats and progress, time limits,
cancellation, shutdown, and recovery of jobs whose process died."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import pytest

from matcher.jobs import JobContext, JobFailed, JobRunner, JobSettings, render_job_error
from matcher.storage.database import connect
from matcher.storage.jobs import Job, JobRepository, JobState, NewJob

FAST = {"heartbeat_s": 0.05, "stale_after_s": 0.3, "poll_interval_s": 0.05, "sweep_interval_s": 0.1}


def new_job(time_limit_s: float = 30.0, max_attempts: int = 3) -> NewJob:
    return NewJob(
        kind="import_workers",
        owner_role="agency",
        owner_subject=1,
        owner_token=None,
        payload={"n": 1},
        time_limit_s=time_limit_s,
        max_attempts=max_attempts,
    )


@pytest.fixture
async def repo(db_url: str) -> AsyncIterator[JobRepository]:
    conn = await connect(db_url)
    try:
        yield JobRepository(conn)
    finally:
        await conn.close()


async def wait_for_state(
    repo: JobRepository, job_id: int, states: tuple[JobState, ...], within_s: float = 10.0
) -> Job:
    deadline = time.monotonic() + within_s
    while True:
        job = await repo.get(job_id)
        assert job is not None
        if job.state in states:
            return job
        assert time.monotonic() < deadline, job
        await asyncio.sleep(0.02)


Handler = Callable[[JobContext], Awaitable[dict[str, Any]]]


async def start_runner(db_url: str, handler: Handler, **settings: Any) -> JobRunner:
    values = FAST | settings
    return await JobRunner.start(
        db_url, JobSettings.model_validate(values), {"import_workers": handler}
    )


async def test_concurrent_claims_take_different_jobs(db_url: str, repo: JobRepository) -> None:
    ids = {(await repo.enqueue(new_job())).id for _ in range(2)}
    first, second = await connect(db_url), await connect(db_url)
    try:
        async with first.transaction(), second.transaction():
            # The first claim is not committed yet: its row stays locked while the second
            # claims, which skips it instead of waiting or taking it too.
            a = await JobRepository(first).claim("runner-a", ["import_workers"])
            b = await JobRepository(second).claim("runner-b", ["import_workers"])
            assert a is not None and b is not None
            assert {a.id, b.id} == ids
            assert await JobRepository(second).claim("runner-b", ["import_workers"]) is None
    finally:
        await first.close()
        await second.close()
    claimed = [await repo.get(i) for i in ids]
    assert sorted((j.runner, j.attempts, j.state) for j in claimed if j) == [
        ("runner-a", 1, "running"),
        ("runner-b", 1, "running"),
    ]


async def test_progress_is_saved_while_running_and_the_result_at_the_end(
    db_url: str, repo: JobRepository
) -> None:
    release = asyncio.Event()

    async def handler(ctx: JobContext) -> dict[str, Any]:
        ctx.progress(0, 10)
        ctx.advance(4)
        await release.wait()
        ctx.advance(6)
        return {"payload_seen": ctx.job.payload}

    job = await repo.enqueue(new_job())
    runner = await start_runner(db_url, handler)
    try:
        deadline = time.monotonic() + 10
        while (seen := await repo.get(job.id)) is not None and seen.progress_done != 4:
            assert time.monotonic() < deadline, seen
            await asyncio.sleep(0.02)
        assert seen is not None and (seen.state, seen.progress_total) == ("running", 10)
        assert seen.runner == runner.name and seen.deadline_at is not None
        release.set()
        done = await wait_for_state(repo, job.id, ("succeeded",))
    finally:
        await runner.stop()
    assert (done.progress_done, done.progress_total) == (10, 10)
    assert done.result == {"payload_seen": {"n": 1}} and done.errors == []
    assert done.finished_at is not None and done.attempts == 1


async def test_a_job_past_its_time_limit_fails_with_the_reason(
    db_url: str, repo: JobRepository
) -> None:
    stopped = asyncio.Event()

    async def handler(ctx: JobContext) -> dict[str, Any]:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            stopped.set()
            raise
        return {}

    job = await repo.enqueue(new_job(time_limit_s=0.3))
    runner = await start_runner(db_url, handler)
    try:
        failed = await wait_for_state(repo, job.id, ("failed", "succeeded"))
    finally:
        await runner.stop()
    assert failed.state == "failed" and stopped.is_set()
    assert [(e.code, e.params) for e in failed.errors] == [("time_limit", {"seconds": 0.3})]
    error = failed.errors[0]
    assert render_job_error(error.code, error.params, "en") == (
        "stopped: the job ran longer than its time limit of 0.3 s"
    )
    assert "0.3 秒" in render_job_error(error.code, error.params, "ja")
    assert "0,3 detik" in render_job_error(error.code, error.params, "id")


async def test_handler_failures_are_recorded(db_url: str, repo: JobRepository) -> None:
    async def handler(ctx: JobContext) -> dict[str, Any]:
        if ctx.job.payload["n"] == 1:
            raise JobFailed("input_missing")
        raise RuntimeError("boom")

    refused = await repo.enqueue(new_job())
    crashed = await repo.enqueue(new_job())
    await repo.set_payload(crashed.id, {"n": 2})
    runner = await start_runner(db_url, handler)
    try:
        first = await wait_for_state(repo, refused.id, ("failed",))
        second = await wait_for_state(repo, crashed.id, ("failed",))
    finally:
        await runner.stop()
    assert [e.code for e in first.errors] == ["input_missing"]
    assert [(e.code, e.params) for e in second.errors] == [("internal", {"error": "RuntimeError"})]


async def test_cancelling_a_running_job_stops_it_and_it_stays_cancelled(
    db_url: str, repo: JobRepository
) -> None:
    started, stopped = asyncio.Event(), asyncio.Event()

    async def handler(ctx: JobContext) -> dict[str, Any]:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            stopped.set()
            raise
        return {}

    job = await repo.enqueue(new_job())
    await repo.add_input(job.id, 0, b"rows")
    runner = await start_runner(db_url, handler)
    try:
        await asyncio.wait_for(started.wait(), 10)
        cancelled = await repo.cancel(job.id)
        assert cancelled is not None and cancelled.state == "cancelled"
        await asyncio.wait_for(stopped.wait(), 10)
        deadline = time.monotonic() + 10
        while runner.running:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
    finally:
        await runner.stop()
    after = await repo.get(job.id)
    assert after is not None and after.state == "cancelled" and after.finished_at is not None
    assert await repo.input_part(job.id, 0) is None  # the input went with the job
    again = await repo.cancel(job.id)  # a finished job stays as it ended
    assert again is not None and again.finished_at == after.finished_at


async def test_shutdown_gives_running_jobs_back_to_the_queue(
    db_url: str, repo: JobRepository
) -> None:
    started = asyncio.Event()

    async def handler(ctx: JobContext) -> dict[str, Any]:
        started.set()
        await asyncio.sleep(60)
        return {}

    job = await repo.enqueue(new_job())
    runner = await start_runner(db_url, handler)
    try:
        await asyncio.wait_for(started.wait(), 10)
    finally:
        await runner.stop()
    back = await repo.get(job.id)
    assert back is not None
    assert (back.state, back.runner, back.attempts, back.started_at) == ("queued", None, 0, None)


async def test_a_job_whose_runner_died_is_requeued_then_failed_after_its_attempts(
    db_url: str, repo: JobRepository
) -> None:
    job = await repo.enqueue(new_job(max_attempts=2))
    await repo.add_input(job.id, 0, b"rows")
    for attempt in (1, 2):
        claimed = await repo.claim(f"dead-{attempt}", ["import_workers"])
        assert claimed is not None and claimed.attempts == attempt
        # Nothing beats for it: the process that claimed it is gone.
        await repo.conn.execute(
            "UPDATE jobs SET heartbeat_at = now() - interval '1 minute' WHERE id = $1", job.id
        )
        outcomes = await repo.recover_stale(stale_after_s=30)
        assert [(o.job_id, o.state) for o in outcomes] == [
            (job.id, "queued" if attempt == 1 else "failed")
        ]
        # The lost runner cannot finish a job that is no longer its own.
        assert not await repo.finish(job.id, f"dead-{attempt}", "succeeded", done=0, total=None)
    failed = await repo.get(job.id)
    assert failed is not None and failed.state == "failed" and failed.finished_at is not None
    assert [(e.code, e.params) for e in failed.errors] == [("runner_lost", {"attempts": 2})]
    assert await repo.input_part(job.id, 0) is None


async def test_a_live_runner_takes_up_a_dead_runners_job(db_url: str, repo: JobRepository) -> None:
    async def handler(ctx: JobContext) -> dict[str, Any]:
        return {"attempt": ctx.job.attempts}

    job = await repo.enqueue(new_job())
    assert await repo.claim("dead", ["import_workers"]) is not None
    await repo.conn.execute(
        "UPDATE jobs SET heartbeat_at = now() - interval '1 minute' WHERE id = $1", job.id
    )
    runner = await start_runner(db_url, handler)
    try:
        done = await wait_for_state(repo, job.id, ("succeeded", "failed"))
    finally:
        await runner.stop()
    assert (done.state, done.result, done.runner) == ("succeeded", {"attempt": 2}, runner.name)


async def test_finished_jobs_are_purged_after_the_retention(
    db_url: str, repo: JobRepository
) -> None:
    old, recent = await repo.enqueue(new_job()), await repo.enqueue(new_job())
    for job in (old, recent):
        await repo.cancel(job.id)
    await repo.conn.execute(
        "UPDATE jobs SET finished_at = now() - interval '2 days' WHERE id = $1", old.id
    )
    assert await repo.purge_finished(older_than_s=86_400) == 1
    assert await repo.get(old.id) is None and await repo.get(recent.id) is not None


def test_staleness_must_allow_missed_heartbeats() -> None:
    with pytest.raises(ValueError, match="three heartbeats"):
        JobSettings(heartbeat_s=1, stale_after_s=2)


async def test_the_table_refuses_impossible_rows(repo: JobRepository) -> None:
    with pytest.raises(asyncpg.CheckViolationError):
        await repo.conn.execute(
            "INSERT INTO jobs (kind, owner_role, owner_subject, time_limit_s, state) "
            "VALUES ('import_workers', 'agency', 1, 10, 'succeeded')"  # finished, no finished_at
        )
