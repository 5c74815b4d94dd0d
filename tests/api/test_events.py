"""The event workflow through HTTP: an organiser runs a small event from registration to
outcomes and exports; every other role sees only its part (404 for another tenant's event)."""

from __future__ import annotations

import codecs
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.settings import Settings
from matcher.storage.database import connect
from tests.api.conftest import World, api_settings, issue, real_engine_factory
from tests.api.job_polling import job_result


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, api_settings=api_settings(), engine_factory=real_engine_factory)


EVENT = {
    "name": "宮城県 合同企業面接会",
    "venue": "Jakarta",
    "timezone": "Asia/Jakarta",
    "starts_on": "2026-12-05",
    "slot_plan": [
        {
            "day_start": "2026-12-05T09:00:00+07:00",
            "day_end": "2026-12-05T11:30:00+07:00",
            "slot_minutes": 20,
            "gap_minutes": 10,
            "breaks": [{"start": "2026-12-05T10:00:00+07:00", "end": "2026-12-05T10:30:00+07:00"}],
        }
    ],
}


async def test_event_workflow(client: httpx.AsyncClient, world: World, db_url: str) -> None:
    conn = await connect(db_url)
    try:
        world.tokens["org2"] = await issue(conn, "organizer", subject_external_id="ORG-2")
    finally:
        await conn.close()
    org, e1, e2 = world.auth("org"), world.auth("e1"), world.auth("e2")

    r = await client.post("/v1/events", json=EVENT, headers=org)
    assert r.status_code == 201, r.text
    event = r.json()
    eid = event["id"]
    assert [s["start"][11:16] for s in event["slots"]] == ["02:00", "02:30", "03:30", "04:00"]
    bad = {**EVENT, "slots": [{"start": "2026-12-05T09:00:00+07:00", "minutes": 20}]}
    assert (await client.post("/v1/events", json=bad, headers=org)).status_code == 422
    assert (await client.post("/v1/events", json=EVENT, headers=e1)).status_code == 403

    for key, vacancy in (("e1", "v1"), ("e2", "v2")):
        body = {
            "employer_id": world.employer[key],
            "vacancy_ids": [world.vacancy[vacancy]],
            "booths": 1,
        }
        r = await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)
        assert r.status_code == 200, r.text
        assert r.json()["max_interviews"] == 4
    wrong = {"employer_id": world.employer["e1"], "vacancy_ids": [world.vacancy["v2"]]}
    assert (
        await client.put(f"/v1/events/{eid}/employers", json=wrong, headers=org)
    ).status_code == 422

    # Agencies register their own workers (another agency's worker is not found); workers themselves.
    reg = f"/v1/events/{eid}/workers"
    r = await client.put(reg, json={"worker_id": world.worker["w2"]}, headers=world.auth("ag1"))
    assert r.status_code == 404
    r = await client.put(reg, json={"worker_id": world.worker["w2"]}, headers=world.auth("ag2"))
    assert r.status_code == 200, r.text
    r = await client.put(reg, json={"worker_id": world.worker["w3"]}, headers=world.auth("ag2"))
    assert r.status_code == 200
    r = await client.put(reg, json={"max_interviews": 2}, headers=world.auth("w1"))
    assert r.status_code == 200 and r.json()["worker_id"] == world.worker["w1"]
    r = await client.put(
        f"{reg}/{world.worker['w1']}/ranking",
        json={"employer_ids": [world.employer["e2"], world.employer["e1"]]},
        headers=world.auth("w1"),
    )
    assert r.status_code == 200 and r.json()["ranking"] == [
        world.employer["e2"],
        world.employer["e1"],
    ]
    r = await client.get(reg, headers=world.auth("ag2"))
    assert {x["worker_id"] for x in r.json()["data"]} == {world.worker["w2"], world.worker["w3"]}
    assert (await client.get(reg, headers=e1)).status_code == 403

    accepted = await client.post(
        f"/v1/events/{eid}/shortlists", json={"limit_per_vacancy": 10}, headers=org
    )
    assert accepted.headers["location"] == f"/v1/jobs/{accepted.json()['id']}"
    assert accepted.json()["kind"] == "build_shortlists"
    built = await job_result(client, accepted, org)
    assert built["vacancies"] == 2
    r = await client.get(f"/v1/events/{eid}/shortlists", headers=e1)
    listed = r.json()["data"]
    assert listed and {x["vacancy_id"] for x in listed} == {world.vacancy["v1"]}
    assert {x["worker"]["view"] for x in listed} == {"masked"}
    assert all("contact" not in x["worker"] for x in listed)
    r = await client.get(
        f"/v1/events/{eid}/shortlists?vacancy_id={world.vacancy['v2']}", headers=e1
    )
    assert r.status_code == 404
    r = await client.put(
        f"/v1/events/{eid}/shortlists/{world.vacancy['v1']}/{world.worker['w3']}",
        json={"decision": "pin"},
        headers=e1,
    )
    assert r.status_code == 204, r.text

    # Another organiser's event is missing; employers may not plan.
    assert (await client.get(f"/v1/events/{eid}", headers=world.auth("org2"))).status_code == 404
    r = await client.post(f"/v1/events/{eid}/timetable", json={}, headers=world.auth("org2"))
    assert r.status_code == 404
    assert (
        await client.post(f"/v1/events/{eid}/timetable", json={}, headers=e1)
    ).status_code == 403

    planned = await job_result(
        client,
        await client.post(f"/v1/events/{eid}/timetable", json={"mode": "optimal"}, headers=org),
        org,
    )
    interviews = planned["data"]
    assert planned["count"] == len(interviews) > 0
    assert len({(i["worker_id"], i["slot"]) for i in interviews}) == len(interviews)
    assert len({(i["employer_id"], i["slot"], i["booth"]) for i in interviews}) == len(interviews)
    assert any(
        i["worker_id"] == world.worker["w3"] and i["employer_id"] == world.employer["e1"]
        for i in interviews
    )
    replanned = await job_result(
        client,
        await client.post(
            f"/v1/events/{eid}/timetable", json={"mode": "stable", "replan": True}, headers=org
        ),
        org,
    )
    assert replanned["kept"] == len(interviews)

    mine = (await client.get(f"/v1/events/{eid}/timetable", headers=e1)).json()["data"]
    assert mine and {i["employer_id"] for i in mine} == {world.employer["e1"]}
    own = (await client.get(f"/v1/events/{eid}/timetable", headers=world.auth("w1"))).json()["data"]
    assert {i["worker_id"] for i in own} <= {world.worker["w1"]}
    # A scheduled interview discloses the worker to its employer once the worker accepted it
    # (docs/privacy.md); until then every candidate stays masked.
    listed = (await client.get(f"/v1/events/{eid}/shortlists", headers=e1)).json()["data"]
    assert {x["worker"]["view"] for x in listed} == {"masked"}
    w1_meets_e1 = [i for i in mine if i["worker_id"] == world.worker["w1"]]
    if w1_meets_e1:
        accept = f"/v1/workers/{world.worker['w1']}/interviews/{w1_meets_e1[0]['id']}/acceptance"
        assert (await client.put(accept, headers=world.auth("w1"))).status_code == 200
        listed = (await client.get(f"/v1/events/{eid}/shortlists", headers=e1)).json()["data"]
        assert {x["worker"]["id"] for x in listed if x["worker"]["view"] == "full"} == {
            world.worker["w1"]
        }

    first = mine[0]["id"]
    outcome = f"/v1/events/{eid}/interviews/{first}/outcome"
    assert (await client.put(outcome, json={"status": "hired"}, headers=e1)).status_code == 409
    for status in ("passed", "offer", "hired"):
        r = await client.put(outcome, json={"status": status}, headers=e1)
        assert r.status_code == 200 and r.json()["status"] == status
    assert (await client.put(outcome, json={"status": "passed"}, headers=e2)).status_code == 404
    summary = (await client.get(f"/v1/events/{eid}/summary", headers=org)).json()
    assert (summary["offers"], summary["hires"]) == (1, 1)
    assert summary["by_field"][0]["key"] == "nursing_care"

    for kind in ("employer", "worker", "room"):
        r = await client.get(f"/v1/events/{eid}/exports/{kind}", headers=org)
        assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
        assert r.content.startswith(codecs.BOM_UTF8)  # Japanese Excel reads UTF-8 only with it
        assert len(r.text.splitlines()) == 1 + len(
            (await client.get(f"/v1/events/{eid}/timetable", headers=org)).json()["data"]
        )
    r = await client.get(f"/v1/events/{eid}/exports/html", headers=org)
    assert r.status_code == 200 and "面接" in r.text
    assert (await client.get(f"/v1/events/{eid}/exports/pdf", headers=org)).status_code == 422
    assert (
        await client.get(f"/v1/events/{eid}/exports/html", headers=world.auth("w1"))
    ).status_code == 403


