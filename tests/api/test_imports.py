"""Bulk imports over HTTP: formats, row errors, all-or-nothing, idempotency, limits."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests.api.conftest import Shared, World
from tests.api.fakes import FakeMatchingEngine


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


CSV = (
    "external_id,full_name,birth_date,japanese,ssw_tests,preferred_fields,discoverable\n"
    "CSV-1,Dewi Lestari,1998-01-02,JLPT:N4:2024-07-07,nursing_care:2024-02-01,nursing_care,true\n"
    "CSV-2,Budi,2001-05-06,JLPT:N9,,,true\n"
)


async def test_jsonl_import_is_idempotent_and_refreshes(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    rows = [factories.worker_data(n) for n in range(100, 130)]
    body = "\n".join(json.dumps(r) for r in rows).encode()
    headers = {**world.auth("ag1"), "content-type": "application/x-ndjson"}
    engine = app.state.engine
    assert isinstance(engine, FakeMatchingEngine)
    refreshed = engine.refreshed
    first = await client.post("/v1/imports/workers", content=body, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json() | {"errors": []} == {
        "rows": 30, "created": 30, "updated": 0, "unchanged": 0, "errors": [],
        "error_count": 0, "errors_truncated": False, "stored": True,
    }  # fmt: skip
    assert engine.refreshed == refreshed + 1
    again = (await client.post("/v1/imports/workers", content=body, headers=headers)).json()
    assert (again["created"], again["unchanged"]) == (0, 30)
    assert engine.refreshed == refreshed + 1  # nothing changed: no refresh
    listed = (await client.get("/v1/workers?limit=200", headers=world.auth("ag1"))).json()
    external = {w.get("external_id") for w in listed["data"] if w["view"] == "full"}
    assert {r["external_id"] for r in rows} <= external


async def test_json_array_with_row_errors(client: httpx.AsyncClient, world: World) -> None:
    good = factories.worker_data(200)
    bad = factories.worker_data(201)
    bad["certificates"][0]["expires_on"] = "2020-01-01"
    response = await client.post(
        "/v1/imports/workers?agency=AG7&create_agency=true",
        json=[good, bad, {"external_id": "x\u0000y"}],
        headers=world.auth("admin"),
    )
    report = response.json()
    assert report["created"] == 1
    assert report["errors"][0] == {
        "row": 2,
        "field": "certificates.0",
        "message": "expires_on must be after issued_on",
    }
    assert report["errors"][1]["row"] == 3
    assert "NUL" in report["errors"][1]["message"]


async def test_csv_upload_and_all_or_nothing(client: httpx.AsyncClient, world: World) -> None:
    headers = world.auth("ag1")
    rolled_back = await client.post(
        "/v1/imports/workers?all_or_nothing=true",
        content=CSV.encode(),
        headers={**headers, "content-type": "text/csv"},
    )
    report = rolled_back.json()
    assert report["stored"] is False and report["created"] == 0
    assert report["errors"][0]["row"] == 3 and report["errors"][0]["field"] == "japanese.0.level"
    uploaded = await client.post(
        "/v1/imports/workers",
        files={"file": ("workers.csv", CSV.encode(), "text/csv")},
        headers=headers,
    )
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["created"] + uploaded.json()["unchanged"] == 1


async def test_vacancy_import_for_own_employer(client: httpx.AsyncClient, world: World) -> None:
    own = factories.vacancy_data(300, employer=factories.employer_data(1))
    other = factories.vacancy_data(301, employer=factories.employer_data(2))
    lines = "\n".join(json.dumps(v) for v in (own, other))
    response = await client.post(
        "/v1/imports/vacancies",
        content=lines.encode(),
        headers={**world.auth("e1"), "content-type": "application/x-ndjson"},
    )
    report = response.json()
    assert report["created"] == 1
    assert report["errors"][0]["field"] == "employer.external_id"


async def test_bad_bodies_are_client_errors(client: httpx.AsyncClient, world: World) -> None:
    headers = world.auth("admin")
    wrong_type = await client.post(
        "/v1/imports/workers", content=b"x", headers={**headers, "content-type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    not_utf8 = await client.post(
        "/v1/imports/workers",
        content=b"\xff\xfe{}",
        headers={**headers, "content-type": "application/x-ndjson"},
    )
    assert not_utf8.status_code == 422
    assert not_utf8.json()["type"].endswith("/invalid-input")
    broken_csv = await client.post(
        "/v1/imports/workers",
        content=b"a,a.b\n1,2\n",
        headers={**headers, "content-type": "text/csv"},
    )
    assert broken_csv.status_code == 200
    assert broken_csv.json()["error_count"] == 1
    no_file = await client.post(
        "/v1/imports/workers", files={"other": ("a", b"b")}, headers=headers
    )
    assert no_file.status_code == 422
    assert no_file.json()["errors"][0]["field"] == "file"
