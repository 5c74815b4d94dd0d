"""``kill -9`` of the server in the middle of an import: every row is either fully committed or
absent, the restarted server takes the import job up again (its runner stopped sending
heartbeats) and completes it without duplicates, and the index then holds exactly the workers
the database holds."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import anyio
import asyncpg
import httpx

from models.worker import WorkerProfile
from tests import factories
from tests.api.conftest import seed_world
from tests.api.job_polling import wait_for_job
from tests.api.live.conftest import server_env, start_server, stop_server

ROWS = 3000


async def _count(db_url: str) -> int:
    conn = await asyncpg.connect(db_url)
    try:
        count: int = await conn.fetchval(
            "SELECT count(*) FROM workers WHERE external_id LIKE 'KILL-%'"
        )
        return count
    finally:
        await conn.close()


async def test_kill_9_mid_import_leaves_whole_rows_and_a_consistent_index(
    db_url: str, tmp_path: Path
) -> None:
    world = await seed_world(db_url)
    rows = [factories.worker_data(n, external_id=f"KILL-{n:05d}") for n in range(1, ROWS + 1)]
    body = json.dumps(rows).encode()
    env = server_env(
        db_url,
        tmp_path / "var",
        MATCHER_IMPORT_BATCH_SIZE="100",
        MATCHER_JOBS_STALE_AFTER_S="3",  # the killed runner's job is taken for lost soon
        MATCHER_JOBS_SWEEP_INTERVAL_S="0.5",
    )
    log = tmp_path / "serve.log"
    process, base_url = await anyio.to_thread.run_sync(start_server, env, log)
    headers = {**world.auth("ag1"), "Content-Type": "application/json"}
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
            accepted = await client.post("/v1/imports/workers", content=body, headers=headers)
            assert accepted.status_code == 202, accepted.text
            deadline = time.monotonic() + 60
            while await _count(db_url) == 0:
                assert time.monotonic() < deadline, "the import never stored a batch"
                await asyncio.sleep(0.05)
            process.kill()  # SIGKILL: no shutdown, no rollback handler, no snapshot
            process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    stored_before = await _count(db_url)
    assert 0 < stored_before < ROWS, stored_before
    conn = await asyncpg.connect(db_url)
    try:
        stored = await conn.fetch(
            "SELECT external_id, profile::text AS profile FROM workers WHERE external_id LIKE 'KILL-%'"
        )
    finally:
        await conn.close()
    by_external = {r["external_id"]: r for r in rows}
    for record in stored:
        # A stored row is the whole profile that was sent, never part of it.
        sent = WorkerProfile.model_validate(by_external[record["external_id"]])
        kept = WorkerProfile.model_validate(
            {
                k: v
                for k, v in json.loads(record["profile"]).items()
                if k in WorkerProfile.model_fields
            }
        )
        assert kept == sent, record["external_id"]

    process, base_url = await anyio.to_thread.run_sync(start_server, env, log)
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
            # Nobody sends the file again: the job that was running is requeued and completed.
            job = await wait_for_job(client, accepted, world.auth("ag1"), within_s=120)
            assert (job["state"], job["attempts"]) == ("succeeded", 2), job
            report = job["result"]
            assert report["error_count"] == 0
            assert report["created"] == ROWS - stored_before
            assert report["unchanged"] == stored_before
            assert report["updated"] == 0
            ready = (await client.get("/readyz")).json()["engine"]
    finally:
        await anyio.to_thread.run_sync(stop_server, process)

    conn = await asyncpg.connect(db_url)
    try:
        worker_ids = {r["id"] for r in await conn.fetch("SELECT id FROM workers")}
        embedded = {
            r["worker_id"]
            for r in await conn.fetch(
                "SELECT worker_id FROM worker_embeddings WHERE model_id = $1", ready["model_id"]
            )
        }
    finally:
        await conn.close()
    assert await _count(db_url) == ROWS
    assert embedded == worker_ids
    assert ready["workers_indexed"] == len(worker_ids)
