"""Company meets sending organisation through HTTP, with the real engine: who may register
agencies, plan, read, set the way of meeting and export (organiser, admin, employer, agency,
another agency, a worker, another organiser), and the problem+json answers to bad input."""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.settings import Settings
from matcher.storage.database import connect
from tests.api.conftest import World, api_settings, issue, real_engine_factory
from tests.api.job_polling import wait_for_job
from tests.api.test_events import EVENT


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, api_settings=api_settings(), engine_factory=real_engine_factory)


async def planned_by_job(
    client: httpx.AsyncClient, url: str, body: dict[str, object], headers: dict[str, str]
) -> dict[str, object]:
    """POST a meeting plan, wait for its job to succeed and return the plan it produced."""
    accepted = await client.post(url, json=body, headers=headers)
    assert accepted.headers["location"].startswith("/v1/jobs/"), accepted.text
    job = await wait_for_job(client, accepted, headers)
    assert (job["kind"], job["state"]) == ("plan_meetings", "succeeded"), job
    result: dict[str, object] = job["result"]
    return result


def field_of(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    return str(errors[0]["field"])


async def test_meetings_access_matrix(client: httpx.AsyncClient, world: World, db_url: str) -> None:
    conn = await connect(db_url)
    try:
        world.tokens["org2"] = await issue(conn, "organizer", subject_external_id="ORG-2")
    finally:
        await conn.close()
    org, admin = world.auth("org"), world.auth("admin")
    r = await client.post("/v1/events", json=EVENT, headers=org)
    assert r.status_code == 201, r.text
    eid = r.json()["id"]
    for key, vacancy in (("e1", "v1"), ("e2", "v2")):
        body = {"employer_id": world.employer[key], "vacancy_ids": [world.vacancy[vacancy]]}
        r = await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)
        assert r.status_code == 200, r.text
    ag1, ag2 = world.agency["ag1"], world.agency["ag2"]
    agencies = {
        "agencies": [
            {"agency_id": ag1, "tables": 1, "present_slots": [1, 2, 3]},
            {"agency_id": ag2, "tables": 2},
        ]
    }
    url = f"/v1/events/{eid}/agencies"
    for who, expected in (("e1", 403), ("ag1", 403), ("w1", 403), ("org2", 404)):
        r = await client.put(url, json=agencies, headers=world.auth(who))
        assert r.status_code == expected, (who, r.text)
    r = await client.put(url, json=agencies, headers=admin)
    assert r.status_code == 200, r.text
    assert [(a["agency_id"], a["tables"], a["present_slots"]) for a in r.json()["data"]] == [
        (ag1, 1, [1, 2, 3]),
        (ag2, 2, None),
    ]
    bad = {"agencies": [{"agency_id": ag1, "present_slots": [42]}]}
    r = await client.put(url, json=bad, headers=org)
    assert (r.status_code, field_of(r)) == (422, "present_slots")
    r = await client.put(url, json={"agencies": [{"agency_id": ag1, "tables": 0}]}, headers=org)
    assert (r.status_code, field_of(r)) == (422, "agencies.0.tables")
    nowhere = {"agencies": [{"agency_id": ag1, "present_slots": []}]}
    r = await client.put(url, json=nowhere, headers=org)
    assert (r.status_code, field_of(r)) == (422, "agencies.0.present_slots")
    for who in ("org", "e1", "ag2", "w1"):
        r = await client.get(url, headers=world.auth(who))
        assert (r.status_code, r.json()["count"]) == (200, 2), who
    assert (await client.get(url, headers=world.auth("org2"))).status_code == 404

    plan = f"/v1/events/{eid}/meetings"
    for who, expected in (("e1", 403), ("ag1", 403), ("w1", 403), ("org2", 404)):
        r = await client.post(plan, json={"mode": "optimal"}, headers=world.auth(who))
        assert r.status_code == expected, (who, r.text)
    r = await client.post(plan, json={"mode": "stable"}, headers=org)
    assert (r.status_code, field_of(r)) == (422, "mode")
    planned: dict[str, Any] = await planned_by_job(
        client, plan, {"mode": "optimal", "replan": False}, org
    )
    # Both agencies have an eligible discoverable worker for both companies' vacancies.
    assert planned["count"] == planned["pairs"] == 4
    assert {(m["employer_id"], m["agency_id"]) for m in planned["data"]} == {
        (world.employer[e], world.agency[a]) for e in ("e1", "e2") for a in ("ag1", "ag2")
    }
    # AG2's hidden worker w3 does not count: one worker each, out of a headcount of two.
    assert all((m["workers"], m["seats"]) == (1, 2) for m in planned["data"])

    # Reading: everyone their own part; workers nothing; another organiser nothing at all.
    r = await client.get(plan, headers=org)
    assert r.json()["count"] == 4
    assert all(m["offers"] is None for m in r.json()["data"])
    r = await client.get(plan, headers=world.auth("e1"))
    mine = r.json()["data"]
    assert len(mine) == 2 and {m["employer_id"] for m in mine} == {world.employer["e1"]}
    assert all(m["offers"] is None for m in mine)
    r = await client.get(plan, headers=world.auth("ag2"))
    theirs = r.json()["data"]
    assert {m["agency_id"] for m in theirs} == {ag2} and len(theirs) == 2
    offered = {w["worker_id"] for m in theirs for o in m["offers"] for w in o["workers"]}
    assert offered == {world.worker["w2"]}
    assert theirs[0]["offers"][0]["title"] and theirs[0]["offers"][0]["headcount"] == 2
    # The agency's page needs no lookups: the category and the company's Japanese name come along.
    offered_vacancy = theirs[0]["offers"][0]["vacancy_id"]
    stored = await client.get(f"/v1/vacancies/{offered_vacancy}", headers=admin)
    assert theirs[0]["offers"][0]["category"] == stored.json()["category"] is not None
    company = await client.get(f"/v1/employers/{theirs[0]['employer_id']}", headers=admin)
    assert theirs[0]["employer_name_ja"] == company.json().get("name_ja")
    assert theirs[0]["offers"][0]["workers"][0]["name"] == "Siti Rahmawati"
    assert (await client.get(plan, headers=world.auth("w1"))).status_code == 403
    assert (await client.get(plan, headers=world.auth("org2"))).status_code == 404
    conn = await connect(db_url)
    try:
        audited = await conn.fetch(
            "SELECT worker_id, role, view FROM audit_log WHERE action = 'event_meetings'"
        )
    finally:
        await conn.close()
    assert [(a["worker_id"], a["role"], a["view"]) for a in audited] == [
        (world.worker["w2"], "agency", "contact_hidden")
    ]

    # The way of meeting: the company (its own only), the organiser; nobody else.
    own = mine[0]["id"]
    other = next(m["id"] for m in planned["data"] if m["employer_id"] == world.employer["e2"])
    link = {"mode": "online", "online_url": "https://meet.example.org/kurikoma"}
    r = await client.patch(f"{plan}/{own}", json=link, headers=world.auth("e1"))
    assert r.status_code == 200, r.text
    assert (r.json()["mode"], r.json()["online_url"]) == ("online", link["online_url"])
    assert (
        await client.patch(f"{plan}/{other}", json=link, headers=world.auth("e1"))
    ).status_code == 404
    assert (
        await client.patch(f"{plan}/{own}", json=link, headers=world.auth("ag1"))
    ).status_code == 403
    assert (
        await client.patch(f"{plan}/{own}", json=link, headers=world.auth("w1"))
    ).status_code == 403
    r = await client.patch(f"{plan}/{other}", json={"mode": "online"}, headers=org)
    assert (r.status_code, field_of(r)) == (422, "mode")
    r = await client.patch(f"{plan}/{other}", json={"online_url": "http://x.example"}, headers=org)
    assert (r.status_code, field_of(r)) == (422, "online_url")
    r = await client.patch(f"{plan}/{other}", json={"online_url": "https://x.example"}, headers=org)
    assert (r.status_code, field_of(r)) == (422, "online_url")  # still in person
    r = await client.patch(f"{plan}/{own}", json={"mode": "in_person"}, headers=org)
    assert (r.json()["mode"], r.json()["online_url"]) == ("in_person", None)

    # Pins: the organiser only, and only for registered pairs.
    pin = f"{plan}/pins/{world.employer['e1']}/{ag1}"
    assert (
        await client.put(pin, json={"pinned": True}, headers=world.auth("e1"))
    ).status_code == 403
    assert (await client.put(pin, json={"pinned": True}, headers=org)).status_code == 204
    unknown = f"{plan}/pins/{world.employer['e1']}/999999"
    r = await client.put(unknown, json={"pinned": True}, headers=org)
    assert (r.status_code, field_of(r)) == (404, "agency_id")
    replanned: dict[str, Any] = await planned_by_job(
        client, plan, {"mode": "optimal", "replan": True}, org
    )
    assert replanned["kept"] == 4
    assert any(m["pinned"] for m in replanned["data"])

    # Exports: CSV with a BOM, the caller's part only; printable HTML.
    r = await client.get(f"{plan}/exports/employer", headers=world.auth("e1"))
    assert r.status_code == 200 and r.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {row["employer_id"] for row in rows} == {str(world.employer["e1"])} and len(rows) == 2
    r = await client.get(f"{plan}/exports/agency", headers=world.auth("ag1"))
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {row["agency_id"] for row in rows} == {str(ag1)} and len(rows) == 2
    r = await client.get(f"{plan}/exports/html", headers=org)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "送り出し機関" in r.text
    assert (await client.get(f"{plan}/exports/agency", headers=world.auth("w1"))).status_code == 403
    r = await client.get(f"{plan}/exports/pdf", headers=org)
    assert (r.status_code, field_of(r)) == (422, "path.kind")

    # Pins that cannot all be placed fail the job, with the reason in the reader's language.
    one_slot = {
        "agencies": [
            {"agency_id": ag1, "tables": 1, "present_slots": [1]},
            {"agency_id": ag2, "tables": 2},
        ]
    }
    assert (await client.put(url, json=one_slot, headers=org)).status_code == 200
    for key in ("e1", "e2"):
        pin_both = f"{plan}/pins/{world.employer[key]}/{ag1}"
        assert (await client.put(pin_both, json={"pinned": True}, headers=org)).status_code == 204
    accepted = await client.post(plan, json={"mode": "optimal", "replan": True}, headers=org)
    failed = await wait_for_job(client, accepted, {**org, "Accept-Language": "ja"})
    assert failed["state"] == "failed", failed
    assert [e["code"] for e in failed["errors"]] == ["pins_infeasible"]
    assert failed["errors"][0]["message"].startswith("失敗しました: 固定した面談")

    # Removing an agency removes its meetings.
    only_ag2 = {"agencies": [{"agency_id": ag2, "tables": 2}]}
    assert (await client.put(url, json=only_ag2, headers=org)).status_code == 200
    r = await client.get(plan, headers=org)
    assert {m["agency_id"] for m in r.json()["data"]} == {ag2}
