"""Shortlist builds and timetable plans through a real ``matcher serve`` whose request pool has
two connections: a build finishes after the client that asked for it has gone, what a
succeeded job reports is what the very next request of another client sees, and plans, builds
and reads running together all finish (no job holds a request connection while the engine
ranks or the solver runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import httpx

from tests.api.conftest import seed_world
from tests.api.job_polling import job_result, wait_for_job
from tests.api.live.conftest import server_env, start_server, stop_server
from tests.api.test_event_jobs import event_with_two_employers

ROUNDS = 3
TIMEOUT_S = 60.0


async def test_shortlists_and_timetables_through_a_real_server(db_url: str, tmp_path: Path) -> None:
    world = await seed_world(db_url)
    env = server_env(db_url, tmp_path / "var", MATCHER_POOL_MAX_SIZE="2", MATCHER_POOL_MIN_SIZE="1")
    process, base_url = await anyio.to_thread.run_sync(start_server, env, tmp_path / "serve.log")
    org = world.auth("org")
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT_S) as client:
            eid = await event_with_two_employers(client, world)

        # The client that asks for the build leaves at once; the build still completes.
        async with httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT_S) as leaving:
            accepted = await leaving.post(f"/v1/events/{eid}/shortlists", json={}, headers=org)
            assert accepted.status_code == 202, accepted.text
        async with httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT_S) as client:
            job = await wait_for_job(client, accepted, org, within_s=TIMEOUT_S)
            assert job["state"] == "succeeded", job
            assert job["progress"] == {"done": 2, "total": 2}
            listed = await client.get(f"/v1/events/{eid}/shortlists", headers=org)
            assert listed.json()["count"] == job["result"]["entries"] > 0

            plans: list[dict[str, Any]] = []
            reads: list[int] = []

            async def plan() -> None:
                result = await job_result(
                    client,
                    await client.post(f"/v1/events/{eid}/timetable", json={}, headers=org),
                    org,
                )
                plans.append(result)
                # Read your write, as another caller, on the very next request.
                mine = await client.get(f"/v1/events/{eid}/timetable", headers=world.auth("e1"))
                assert mine.status_code == 200, mine.text

            async def rebuild() -> None:
                built = await job_result(
                    client,
                    await client.post(f"/v1/events/{eid}/shortlists", json={}, headers=org),
                    org,
                )
                assert built["vacancies"] == 2

            async def read(who: str) -> None:
                r = await client.get(f"/v1/events/{eid}/shortlists", headers=world.auth(who))
                assert r.status_code == 200, r.text
                reads.append(r.json()["count"])

            with anyio.fail_after(TIMEOUT_S):
                async with anyio.create_task_group() as tg:
                    for _ in range(ROUNDS):
                        tg.start_soon(plan)
                        tg.start_soon(rebuild)
                        for who in ("org", "e1", "e2"):
                            tg.start_soon(read, who)
            assert len(plans) == ROUNDS and len(reads) == 3 * ROUNDS
            last = await client.get(f"/v1/events/{eid}/timetable", headers=org)
            assert last.json()["count"] in {p["count"] for p in plans}
            assert all(p["count"] > 0 for p in plans)
    finally:
        await anyio.to_thread.run_sync(stop_server, process)
