"""The organiser console's endpoints (issue 18): editing an event, the slot preview, bulk
worker registration, the plan preview and the participants' names, with their 4xx naming the
field, and who may call them (the event's organiser and admins only)."""

from __future__ import annotations

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


def day(date: str, start: str, end: str, **extra: Any) -> dict[str, Any]:
    return {
        "day_start": f"{date}T{start}:00+07:00",
        "day_end": f"{date}T{end}:00+07:00",
        "slot_minutes": 20,
        "gap_minutes": 10,
        **extra,
    }


TWO_DAYS = [
    day(
        "2026-12-05",
        "09:00",
        "11:30",
        breaks=[{"start": "2026-12-05T10:00:00+07:00", "end": "2026-12-05T10:30:00+07:00"}],
    ),
    day("2026-12-06", "13:00", "14:30"),
]
EVENT = {
    "name": "宮城県 合同企業面接会",
    "venue": "Jakarta",
    "timezone": "Asia/Jakarta",
    "starts_on": "2026-12-05",
    "ends_on": "2026-12-06",
    "slot_plan": TWO_DAYS,
}


def fields(r: httpx.Response) -> set[str]:
    """The fields a problem names."""
    assert r.headers["content-type"].startswith("application/problem+json"), r.text
    return {e["field"] for e in r.json().get("errors", [])}


async def _event(client: httpx.AsyncClient, world: World) -> int:
    r = await client.post("/v1/events", json=EVENT, headers=world.auth("org"))
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def test_slot_preview_is_what_the_event_gets(client: httpx.AsyncClient, world: World) -> None:
    org = world.auth("org")
    r = await client.post("/v1/events/slot-preview", json={"slot_plan": TWO_DAYS}, headers=org)
    assert r.status_code == 200, r.text
    preview = r.json()
    eid = await _event(client, world)
    stored = (await client.get(f"/v1/events/{eid}", headers=org)).json()["slots"]
    assert preview["data"] == stored and preview["count"] == len(stored)
    # Four slots on day one around the break, three on day two, in time order.
    assert [s["start"][:16] for s in stored] == [
        "2026-12-05T02:00",
        "2026-12-05T02:30",
        "2026-12-05T03:30",
        "2026-12-05T04:00",
        "2026-12-06T06:00",
        "2026-12-06T06:30",
        "2026-12-06T07:00",
    ]

    bad = {"slot_plan": [day("2026-12-05", "11:00", "09:00")]}
    r = await client.post("/v1/events/slot-preview", json=bad, headers=org)
    assert r.status_code == 422 and fields(r) == {"slot_plan"}
    r = await client.post(
        "/v1/events/slot-preview",
        json={"slot_plan": [day("2026-12-05", "09:00", "10:00", slot_minutes=2)]},
        headers=org,
    )
    assert r.status_code == 422 and fields(r) == {"slot_plan.0.slot_minutes"}
    for who in ("e1", "ag1", "w1"):
        r = await client.post(
            "/v1/events/slot-preview", json={"slot_plan": TWO_DAYS}, headers=world.auth(who)
        )
        assert r.status_code == 403, (who, r.text)


