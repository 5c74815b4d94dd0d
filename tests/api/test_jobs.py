"""``GET /v1/jobs/{id}`` and ``POST /v1/jobs/{id}/cancel``: who may read a job, what a 202
has committed, failure reasons in the reader's language, cancellation of a running import, and
the limit on one owner's unfinished jobs."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.jobs import JobRunner
from matcher.settings import Settings
from tests import factories
from tests.api.conftest import World, api_settings, fake_engine_factory, seed_world
from tests.api.job_polling import run_import, wait_for_job, wait_running, workers_locked

PROBLEM = "https://ssw-matcher.dev/problems/"


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "\n".join(json.dumps(r) for r in rows).encode()


async def test_only_the_owner_and_admins_read_a_job(
    client: httpx.AsyncClient, world: World
) -> None:
    rows = [factories.worker_data(n, external_id=f"JOB-{n}") for n in range(1, 4)]
    headers = {**world.auth("ag1"), "content-type": "application/x-ndjson"}
    accepted = await client.post("/v1/imports/workers", content=jsonl(rows), headers=headers)
    job = await wait_for_job(client, accepted, world.auth("ag1"))
    assert job["result"]["created"] == 3 and job["errors"] == []
    location = accepted.headers["location"]
    assert (await client.get(location, headers=world.auth("admin"))).json() == job
    for other in ("ag2", "e1", "w1", "org"):
        refused = await client.get(location, headers=world.auth(other))
        assert refused.status_code == 404, other
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"] == PROBLEM + "not-found"
        cancel = await client.post(location + "/cancel", headers=world.auth(other))
        assert cancel.status_code == 404, other
    missing = await client.get("/v1/jobs/999999", headers=world.auth("admin"))
    assert missing.status_code == 404
    assert (await client.get("/v1/jobs/0", headers=world.auth("admin"))).status_code == 422
    assert (await client.get(location)).status_code == 401
    # A finished job is returned as it ended, without Retry-After.
    ended = await client.post(location + "/cancel", headers=world.auth("ag1"))
    assert ended.status_code == 200 and ended.json()["state"] == "succeeded"
    assert "retry-after" not in ended.headers


async def test_an_admins_job_is_for_admins_only(client: httpx.AsyncClient, world: World) -> None:
    accepted = await client.post(
        "/v1/imports/workers?agency=AG1", json=[], headers=world.auth("admin")
    )
    await wait_for_job(client, accepted, world.auth("admin"))
    refused = await client.get(accepted.headers["location"], headers=world.auth("ag1"))
    assert refused.status_code == 404


async def test_the_202_has_committed_the_job_and_its_file(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    rows = [factories.worker_data(n, external_id=f"HELD-{n}") for n in range(1, 6)]
    body = jsonl(rows)
    headers = {**world.auth("ag1"), "content-type": "application/x-ndjson"}
    async with workers_locked(db_url):
        accepted = await client.post("/v1/imports/workers", content=body, headers=headers)
        assert accepted.status_code == 202, accepted.text
        assert accepted.headers["retry-after"] == "1"
        job_id = accepted.json()["id"]
        # Read on another connection: committed, the whole body in the job's input.
        conn = await asyncpg.connect(db_url)
        try:
            stored = await conn.fetchval(
                "SELECT string_agg(data, ''::bytea ORDER BY part) FROM job_inputs "
                "WHERE job_id = $1",
                job_id,
            )
            owner = await conn.fetchrow(
                "SELECT owner_role, owner_subject FROM jobs WHERE id = $1", job_id
            )
        finally:
            await conn.close()
        assert stored == body
        assert owner is not None and dict(owner) == {
            "owner_role": "agency",
            "owner_subject": world.agency["ag1"],
        }
        running = await wait_running(client, accepted.headers["location"], world.auth("ag1"))
        assert running["progress"] == {"done": 0, "total": 5}
        assert running["started_at"] is not None and running["finished_at"] is None
    done = await wait_for_job(client, accepted, world.auth("ag1"))
    assert done["state"] == "succeeded" and done["result"]["created"] == 5
    assert done["progress"] == {"done": 5, "total": 5}


async def test_cancelling_a_running_import_stops_it(
    app: FastAPI, client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    rows = [factories.worker_data(n, external_id=f"STOP-{n}") for n in range(1, 4)]
    headers = {**world.auth("ag1"), "content-type": "application/x-ndjson"}
    async with workers_locked(db_url):
        accepted = await client.post("/v1/imports/workers", content=jsonl(rows), headers=headers)
        location = accepted.headers["location"]
        await wait_running(client, location, world.auth("ag1"))
        cancelled = await client.post(location + "/cancel", headers=world.auth("ag1"))
        assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
        runner: JobRunner = app.state.jobs
        deadline = time.monotonic() + 20
        while cancelled.json()["id"] in runner.running:  # stopped at its next heartbeat
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
    job = (await client.get(location, headers=world.auth("ag1"))).json()
    assert job["state"] == "cancelled" and job["result"] is None
    conn = await asyncpg.connect(db_url)
    try:
        stored = await conn.fetchval("SELECT count(*) FROM workers WHERE external_id LIKE 'STOP-%'")
    finally:
        await conn.close()
    assert stored == 0  # the batch waiting on the lock was stopped, not written


@asynccontextmanager
async def client_with_jobs_env(
    db_url: str, monkeypatch: pytest.MonkeyPatch, **env: str
) -> AsyncIterator[httpx.AsyncClient]:
    """An app whose job runner reads ``MATCHER_JOBS_*`` from ``env``, and its client."""
    for name, value in env.items():
        monkeypatch.setenv(f"MATCHER_JOBS_{name.upper()}", value)
    settings = Settings.model_validate({"DATABASE_URL": db_url, "pool_max_size": 4})
    app = create_app(settings, api_settings=api_settings(), engine_factory=fake_engine_factory)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_a_job_over_its_time_limit_fails_with_a_reason_in_the_readers_language(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await seed_world(db_url)
    rows = [factories.worker_data(1, external_id="SLOW-1")]
    headers = {**world.auth("ag1"), "content-type": "application/x-ndjson"}
    async with client_with_jobs_env(db_url, monkeypatch, time_limit_s="0.5") as client:
        async with workers_locked(db_url):
            accepted = await client.post(
                "/v1/imports/workers", content=jsonl(rows), headers=headers
            )
            job = await wait_for_job(client, accepted, world.auth("ag1"), within_s=20)
        location = accepted.headers["location"]
        in_id = (await client.get(location + "?lang=id", headers=world.auth("ag1"))).json()
        in_ja = await client.get(location, headers={**world.auth("ag1"), "accept-language": "ja"})
    assert job["state"] == "failed" and job["time_limit_s"] == 0.5
    assert job["errors"] == [
        {
            "code": "time_limit",
            "message": "stopped: the job ran longer than its time limit of 0.5 s",
        }
    ]
    assert in_id["errors"][0]["message"] == (
        "dihentikan: pekerjaan berjalan lebih lama dari batas waktu 0,5 detik"
    )
    assert in_ja.json()["errors"][0]["message"].startswith("中止しました")


async def test_an_owner_with_too_many_unfinished_jobs_is_asked_to_wait(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await seed_world(db_url)
    body = jsonl([factories.worker_data(1, external_id="CAP-1")])

    def headers(who: str) -> dict[str, str]:
        return {**world.auth(who), "content-type": "application/x-ndjson"}

    async with client_with_jobs_env(db_url, monkeypatch, max_unfinished_per_owner="2") as client:
        async with workers_locked(db_url):
            # One job runs (held by the lock), one waits in the queue: ag1 is at its limit.
            held = [
                await client.post("/v1/imports/workers", content=body, headers=headers("ag1"))
                for _ in range(2)
            ]
            assert [r.status_code for r in held] == [202, 202]
            refused = await client.post("/v1/imports/workers", content=body, headers=headers("ag1"))
            assert refused.status_code == 429 and refused.headers["retry-after"] == "5"
            assert refused.json()["type"] == PROBLEM + "rate-limited"
            assert "2 jobs of yours are queued or running" in refused.json()["detail"]
            other = await client.post("/v1/imports/workers", content=body, headers=headers("ag2"))
            assert other.status_code == 202  # another tenant is not held up
        for sent in (*held, other):
            done = await wait_for_job(
                client, sent, {"Authorization": sent.request.headers["authorization"]}
            )
            assert done["state"] == "succeeded"
        again = await client.post("/v1/imports/workers", content=body, headers=headers("ag1"))
        assert again.status_code == 202


async def test_vacancy_imports_are_jobs_too(client: httpx.AsyncClient, world: World) -> None:
    vacancy = factories.vacancy_data(900, employer=factories.employer_data(1))
    report = await run_import(
        client,
        "/v1/imports/vacancies",
        {**world.auth("e1"), "content-type": "application/x-ndjson"},
        content=json.dumps(vacancy).encode(),
    )
    assert (report["created"], report["error_count"]) == (1, 0)
