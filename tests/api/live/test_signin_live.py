"""Single use under concurrency, through ``matcher serve``: clients that exchange the same
sign-in code at the same moment get exactly one session between them (the claim is one
``UPDATE ... RETURNING``; the losers get the same 401 as for a used code)."""

from __future__ import annotations

import asyncio

import httpx

from matcher.access.signin import INVALID_CODE
from tests.api.live.conftest import LiveServer

CLIENTS = 8
BATCHES = 2  # of three codes each


async def test_concurrent_exchanges_of_one_code_have_exactly_one_winner(
    live_server: LiveServer,
) -> None:
    w = live_server.world
    workers = [w.worker["w1"], w.worker["w2"], w.worker["w3"]]
    codes: list[str] = []
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as admin:
        for _ in range(BATCHES):
            r = await admin.post(
                "/v1/signin-codes", json={"worker_ids": workers}, headers=w.auth("admin")
            )
            assert r.status_code == 201, r.text
            codes += [c["code"] for c in r.json()["data"]]
    clients = [httpx.AsyncClient(base_url=live_server.base_url, timeout=30) for _ in range(CLIENTS)]
    try:
        for code in codes:
            # Every client has its own connection, so the requests really run side by side.
            answers = await asyncio.gather(
                *(c.post("/v1/signin-codes/exchange", json={"code": code}) for c in clients)
            )
            statuses = sorted(a.status_code for a in answers)
            assert statuses == [200] + [401] * (CLIENTS - 1), (code, statuses)
            assert {a.json()["detail"] for a in answers if a.status_code == 401} == {INVALID_CODE}
            [won] = [a.json() for a in answers if a.status_code == 200]
            me = await clients[0].get("/v1/me", headers={"Authorization": f"Bearer {won['token']}"})
            assert me.status_code == 200 and me.json()["role"] == "worker"
    finally:
        for c in clients:
            await c.aclose()