async def test_edit_event_and_refuse_new_slots_once_interviews_exist(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    conn = await connect(db_url)
    try:
        world.tokens["org2"] = await issue(conn, "organizer", subject_external_id="ORG-2")
    finally:
        await conn.close()
    org = world.auth("org")
    eid = await _event(client, world)
    url = f"/v1/events/{eid}"

    r = await client.patch(
        url, json={"name": "仙台 合同面接会", "timezone": "Asia/Tokyo"}, headers=org
    )
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["timezone"], r.json()["venue"]) == (
        "仙台 合同面接会",
        "Asia/Tokyo",
        "Jakarta",
    )
    one_day = {"slot_plan": [day("2026-12-05", "09:00", "10:00")], "ends_on": None}
    r = await client.patch(url, json=one_day, headers=org)
    assert r.status_code == 200 and len(r.json()["slots"]) == 2, r.text
    assert r.json()["ends_on"] == "2026-12-05"

    for body, field in (
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"venue": None}, "venue"),
        ({"ends_on": "2026-12-01"}, "ends_on"),
        ({"name": None}, "(body)"),
        ({"slot_plan": TWO_DAYS, "slots": []}, "slots"),
    ):
        r = await client.patch(url, json=body, headers=org)
        assert r.status_code == 422, (body, r.text)
        assert field in fields(r) or (field == "(body)" and fields(r) == {""}), (body, r.json())
    assert (await client.patch(url, json={"online": True, "venue": None}, headers=org)).json()[
        "venue"
    ] is None

    for who, status in (("org2", 404), ("e1", 404), ("ag1", 403), ("w1", 403)):
        r = await client.patch(url, json={"name": "x"}, headers=world.auth(who))
        assert r.status_code == status, (who, r.text)
    r = await client.patch(url, json={"min_interviews_per_worker": 1}, headers=world.auth("admin"))
    assert r.status_code == 200 and r.json()["min_interviews_per_worker"] == 1, r.text

    # Once interviews exist the slots are fixed; the name still changes.
    await client.put(
        f"{url}/employers",
        json={"employer_id": world.employer["e1"], "vacancy_ids": [world.vacancy["v1"]]},
        headers=org,
    )
    await client.put(f"{url}/workers", json={"worker_id": world.worker["w1"]}, headers=org)
    await job_result(client, await client.post(f"{url}/shortlists", json={}, headers=org), org)
    planned = await job_result(
        client, await client.post(f"{url}/timetable", json={}, headers=org), org
    )
    assert planned["count"] == 1
    r = await client.patch(url, json={"slot_plan": TWO_DAYS}, headers=org)
    assert r.status_code == 409 and fields(r) == {"slot_plan"}, r.text
    r = await client.patch(
        url, json={"slots": [{"start": "2026-12-05T09:00:00+07:00", "minutes": 20}]}, headers=org
    )
    assert r.status_code == 409 and fields(r) == {"slots"}
    assert (await client.patch(url, json={"name": "最終"}, headers=org)).json()["name"] == "最終"


async def test_bulk_registration_by_external_id_and_from_a_pool(
    client: httpx.AsyncClient, world: World
) -> None:
    org = world.auth("org")
    eid = await _event(client, world)
    bulk = f"/v1/events/{eid}/workers/bulk"

    body = {"external_ids": ["AG1-000001", "NOPE-1", "AG1-000001", "AG1-000003"]}
    r = await client.post(bulk, json=body, headers=org)
    assert r.status_code == 200, r.text
    done = r.json()
    assert (done["registered"], done["already"], done["matched"], done["total"]) == (2, 0, 2, 2)
    assert done["errors"] == [
        {
            "row": 2,
            "value": "NOPE-1",
            "field": "external_ids",
            "message": "no worker with external id 'NOPE-1'",
        }
    ]
    again = (await client.post(bulk, json=body, headers=org)).json()
    assert (again["registered"], again["already"], again["total"]) == (0, 2, 2)

    # AG2's pool: only its discoverable worker (w2), not the hidden w3 (already registered above).
    pool = {"pool": {"agency_external_id": "AG2", "min_japanese": "N4"}, "max_interviews": 2}
    r = await client.post(bulk, json=pool, headers=org)
    assert r.status_code == 200, r.text
    assert (r.json()["registered"], r.json()["matched"], r.json()["total"]) == (1, 1, 3)
    regs = (await client.get(f"/v1/events/{eid}/workers", headers=org)).json()["data"]
    assert {x["worker_id"]: x["max_interviews"] for x in regs} == {
        world.worker["w1"]: 3,
        world.worker["w2"]: 2,
        world.worker["w3"]: 3,
    }

    for payload, status, field in (
        ({"pool": {"agency_external_id": "AG9"}}, 404, "pool.agency_external_id"),
        ({"external_ids": ["X"], "agency_external_id": "AG9"}, 404, "agency_external_id"),
        ({"pool": {"agency_external_id": "AG2", "min_japanese": "N7"}}, 422, "pool.min_japanese"),
        ({"external_ids": []}, 422, "external_ids"),
        ({"external_ids": ["X"], "max_interviews": 99}, 422, "max_interviews"),
    ):
        r = await client.post(bulk, json=payload, headers=org)
        assert r.status_code == status and field in fields(r), (payload, r.text)
    for who, status in (("e1", 404), ("ag2", 403), ("w1", 403)):
        r = await client.post(bulk, json=body, headers=world.auth(who))
        assert r.status_code == status, (who, r.text)


