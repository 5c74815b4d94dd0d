"""Closing an event: once the organiser closes it, registrations, shortlists, plans, pins and
the way of meeting answer 409 ``event-closed`` naming ``status``; outcomes, exports, reads and a
worker's withdrawal go on; only the organiser (or an admin) closes and reopens it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.settings import Settings
from tests.api.conftest import World, api_settings, real_engine_factory
from tests.api.job_polling import job_result
from tests.api.test_events import EVENT


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, api_settings=api_settings(), engine_factory=real_engine_factory)


def _closed(response: httpx.Response) -> bool:
    if response.status_code != 409:
        return False
    problem: dict[str, Any] = response.json()
    kind, field = str(problem["type"]), str(problem["errors"][0]["field"])
    return kind.endswith("/event-closed") and field == "status"


async def test_a_closed_event_keeps_its_plan_and_records_outcomes(
    client: httpx.AsyncClient, world: World
) -> None:
    org, e1 = world.auth("org"), world.auth("e1")
    r = await client.post("/v1/events", json=EVENT, headers=org)
    eid = r.json()["id"]
    assert r.json()["status"] == "open" and r.json()["closed_at"] is None
    body = {"employer_id": world.employer["e1"], "vacancy_ids": [world.vacancy["v1"]]}
    assert (await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)).is_success
    reg = f"/v1/events/{eid}/workers"
    w2 = {"worker_id": world.worker["w2"]}
    assert (await client.put(reg, json=w2, headers=world.auth("ag2"))).is_success
    await job_result(
        client, await client.post(f"/v1/events/{eid}/shortlists", json={}, headers=org), org
    )
    planned = await job_result(
        client,
        await client.post(f"/v1/events/{eid}/timetable", json={"mode": "optimal"}, headers=org),
        org,
    )
    (interview,) = planned["data"]

    # Only the event's organiser (or an admin) closes it.
    for who, expected in (("e1", 403), ("ag2", 403), ("w1", 403)):
        r = await client.post(f"/v1/events/{eid}/close", headers=world.auth(who))
        assert r.status_code == expected, (who, r.text)
    r = await client.post(f"/v1/events/{eid}/close", headers=org)
    assert r.status_code == 200, r.text
    closed = r.json()
    assert closed["status"] == "closed" and closed["closed_at"]
    again = await client.post(f"/v1/events/{eid}/close", headers=world.auth("admin"))
    assert again.json()["closed_at"] == closed["closed_at"]  # the first closing time stays
    assert (await client.get(f"/v1/events/{eid}", headers=e1)).json()["status"] == "closed"

    # Nothing of the day's plan changes any more.
    refused = [
        await client.put(f"/v1/events/{eid}/employers", json=body, headers=org),
        await client.put(reg, json={"worker_id": world.worker["w1"]}, headers=world.auth("w1")),
        await client.post(f"/v1/events/{eid}/shortlists", json={}, headers=org),
        await client.post(f"/v1/events/{eid}/timetable", json={"mode": "optimal"}, headers=org),
        await client.put(
            f"/v1/events/{eid}/shortlists/{world.vacancy['v1']}/{world.worker['w2']}",
            json={"decision": "pin"},
            headers=org,
        ),
        await client.patch(f"/v1/events/{eid}", json={"name": "later"}, headers=org),
        await client.patch(
            f"/v1/events/{eid}/interviews/{interview['id']}",
            json={"mode": "online", "online_url": "https://meet.example.org/late"},
            headers=e1,
        ),
        await client.post(f"/v1/events/{eid}/meetings", json={"mode": "optimal"}, headers=org),
        await client.put(f"/v1/events/{eid}/agencies", json={"agencies": []}, headers=org),
    ]
    assert [r.status_code for r in refused] == [409] * len(refused), [r.text for r in refused]
    assert all(_closed(r) for r in refused)

    # What happens after the day goes on: outcomes, reads, exports.
    outcome = f"/v1/events/{eid}/interviews/{interview['id']}/outcome"
    for status in ("passed", "offer"):
        r = await client.put(outcome, json={"status": status}, headers=e1)
        assert r.status_code == 200, r.text
    assert (await client.get(f"/v1/events/{eid}/timetable", headers=org)).is_success
    assert (await client.get(f"/v1/events/{eid}/exports/employer", headers=org)).is_success
    assert (await client.get(f"/v1/events/{eid}/summary", headers=org)).json()["offers"] == 1

    # Reopened, it changes again.
    r = await client.post(f"/v1/events/{eid}/reopen", headers=org)
    assert (r.status_code, r.json()["status"], r.json()["closed_at"]) == (200, "open", None)
    assert (await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)).is_success
