"""Implausible input through HTTP (issue 14, observation 8): refused with a 422 naming the field,
never passed on to PostgreSQL; a stored worker past 70 still reads and ranks."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.settings import Settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import connect
from matcher.storage.workers import WorkerRepository
from tests import factories
from tests.api.conftest import World, api_settings, real_engine_factory
from tests.api.job_polling import run_import
from tests.api.test_basics import assert_problem


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, api_settings=api_settings(), engine_factory=real_engine_factory)


def _only_error(response: httpx.Response) -> tuple[str, str]:
    body = assert_problem(response, 422, "validation")
    assert len(body["errors"]) == 1, body
    error = body["errors"][0]
    return error["field"], error["message"]


async def test_text_with_control_characters_is_refused_by_field(
    client: httpx.AsyncClient, world: World
) -> None:
    ag1, admin = world.auth("ag1"), world.auth("admin")
    nul = await client.post(
        "/v1/workers", json=factories.worker_data(60, summary="tiga\u0000tahun"), headers=ag1
    )
    field, message = _only_error(nul)
    assert field == "summary"
    assert message == "must not contain a NUL character (U+0000); found at character 5"
    assert "database" not in nul.text and "encoding" not in nul.text

    cases: list[tuple[str, str, dict[str, Any], str]] = [
        ("PATCH", f"/v1/workers/{world.worker['w1']}", {"full_name": "Siti \u202eitiS"}, "full_name"),
        ("PATCH", f"/v1/workers/{world.worker['w1']}", {"province": "Jawa\nBarat"}, "province"),
        ("POST", "/v1/employers", factories.employer_data(70, name="Kaigo\u2066"), "name"),
        ("PATCH", f"/v1/employers/{world.employer['e1']}", {"city": "Sen\x00dai"}, "city"),
        (
            "POST",
            "/v1/vacancies",
            factories.vacancy_data(71, employer=None, employer_id=world.employer["e1"])
            | {"title": "介護\x00職員"},
            "title",
        ),
        ("PATCH", f"/v1/vacancies/{world.vacancy['v1']}", {"description": "\x1b[2J"}, "description"),
        ("POST", "/v1/tokens", {"name": "ops\x00", "role": "admin"}, "name"),
        ("POST", "/v1/search/workers", {"query": "care\x00giver"}, "query"),
        ("POST", "/v1/events", {"name": "Fair\u200f", "online": True, "starts_on": "2026-12-05",
                                "slots": [{"start": "2026-12-05T09:00:00+07:00", "minutes": 20}]},
         "name"),
    ]  # fmt: skip
    for method, path, payload, expected in cases:
        response = await client.request(method, path, json=payload, headers=admin)
        field, message = _only_error(response)
        assert (field, message.split(";")[0].startswith("must not contain")) == (expected, True), (
            path,
            response.text,
        )


async def test_implausible_dates_are_refused_and_plausible_ones_kept(
    client: httpx.AsyncClient, world: World
) -> None:
    ag1 = world.auth("ag1")
    future = await client.post(
        "/v1/workers", json=factories.worker_data(61, birth_date="2030-01-01"), headers=ag1
    )
    assert _only_error(future) == (
        "birth_date",
        "must not be in the future (2030-01-01 is after today)",
    )
    child = await client.post(
        "/v1/workers", json=factories.worker_data(62, birth_date="2015-01-01"), headers=ag1
    )
    assert _only_error(child)[0] == "birth_date"
    ahead = await client.post(
        "/v1/workers",
        json=factories.worker_data(
            63, japanese=[{"test": "JLPT", "level": "N4", "passed_on": "2099-07-07"}]
        ),
        headers=ag1,
    )
    assert _only_error(ahead)[0] == "japanese.0.passed_on"
    patched = await client.patch(
        f"/v1/workers/{world.worker['w1']}",
        json={"intern_training": [{"field": "nursing_care", "completed_on": "2099-01-01"}]},
        headers=ag1,
    )
    assert _only_error(patched)[0] == "intern_training.0.completed_on"
    fine = await client.post("/v1/workers", json=factories.worker_data(64), headers=ag1)
    assert fine.status_code == 201, fine.text


async def test_a_stored_worker_past_70_still_reads_and_ranks(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    """Registered at 70, a worker is 71 a year later: the clock must not make the row unreadable
    (stored rows are validated on every read) nor drop the worker from rankings."""
    conn = await connect(db_url)
    try:
        agency = await AgencyRepository(conn).ensure("AG1")
        made = await WorkerRepository(conn).create(
            agency.id, factories.worker(80, birth_date="1950-01-01")
        )
        assert made is not None
    finally:
        await conn.close()
    admin = world.auth("admin")

    read = await client.get(f"/v1/workers/{made.id}", headers=admin)
    assert read.status_code == 200 and read.json()["birth_date"] == "1950-01-01"
    listed = await client.get("/v1/workers?limit=200", headers=admin)
    assert made.id in {w["id"] for w in listed.json()["data"]}
    edited = await client.patch(f"/v1/workers/{made.id}", json={"province": "Bali"}, headers=admin)
    assert edited.status_code == 200, edited.text
    matches = await client.get(
        f"/v1/vacancies/{world.vacancy['v1']}/matches?limit=50", headers=admin
    )
    assert matches.status_code == 200, matches.text
    ranked = {m["worker"]["id"]: m for m in matches.json()["data"]}
    assert made.id in ranked and ranked[made.id]["eligible"]


async def test_an_admin_import_for_an_unknown_agency_is_refused(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    """``?agency=AGI`` (a typo for AG1) once created agency AGI and filed the rows under it."""
    response = await client.post(
        "/v1/imports/workers?agency=AGI",
        json=[factories.worker_data(90)],
        headers=world.auth("admin"),
    )
    body = assert_problem(response, 422, "invalid-input")
    assert body["errors"][0]["field"] == "agency"
    assert "no agency with external id 'AGI'" in body["detail"]
    assert "AG1" in body["detail"] and "create_agency=true" in body["detail"]
    conn = await connect(db_url)
    try:
        assert await AgencyRepository(conn).by_external_id("AGI") is None
    finally:
        await conn.close()
    known = await run_import(
        client,
        "/v1/imports/workers?agency=AG1",
        world.auth("admin"),
        json=[factories.worker_data(90)],
    )
    assert known["created"] == 1
