"""What each audience sees of a worker, disclosures, and the audit log of the reads of full and
contact-hidden views (masked views are not audited: docs/api.md, "Audit")."""

from __future__ import annotations

import itertools

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests.api.conftest import Shared, World
from tests.api.job_polling import job_result


# This module runs on one shared database (see conftest.shared): tests create their own objects.
@pytest.fixture
def app(shared: Shared) -> FastAPI:
    return shared.app


@pytest.fixture
def client(shared: Shared) -> httpx.AsyncClient:
    return shared.client


@pytest.fixture
def world(shared: Shared) -> World:
    return shared.world


_serial = itertools.count(5000)


async def _new_worker(client: httpx.AsyncClient, world: World, **overrides: object) -> int:
    created = await client.post(
        "/v1/workers",
        json=factories.worker_data(next(_serial), **overrides),
        headers=world.auth("ag1"),
    )
    assert created.status_code == 201, created.text
    worker_id: int = created.json()["id"]
    return worker_id


async def _worker_token(client: httpx.AsyncClient, world: World, worker_id: int) -> dict[str, str]:
    created = await client.post(
        "/v1/tokens",
        json={"name": "w", "role": "worker", "subject_id": worker_id},
        headers=world.auth("admin"),
    )
    return {"Authorization": f"Bearer {created.json()['token']}"}


MASKED_KEYS = {
    "view", "id", "display_name", "age", "province", "summary", "japanese", "certificates",
    "ssw_tests", "intern_training", "licences", "experience", "ssw1_months_used",
    "preferred_fields", "preferred_prefectures", "available_from",
}  # fmt: skip


async def _audit(
    client: httpx.AsyncClient, world: World, worker_id: int
) -> list[dict[str, object]]:
    response = await client.get(f"/v1/audit?worker_id={worker_id}", headers=world.auth("admin"))
    assert response.status_code == 200, response.text
    data: list[dict[str, object]] = response.json()["data"]
    return data


async def test_employer_sees_masked_until_disclosed(
    client: httpx.AsyncClient, world: World
) -> None:
    worker_id = await _new_worker(client, world)
    url = f"/v1/workers/{worker_id}"
    masked = (await client.get(url, headers=world.auth("e1"))).json()
    assert masked["view"] == "masked"
    assert set(masked) <= MASKED_KEYS
    assert masked["display_name"] == "Siti R."
    assert isinstance(masked["age"], int) and masked["age"] >= 25
    for secret in ("full_name", "birth_date", "contact", "external_id", "agency_id"):
        assert secret not in masked
    assert "number" not in masked["certificates"][0]
    created_only = await _audit(client, world, worker_id)
    assert [(e["role"], e["action"]) for e in created_only] == [("agency", "create")]

    consent = await client.post(
        f"{url}/consents",
        json={
            "purpose": "contact_sharing",
            "scope": "employer",
            "employer_id": world.employer["e1"],
        },
        headers=await _worker_token(client, world, worker_id),
    )
    assert consent.status_code == 201, consent.text
    full = (await client.get(url, headers=world.auth("e1"))).json()
    assert full["view"] == "full"
    assert full["full_name"] == "Siti Rahmawati"
    assert full["contact"]["email"].endswith("@example.org")
    assert (await client.get(url, headers=world.auth("e2"))).json()["view"] == "masked"
    entries = await _audit(client, world, worker_id)
    assert [(e["role"], e["action"]) for e in entries][1:] == [("employer", "read")]


async def test_other_agency_sees_no_contact(client: httpx.AsyncClient, world: World) -> None:
    url = f"/v1/workers/{world.worker['w1']}"
    seen = (await client.get(url, headers=world.auth("ag2"))).json()
    assert seen["view"] == "contact_hidden"
    assert seen.get("contact") is None
    assert seen["full_name"] == "Siti Rahmawati"
    own = (await client.get(url, headers=world.auth("ag1"))).json()
    assert own["view"] == "full" and own["contact"]["phone"]


async def test_full_reads_are_audited_except_by_the_worker(
    client: httpx.AsyncClient, world: World
) -> None:
    worker_id = await _new_worker(client, world)
    url = f"/v1/workers/{worker_id}"
    own = await _worker_token(client, world, worker_id)
    await client.get(url, headers=own)
    await client.patch(url, json={"summary": "Perawat lansia"}, headers=own)
    assert len(await _audit(client, world, worker_id)) == 1  # the agency's create
    await client.get(url, headers=world.auth("ag1"))
    await client.get(url, headers=world.auth("admin"))
    await client.get("/v1/workers?limit=200", headers=world.auth("ag1"))
    await client.get(url, headers=world.auth("e1"))  # masked: not a full read
    entries = (await _audit(client, world, worker_id))[1:]
    assert [(e["role"], e["action"], e["view"]) for e in entries] == [
        ("agency", "read", "full"),
        ("admin", "read", "full"),
        ("agency", "list", "full"),
    ]
    first = entries[0]["at"]
    later = await client.get(
        "/v1/audit",
        params={"worker_id": worker_id, "after": str(first)},
        headers=world.auth("admin"),
    )
    assert len(later.json()["data"]) <= 2