async def test_employer_pins_only_candidates_and_cannot_probe_workers(
    client: httpx.AsyncClient, world: World
) -> None:
    """Issue 14, observation 5: pinning a hidden worker that is not on the shortlist used to
    answer 204 and, once planned, hand the employer the worker's full profile; 204 versus 404
    also told an employer which worker ids were registered."""
    org, e1 = world.auth("org"), world.auth("e1")
    eid = (await client.post("/v1/events", json=EVENT, headers=org)).json()["id"]
    body = {"employer_id": world.employer["e1"], "vacancy_ids": [world.vacancy["v1"]], "booths": 1}
    assert (
        await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)
    ).status_code == 200
    reg = f"/v1/events/{eid}/workers"
    r = await client.put(reg, json={"worker_id": world.worker["w1"]}, headers=world.auth("ag1"))
    assert r.status_code == 200, r.text
    await job_result(
        client, await client.post(f"/v1/events/{eid}/shortlists", json={}, headers=org), org
    )
    # w3 (hidden) registers after the shortlists were built: not on them, and not visible.
    r = await client.put(reg, json={"worker_id": world.worker["w3"]}, headers=world.auth("ag2"))
    assert r.status_code == 200, r.text

    def pin(worker_id: int, decision: str | None = "pin") -> Any:
        return client.put(
            f"/v1/events/{eid}/shortlists/{world.vacancy['v1']}/{worker_id}",
            json={"decision": decision},
            headers=e1,
        )

    nobody = await pin(999_999)
    assert nobody.status_code == 404
    assert nobody.headers["content-type"].startswith("application/problem+json")
    assert nobody.json()["type"].endswith("/not-found")
    hidden = await pin(world.worker["w3"])
    unregistered = await pin(world.worker["w2"])  # discoverable, not registered (yet)
    excluded = await pin(world.worker["w3"], "exclude")
    for r in (hidden, unregistered, excluded):
        assert (r.status_code, r.content) == (404, nobody.content)
    assert str(world.worker["w3"]) not in nobody.text

    # An eligible discoverable worker registered late may be pinned.
    r = await client.put(reg, json={"worker_id": world.worker["w2"]}, headers=world.auth("ag2"))
    assert r.status_code == 200, r.text
    assert (await pin(world.worker["w2"])).status_code == 204

    planned = await job_result(
        client,
        await client.post(f"/v1/events/{eid}/timetable", json={"mode": "optimal"}, headers=org),
        org,
    )
    met = {i["worker_id"] for i in planned["data"] if i["employer_id"] == world.employer["e1"]}
    assert world.worker["w2"] in met and world.worker["w3"] not in met
    await job_result(
        client,
        await client.post(f"/v1/events/{eid}/timetable", json={"replan": True}, headers=org),
        org,
    )
    # The employer still cannot read the hidden worker's profile in any form.
    r = await client.get(f"/v1/workers/{world.worker['w3']}", headers=e1)
    assert r.status_code == 404, r.text
    listed = (await client.get(f"/v1/events/{eid}/shortlists", headers=e1)).json()["data"]
    assert world.worker["w3"] not in {x["worker"]["id"] for x in listed}
    # w2 accepts its interview (through its agency): then e1 sees it in full.
    planned = (await client.get(f"/v1/events/{eid}/timetable", headers=org)).json()["data"]
    w2_at_e1 = next(
        i["id"]
        for i in planned
        if i["worker_id"] == world.worker["w2"] and i["employer_id"] == world.employer["e1"]
    )
    accept = f"/v1/workers/{world.worker['w2']}/interviews/{w2_at_e1}/acceptance"
    assert (await client.put(accept, headers=world.auth("ag2"))).status_code == 200
    full = await client.get(f"/v1/workers/{world.worker['w2']}", headers=e1)
    assert full.status_code == 200 and full.json()["view"] == "full"
    # The organiser keeps the power to pin any registered worker (its promise).
    r = await client.put(
        f"/v1/events/{eid}/shortlists/{world.vacancy['v1']}/{world.worker['w3']}",
        json={"decision": "pin"},
        headers=org,
    )
    assert r.status_code == 204, r.text
