"""Matching routes against the fake engine: who may rank what, and how results are rendered."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from matcher.engine.results import WorkerFilters
from tests.api.conftest import Shared, World
from tests.api.fakes import FakeMatchingEngine


# This module runs on one shared database (see conftest.shared): tests create their own objects.
@pytest.fixture
def app(shared: Shared) -> Iterator[FastAPI]:
    engine = shared.app.state.engine
    yield shared.app
    shared.app.state.engine = engine
    engine.ignore_filters = False


@pytest.fixture
def client(shared: Shared) -> httpx.AsyncClient:
    return shared.client


@pytest.fixture
def world(shared: Shared) -> World:
    return shared.world


def _engine(app: FastAPI) -> FakeMatchingEngine:
    engine = app.state.engine
    assert isinstance(engine, FakeMatchingEngine)
    return engine


async def test_employer_matches_are_masked_and_scoped(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    response = await client.get(
        f"/v1/vacancies/{world.vacancy['v1']}/matches?limit=5&lang=ja", headers=world.auth("e1")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["data"]) >= 2
    first = body["data"][0]
    assert set(first) == {"worker", "score", "eligible", "components", "reasons", "gaps", "checks"}
    assert first["worker"]["view"] == "masked"
    assert first["reasons"] == ["reason in ja"]
    assert first["checks"][0]["status"] == "met"
    assert all(m["worker"]["view"] == "masked" for m in body["data"])
    ids = {m["worker"]["id"] for m in body["data"]}
    assert {world.worker["w1"], world.worker["w2"]} <= ids and world.worker["w3"] not in ids
    assert _engine(app).calls[-1] == ("match_vacancy", WorkerFilters(discoverable_only=True))


async def test_agency_matches_show_own_workers_in_full(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    response = await client.get(
        f"/v1/vacancies/{world.vacancy['v1']}/matches", headers=world.auth("ag1")
    )
    views = {m["worker"]["id"]: m["worker"]["view"] for m in response.json()["data"]}
    assert views[world.worker["w1"]] == "full"
    assert views[world.worker["w2"]] == "contact_hidden"
    assert world.worker["w3"] not in views
    assert _engine(app).calls[-1][1].visible_to_agency == world.agency["ag1"]


async def test_results_the_caller_may_not_see_are_dropped(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    """Defence in depth: even an engine that ignores the filters cannot leak a hidden worker."""
    _engine(app).ignore_filters = True
    response = await client.post(
        "/v1/search/workers", json={"query": "caregiver"}, headers=world.auth("e1")
    )
    ids = {m["worker"]["id"] for m in response.json()["data"]}
    assert world.worker["w3"] not in ids and ids
    vacancies = await client.post(
        "/v1/search/vacancies", json={"query": "介護"}, headers=world.auth("e1")
    )
    assert {m["vacancy"]["employer_id"] for m in vacancies.json()["data"]} == {world.employer["e1"]}


async def test_recommendations_for_a_worker(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get(
        f"/v1/workers/{world.worker['w1']}/recommendations?lang=id", headers=world.auth("w1")
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert set(world.vacancy.values()) <= {m["vacancy"]["id"] for m in data}
    assert data[0]["reasons"] == ["reason in id"]


async def test_search_limits(client: httpx.AsyncClient, world: World) -> None:
    admin = world.auth("admin")
    too_long = await client.post("/v1/search/workers", json={"query": "x" * 1001}, headers=admin)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "query"
    too_many = await client.post(
        "/v1/search/workers", json={"query": "x", "limit": 201}, headers=admin
    )
    assert too_many.status_code == 422
    unknown = await client.post(
        "/v1/search/workers", json={"query": "x", "filters": {"agency_id": 1}}, headers=admin
    )
    assert unknown.json()["errors"][0]["field"] == "filters.agency_id"


async def test_matching_without_engine_is_503(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    app.state.engine = None
    response = await client.post(
        "/v1/search/vacancies", json={"query": "x"}, headers=world.auth("admin")
    )
    assert response.status_code == 503
    assert response.json()["type"].endswith("/engine-unavailable")
