"""Company-agency meetings through a real ``matcher serve`` with a request pool of two
connections: a plan is a job whose 202 is committed before the client has it, the plan a
succeeded job reports is what the very next request of another client sees, and planning holds
no request connection while the engine ranks and the solver runs, so plans and reads running
together all finish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import httpx

from tests.api.conftest import seed_world
from tests.api.job_polling import wait_for_job
from tests.api.live.conftest import server_env, start_server, stop_server
from tests.api.test_events import EVENT

ROUNDS = 4
TIMEOUT_S = 60.0


async def test_meetings_through_a_real_server(db_url: str, tmp_path: Path) -> None:
    world = await seed_world(db_url)
    env = server_env(db_url, tmp_path / "var", MATCHER_POOL_MAX_SIZE="2", MATCHER_POOL_MIN_SIZE="1")
    process, base_url = await anyio.to_thread.run_sync(start_server, env, tmp_path / "serve.log")
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT_S) as client:
            org = world.auth("org")
            r = await client.post("/v1/events", json=EVENT, headers=org)
            assert r.status_code == 201, r.text
            eid = r.json()["id"]
            for key, vacancy in (("e1", "v1"), ("e2", "v2")):
                body = {"employer_id": world.employer[key], "vacancy_ids": [world.vacancy[vacancy]]}
                r = await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)
                assert r.status_code == 200, r.text
            agencies = {
                "agencies": [
                    {"agency_id": world.agency["ag1"], "tables": 1},
                    {"agency_id": world.agency["ag2"], "tables": 1, "present_slots": [2, 3]},
                ]
            }
            r = await client.put(f"/v1/events/{eid}/agencies", json=agencies, headers=org)
            assert r.status_code == 200, r.text
            seen = await client.get(f"/v1/events/{eid}/agencies", headers=world.auth("e1"))
            assert seen.json()["count"] == 2

            planned: list[dict[str, Any]] = []
            reads: list[int] = []

            async def plan(replan: bool) -> None:
                r = await client.post(
                    f"/v1/events/{eid}/meetings",
                    json={"mode": "optimal", "replan": replan},
                    headers=org,
                )
                job = await wait_for_job(client, r, org, within_s=TIMEOUT_S)
                assert job["state"] == "succeeded", job
                result = job["result"]
                planned.append(result)
                # Read your write, as another caller, on the very next request.
                expected = sorted(
                    m["id"] for m in result["data"] if m["agency_id"] == world.agency["ag1"]
                )
                mine = await client.get(f"/v1/events/{eid}/meetings", headers=world.auth("ag1"))
                assert mine.status_code == 200
                assert sorted(m["id"] for m in mine.json()["data"]) == expected

            async def read(who: str) -> None:
                r = await client.get(f"/v1/events/{eid}/meetings", headers=world.auth(who))
                assert r.status_code == 200, r.text
                reads.append(r.json()["count"])

            await plan(False)
            first = planned[0]
            assert first["count"] == 4, first
            with anyio.fail_after(TIMEOUT_S):
                async with anyio.create_task_group() as tg:
                    for _ in range(ROUNDS):
                        tg.start_soon(plan, True)
                        for who in ("org", "e1", "e2", "ag1", "ag2"):
                            tg.start_soon(read, who)
            assert len(planned) == ROUNDS + 1 and len(reads) == 5 * ROUNDS
            # Nothing changed between the plans: every re-plan kept every meeting.
            ids = {m["id"] for m in first["data"]}
            for p in planned[1:]:
                assert p["kept"] == 4 and {m["id"] for m in p["data"]} == ids
            r = await client.get(f"/v1/events/{eid}/meetings/exports/agency", headers=org)
            assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
            assert r.content.count(b"\r\n") == 5  # the header and four meetings
    finally:
        await anyio.to_thread.run_sync(stop_server, process)
