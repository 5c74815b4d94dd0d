"""Import jobs through real ``matcher serve`` processes: a job outlives the client that asked,
two servers on one database share the queue and never run a job twice, and a job over its
time limit fails with the reason while the server goes on serving."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import httpx

from tests import factories
from tests.api.conftest import World, seed_world
from tests.api.job_polling import wait_for_job, wait_running, workers_locked
from tests.api.live.conftest import LiveServer, server_env, start_server, stop_server


def jsonl_rows(prefix: str, count: int, start: int = 1) -> bytes:
    rows = [
        factories.worker_data(n, external_id=f"{prefix}-{n:04d}")
        for n in range(start, start + count)
    ]
    return "\n".join(json.dumps(r) for r in rows).encode()


def ndjson(world: World, who: str) -> dict[str, str]:
    return {**world.auth(who), "Content-Type": "application/x-ndjson"}


async def _fetch(db_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(db_url)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def test_an_import_completes_after_its_client_has_gone(live_server: LiveServer) -> None:
    world = live_server.world
    async with workers_locked(live_server.db_url):
        client = httpx.AsyncClient(base_url=live_server.base_url, timeout=30)
        try:
            accepted = await client.post(
                "/v1/imports/workers", content=jsonl_rows("GONE", 40), headers=ndjson(world, "ag1")
            )
            assert accepted.status_code == 202, accepted.text
            await wait_running(client, accepted.headers["location"], world.auth("ag1"))
        finally:
            # The client and its connections close while the job still waits to write.
            await client.aclose()
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as later:
        job = await wait_for_job(later, accepted, world.auth("ag1"))
    assert job["state"] == "succeeded", job
    assert (job["result"]["created"], job["progress"]) == (40, {"done": 40, "total": 40})
    stored = await _fetch(
        live_server.db_url, "SELECT count(*) AS n FROM workers WHERE external_id LIKE 'GONE-%'"
    )
    assert stored[0]["n"] == 40


async def test_two_servers_share_the_queue_and_no_job_runs_twice(
    db_url: str, tmp_path: Path
) -> None:
    world = await seed_world(db_url)
    servers = []
    try:
        for name in ("a", "b"):
            # Eight jobs of one agency at once: above the default limit of unfinished jobs.
            env = server_env(
                db_url, tmp_path / f"var-{name}", MATCHER_JOBS_MAX_UNFINISHED_PER_OWNER="8"
            )
            servers.append(
                await anyio.to_thread.run_sync(start_server, env, tmp_path / f"serve-{name}.log")
            )
        (_, url_a), (_, url_b) = servers
        async with (
            httpx.AsyncClient(base_url=url_a, timeout=30) as a,
            httpx.AsyncClient(base_url=url_b, timeout=30) as b,
        ):
            accepted: list[httpx.Response] = []
            async with workers_locked(db_url):
                # Each process runs one job at a time: while server a's runner is held by the
                # first job, the second one sent to a can only be taken by server b.
                for n in range(2):
                    sent = await a.post(
                        "/v1/imports/workers",
                        content=jsonl_rows(f"Q{n}", 30),
                        headers=ndjson(world, "ag1"),
                    )
                    accepted.append(sent)
                    await wait_running(a, sent.headers["location"], world.auth("ag1"))
                for n in range(2, 8):  # more, queued while both runners are busy
                    client = a if n % 2 else b
                    accepted.append(
                        await client.post(
                            "/v1/imports/workers",
                            content=jsonl_rows(f"Q{n}", 30),
                            headers=ndjson(world, "ag1"),
                        )
                    )
            jobs = [await wait_for_job(b, sent, world.auth("ag1")) for sent in accepted]
    finally:
        for process, _ in servers:
            await anyio.to_thread.run_sync(stop_server, process)
    assert [j["state"] for j in jobs] == ["succeeded"] * 8
    # Every job was claimed once and created all of its rows: none was run a second time.
    assert [(j["attempts"], j["result"]["created"], j["result"]["unchanged"]) for j in jobs] == [
        (1, 30, 0)
    ] * 8
    runners = await _fetch(
        db_url,
        "SELECT id, runner FROM jobs WHERE id = ANY($1::bigint[]) ORDER BY id",
        [j["id"] for j in jobs],
    )
    first_two = {r["runner"] for r in runners[:2]}
    assert len(first_two) == 2, runners  # the queue was shared by both processes
    stored = await _fetch(
        db_url, "SELECT count(*) AS n FROM workers WHERE external_id ~ '^Q[0-9]-'"
    )
    assert stored[0]["n"] == 8 * 30


async def test_a_job_over_its_time_limit_fails_with_a_reason(db_url: str, tmp_path: Path) -> None:
    world = await seed_world(db_url)
    env = server_env(db_url, tmp_path / "var", MATCHER_JOBS_TIME_LIMIT_S="1.5")
    process, base_url = await anyio.to_thread.run_sync(start_server, env, tmp_path / "serve.log")
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            async with workers_locked(db_url):
                stuck = await client.post(
                    "/v1/imports/workers",
                    content=jsonl_rows("LATE", 5),
                    headers=ndjson(world, "ag1"),
                )
                failed = await wait_for_job(client, stuck, world.auth("ag1"), within_s=30)
            location = stuck.headers["location"]
            in_indonesian = await client.get(f"{location}?lang=id", headers=world.auth("ag1"))
            # The runner goes on: the next import runs and succeeds.
            after = await client.post(
                "/v1/imports/workers", content=jsonl_rows("NEXT", 5), headers=ndjson(world, "ag1")
            )
            next_job = await wait_for_job(client, after, world.auth("ag1"))
    finally:
        await anyio.to_thread.run_sync(stop_server, process)
    assert failed["state"] == "failed" and failed["result"] is None
    assert failed["errors"] == [
        {
            "code": "time_limit",
            "message": "stopped: the job ran longer than its time limit of 1.5 s",
        }
    ]
    assert in_indonesian.json()["errors"][0]["message"] == (
        "dihentikan: pekerjaan berjalan lebih lama dari batas waktu 1,5 detik"
    )
    assert next_job["state"] == "succeeded" and next_job["result"]["created"] == 5
    late = await _fetch(db_url, "SELECT count(*) AS n FROM workers WHERE external_id LIKE 'LATE-%'")
    assert late[0]["n"] == 0  # the batch that waited past the limit was stopped, not written