async def test_plan_preview_says_what_to_do_first_and_what_will_change(
    client: httpx.AsyncClient, world: World
) -> None:
    org = world.auth("org")
    eid = await _event(client, world)
    url = f"/v1/events/{eid}"
    preview = f"{url}/timetable/preview"

    r = await client.post(preview, json={}, headers=org)
    assert r.status_code == 409 and fields(r) == {"employers"}, r.text
    for key, vacancy in (("e1", "v1"), ("e2", "v2")):
        body = {"employer_id": world.employer[key], "vacancy_ids": [world.vacancy[vacancy]]}
        assert (await client.put(f"{url}/employers", json=body, headers=org)).status_code == 200
    r = await client.post(preview, json={}, headers=org)
    assert r.status_code == 409 and fields(r) == {"workers"}
    ids = {"external_ids": ["AG1-000001", "AG1-000002", "AG1-000003"], "max_interviews": 1}
    assert (await client.post(f"{url}/workers/bulk", json=ids, headers=org)).status_code == 200
    r = await client.post(preview, json={}, headers=org)
    assert r.status_code == 409 and fields(r) == {"shortlists"}
    assert "shortlists" in r.json()["detail"]
    await job_result(client, await client.post(f"{url}/shortlists", json={}, headers=org), org)

    first = await job_result(
        client, await client.post(preview, json={"mode": "optimal"}, headers=org), org
    )
    assert first["current"] == 0 and first["interviews"] == first["added"] == first["changes"]
    assert first["interviews"] > 0
    # Nothing was stored by the preview.
    assert (await client.get(f"{url}/timetable", headers=org)).json()["count"] == 0

    planned = await job_result(
        client, await client.post(f"{url}/timetable", json={}, headers=org), org
    )
    assert planned["count"] == first["interviews"]
    booked = {i["worker_id"] for i in planned["data"]}
    regs = (await client.get(f"{url}/workers", headers=org)).json()["data"]
    assert first["workers_without_interview"] == sorted(
        x["worker_id"] for x in regs if x["worker_id"] not in booked
    )

    # One worker leaves: a re-plan keeps the rest and drops only that worker's interviews.
    gone = planned["data"][0]["worker_id"]
    assert (await client.delete(f"{url}/workers/{gone}", headers=org)).status_code == 204
    again = await job_result(
        client, await client.post(preview, json={"replan": True}, headers=org), org
    )
    left = [i for i in planned["data"] if i["worker_id"] != gone]
    assert again["current"] == len(left)
    assert again["unchanged"] == len(left) and again["moved"] == again["dropped"] == 0
    assert again["changes"] == again["added"] == again["interviews"] - len(left)

    for who, status in (("e1", 403), ("ag1", 403), ("w1", 403)):
        r = await client.post(preview, json={}, headers=world.auth(who))
        assert r.status_code == status, (who, r.text)


async def test_participants_are_named_for_the_organiser_and_audited(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    org = world.auth("org")
    eid = await _event(client, world)
    url = f"/v1/events/{eid}"
    body = {"employer_id": world.employer["e1"], "vacancy_ids": [world.vacancy["v1"]]}
    assert (await client.put(f"{url}/employers", json=body, headers=org)).status_code == 200
    ids = {"external_ids": ["AG1-000001", "AG1-000003"]}
    assert (await client.post(f"{url}/workers/bulk", json=ids, headers=org)).status_code == 200

    r = await client.get(f"{url}/participants", headers=org)
    assert r.status_code == 200, r.text
    got = r.json()
    # Participants (the hidden w3 too) by full name, never with contact data.
    assert {w["id"] for w in got["workers"]} == {world.worker["w1"], world.worker["w3"]}
    assert {w["view"] for w in got["workers"]} == {"contact_hidden"}
    assert all(w["full_name"] == "Siti Rahmawati" and not w.get("contact") for w in got["workers"])
    assert [v["vacancy_id"] for v in got["vacancies"]] == [world.vacancy["v1"]]
    assert got["vacancies"][0]["title"]
    assert {(a["external_id"], a["registered_workers"]) for a in got["agencies"]} == {
        ("AG1", 1),
        ("AG2", 1),
    }

    conn = await connect(db_url)
    try:
        audited = await conn.fetch(
            "SELECT worker_id, view FROM audit_log WHERE action = 'event_participants'"
        )
    finally:
        await conn.close()
    assert {(a["worker_id"], a["view"]) for a in audited} == {
        (world.worker["w1"], "contact_hidden"),
        (world.worker["w3"], "contact_hidden"),
    }
    for who, status in (("e1", 403), ("ag1", 403), ("w1", 403)):
        r = await client.get(f"{url}/participants", headers=world.auth(who))
        assert r.status_code == status, (who, r.text)
