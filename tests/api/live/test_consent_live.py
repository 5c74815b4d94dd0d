"""Consent, erasure and the scheduled purge against a real ``matcher serve``.

Ordering is what matters here: a withdrawal answered 2xx must already hold for the next
request of another client (the employer), and an erasure answered 202 must already have left
the database (its job then scrubs the snapshot files on disk). In-process ASGI tests cannot
show either (PITFALLS.md).
"""

from __future__ import annotations

import time
from pathlib import Path

import anyio
import httpx

from matcher.engine.snapshots import _snapshot_model_id
from matcher.index import VectorIndex
from matcher.storage.database import connect
from tests import factories
from tests.api.conftest import seed_world
from tests.api.job_polling import wait_for_job
from tests.api.live.conftest import LiveServer, server_env, start_server, stop_server

ROUNDS = 10


async def test_withdrawal_holds_for_the_employers_next_request(live_server: LiveServer) -> None:
    w = live_server.world
    async with (
        httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as worker_side,
        httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as employer_side,
    ):
        token = await worker_side.post(
            "/v1/tokens",
            json={"name": "w", "role": "worker", "subject_id": w.worker["w1"]},
            headers=w.auth("admin"),
        )
        own = {"Authorization": f"Bearer {token.json()['token']}"}
        url = f"/v1/workers/{w.worker['w1']}"
        body = {"purpose": "contact_sharing", "scope": "employer", "employer_id": w.employer["e1"]}
        for _ in range(ROUNDS):
            given = await worker_side.post(f"{url}/consents", json=body, headers=own)
            assert given.status_code == 201, given.text
            seen = await employer_side.get(url, headers=w.auth("e1"))
            assert seen.json()["view"] == "full"
            withdrawn = await worker_side.post(
                f"{url}/consents/{given.json()['id']}/withdraw", headers=own
            )
            assert withdrawn.status_code == 200, withdrawn.text
            seen = await employer_side.get(url, headers=w.auth("e1"))
            assert seen.json()["view"] == "masked"
            assert "contact" not in seen.json()


async def test_erasure_is_committed_at_the_202_and_its_job_scrubs_the_snapshot_files(
    live_server: LiveServer, tmp_path: Path
) -> None:
    w = live_server.world
    data = factories.worker_data(4242, full_name="Wulan Puspitasari")
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as c:
        made = await c.post("/v1/workers", json=data, headers=w.auth("ag1"))
        assert made.status_code == 201, made.text
        worker_id = made.json()["id"]
        # A search makes the server apply the change (and encode the profile).
        r = await c.post("/v1/search/workers", json={"query": "perawat"}, headers=w.auth("ag1"))
        assert r.status_code == 200
        r = await c.delete(
            f"/v1/workers/{worker_id}",
            params={"erase": "true", "confirm": data["external_id"]},
            headers=w.auth("ag1"),
        )
        assert r.status_code == 202, r.text
        async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as other:
            gone = await other.get(f"/v1/workers/{worker_id}", headers=w.auth("admin"))
            assert gone.status_code == 404, "committed before the 202"
        job = await wait_for_job(c, r, w.auth("ag1"))
        assert job["state"] == "succeeded", job
    snapshots = tmp_path / "var" / "index"
    files = sorted(snapshots.glob("workers-*.faiss"))
    assert files, list(snapshots.iterdir()) if snapshots.exists() else "no snapshot dir"
    for path in files:
        model_id = _snapshot_model_id(path)
        assert model_id is not None
        index, _ = VectorIndex.load(path, model_id)
        assert worker_id not in index.ids().tolist()
        assert index.tombstones == 0
        assert b"Wulan" not in path.read_bytes()


async def test_serve_runs_the_retention_purge_on_schedule(db_url: str, tmp_path: Path) -> None:
    await seed_world(db_url)
    conn = await connect(db_url)
    try:
        await conn.execute(
            """INSERT INTO audit_log (role, worker_id, action, view, at)
               VALUES ('admin', 1, 'read', 'full', now() - interval '10 days')"""
        )
    finally:
        await conn.close()
    env = server_env(
        db_url,
        tmp_path / "var",
        MATCHER_RETENTION_PURGE_INTERVAL_S="0.5",
        MATCHER_RETENTION_AUDIT_DAYS="5",
    )
    process, _ = await anyio.to_thread.run_sync(start_server, env, tmp_path / "serve.log")
    try:
        deadline = time.monotonic() + 30
        left = 1
        while left and time.monotonic() < deadline:
            await anyio.sleep(0.25)
            conn = await connect(db_url)
            try:
                left = await conn.fetchval(
                    "SELECT count(*) FROM audit_log WHERE at < now() - interval '5 days'"
                )
            finally:
                await conn.close()
        assert left == 0, (tmp_path / "serve.log").read_text()
    finally:
        await anyio.to_thread.run_sync(stop_server, process)