async def test_contact_hidden_reads_by_another_agency_are_audited_with_their_view(
    client: httpx.AsyncClient, world: World
) -> None:
    worker_id = await _new_worker(client, world)
    url = f"/v1/workers/{worker_id}"
    ag2 = world.auth("ag2")
    assert (await client.get(url, headers=ag2)).json()["view"] == "contact_hidden"
    listed = (await client.get("/v1/workers?limit=200", headers=ag2)).json()["data"]
    assert {x["view"] for x in listed if x["id"] == worker_id} == {"contact_hidden"}
    found = await client.post(
        "/v1/search/workers", json={"query": "caregiver", "limit": 200}, headers=ag2
    )
    assert found.status_code == 200, found.text
    assert worker_id in {m["worker"]["id"] for m in found.json()["data"]}
    matched = await client.get(
        f"/v1/vacancies/{world.vacancy['v1']}/matches?limit=200", headers=ag2
    )
    assert worker_id in {m["worker"]["id"] for m in matched.json()["data"]}
    entries = await _audit(client, world, worker_id)
    assert [(e["role"], e["subject_id"], e["action"], e["view"]) for e in entries] == [
        ("agency", world.agency["ag1"], "create", "full"),
        ("agency", world.agency["ag2"], "read", "contact_hidden"),
        ("agency", world.agency["ag2"], "list", "contact_hidden"),
        ("agency", world.agency["ag2"], "search", "contact_hidden"),
        ("agency", world.agency["ag2"], "match", "contact_hidden"),
    ]
    unfiltered = (await client.get("/v1/audit?limit=200", headers=world.auth("admin"))).json()
    assert {e["view"] for e in unfiltered["data"]} <= {"full", "contact_hidden"}


async def test_masked_reads_are_not_audited_and_disclosed_ones_are(
    client: httpx.AsyncClient, world: World
) -> None:
    worker_id = await _new_worker(client, world)
    url = f"/v1/workers/{worker_id}"
    for who in ("e1", "org"):
        assert (await client.get(url, headers=world.auth(who))).json()["view"] == "masked"
        await client.get("/v1/workers?limit=200", headers=world.auth(who))
        await client.post(
            "/v1/search/workers", json={"query": "caregiver"}, headers=world.auth(who)
        )
    assert [e["action"] for e in await _audit(client, world, worker_id)] == ["create"]
    given = await client.post(
        f"{url}/consents",
        json={
            "purpose": "contact_sharing",
            "scope": "employer",
            "employer_id": world.employer["e1"],
            "form_reference": "AG1-FORM-0001",
        },
        headers=world.auth("ag1"),
    )
    assert given.status_code == 201, given.text
    assert (await client.get(url, headers=world.auth("e1"))).json()["view"] == "full"
    entries = await _audit(client, world, worker_id)
    assert [(e["role"], e["action"], e["view"]) for e in entries[1:]] == [
        ("employer", "read", "full")
    ]
    assert entries[1]["consent_id"] == given.json()["id"]


EVENT = factories.small_event_data("Audit event")


async def test_organiser_reads_of_event_participants_are_audited(
    client: httpx.AsyncClient, world: World
) -> None:
    """Organisers see their event's participants with contact data hidden: audited as such."""
    worker_id = await _new_worker(client, world)
    org = world.auth("org")
    created = await client.post("/v1/events", json=EVENT, headers=org)
    assert created.status_code == 201, created.text
    eid = created.json()["id"]
    body = {"employer_id": world.employer["e1"], "vacancy_ids": [world.vacancy["v1"]]}
    r = await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)
    assert r.status_code == 200, r.text
    r = await client.put(
        f"/v1/events/{eid}/workers", json={"worker_id": worker_id}, headers=world.auth("ag1")
    )
    assert r.status_code == 200, r.text
    await job_result(
        client, await client.post(f"/v1/events/{eid}/shortlists", json={}, headers=org), org
    )
    listed = (await client.get(f"/v1/events/{eid}/shortlists", headers=org)).json()["data"]
    assert {x["worker"]["view"] for x in listed if x["worker"]["id"] == worker_id} == {
        "contact_hidden"
    }
    entries = await _audit(client, world, worker_id)
    assert ("organizer", "event_shortlist", "contact_hidden") in {
        (e["role"], e["action"], e["view"]) for e in entries
    }
