"""Read-your-writes through a real server: a 2xx is committed and visible to the next request.

Observed before the fix (commit in a ``yield`` dependency's exit, after the response): a created
vacancy was 404 on the next GET, PATCHes answered before PostgreSQL showed them, a revoked token
still worked, a deleted worker still showed in the next ranking. Four clients run the same
sequence at once, so a commit that races the response shows up as a failed step.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests import factories
from tests.api.live.conftest import LiveServer

CLIENTS = 4
ROUNDS = 12


async def _round(client: httpx.AsyncClient, server: LiveServer, n: int) -> list[str]:
    """One create/read/patch/hide/delete/revoke sequence; the steps that saw stale data."""
    w = server.world
    stale: list[str] = []
    created = await client.post("/v1/workers", json=factories.worker_data(n), headers=w.auth("ag1"))
    assert created.status_code == 201, created.text
    worker_id = created.json()["id"]
    if (await client.get(f"/v1/workers/{worker_id}", headers=w.auth("ag1"))).status_code != 200:
        stale.append("create -> get")

    summary = f"Perawat lansia {uuid.uuid4().hex}"
    patched = await client.patch(
        f"/v1/workers/{worker_id}", json={"summary": summary}, headers=w.auth("ag1")
    )
    assert patched.status_code == 200, patched.text
    read = await client.get(f"/v1/workers/{worker_id}", headers=w.auth("ag1"))
    if read.json().get("summary") != summary:
        stale.append("patch -> get")

    # Another agency sees discoverable workers only: hiding must take effect at once.
    assert (await client.get(f"/v1/workers/{worker_id}", headers=w.auth("ag2"))).status_code == 200
    hidden = await client.patch(
        f"/v1/workers/{worker_id}", json={"discoverable": False}, headers=w.auth("ag1")
    )
    assert hidden.status_code == 200, hidden.text
    if (await client.get(f"/v1/workers/{worker_id}", headers=w.auth("ag2"))).status_code != 404:
        stale.append("discoverable -> other agency")

    deleted = await client.delete(f"/v1/workers/{worker_id}", headers=w.auth("ag1"))
    assert deleted.status_code == 204, deleted.text
    matches = await client.get(
        f"/v1/vacancies/{w.vacancy['v1']}/matches",
        params={"include_ineligible": "true", "limit": 200},
        headers=w.auth("admin"),
    )
    assert matches.status_code == 200, matches.text
    if worker_id in {m["worker"]["id"] for m in matches.json()["data"]}:
        stale.append("delete -> ranking")

    vacancy = factories.vacancy_data(
        n, employer=None, employer_id=w.employer["e1"], external_id=f"RYW-{n}"
    )
    made = await client.post("/v1/vacancies", json=vacancy, headers=w.auth("e1"))
    assert made.status_code == 201, made.text
    got = await client.get(f"/v1/vacancies/{made.json()['id']}", headers=w.auth("e1"))
    if got.status_code != 200:
        stale.append("create vacancy -> get")

    token = await client.post(
        "/v1/tokens",
        json={"name": f"ryw-{n}", "role": "agency", "subject_id": w.agency["ag1"]},
        headers=w.auth("admin"),
    )
    assert token.status_code == 201, token.text
    secret, token_id = token.json()["token"], token.json()["id"]
    revoked = await client.delete(f"/v1/tokens/{token_id}", headers=w.auth("admin"))
    assert revoked.status_code == 204, revoked.text
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {secret}"})
    if me.status_code != 401:
        stale.append("revoke -> use")
    return stale


async def test_every_acknowledged_write_is_visible_to_the_next_request(
    live_server: LiveServer,
) -> None:
    async def client_loop(index: int) -> list[str]:
        stale: list[str] = []
        async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as client:
            for r in range(ROUNDS):
                stale += await _round(client, live_server, 1000 + index * ROUNDS + r)
        return stale

    results = await asyncio.wait_for(
        asyncio.gather(*(client_loop(i) for i in range(CLIENTS))), timeout=240
    )
    stale = [step for steps in results for step in steps]
    assert stale == [], f"{len(stale)} stale reads of {CLIENTS * ROUNDS * 6} checks: {stale}"
