"""Service basics: health, problems, tokens, CRUD, PATCH merging, pagination, limits."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.settings import Settings
from tests import factories
from tests.api.conftest import Shared, World, api_settings, fake_engine_factory

PROBLEM = "application/problem+json"


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


@pytest.fixture
def settings(shared: Shared) -> Settings:
    """Settings for extra apps on the shared database (other limits, no engine)."""
    return Settings.model_validate({"DATABASE_URL": shared.db_url, "pool_max_size": 2})


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["type"] == f"https://ssw-matcher.dev/problems/{code}"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


async def test_health_ready_and_metrics(client: httpx.AsyncClient, world: World) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["engine"]["ready"] is True
    await client.get(f"/v1/workers/{world.worker['w1']}", headers=world.auth("admin"))
    text = (await client.get("/metrics")).text
    assert 'route="/v1/workers/{worker_id}"' in text
    assert 'matcher_engine_stat{name="workers_indexed"} 3.0' in text


async def test_readyz_without_engine(settings: Settings) -> None:
    app = create_app(settings, api_settings=api_settings(), engine_factory=None)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        assert_problem(await client.get("/readyz"), 503, "not-ready")
        assert (await client.get("/healthz")).status_code == 200


async def test_missing_unknown_and_revoked_tokens(client: httpx.AsyncClient, world: World) -> None:
    body = assert_problem(await client.get("/v1/workers"), 401, "unauthenticated")
    assert "bearer" in body["detail"].lower()
    bad = {"Authorization": "Bearer sswm_nope"}
    response = await client.get("/v1/workers", headers=bad)
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")

    created = await client.post(
        "/v1/tokens",
        json={"name": "short", "role": "agency", "subject_external_id": "AG9"},
        headers=world.auth("admin"),
    )
    assert created.status_code == 201, created.text
    token = created.json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    assert (await client.get("/v1/me", headers=headers)).json()["role"] == "agency"
    listed = (await client.get("/v1/tokens", headers=world.auth("admin"))).json()
    assert all("token" not in t and "token_hash" not in t for t in listed["data"])
    assert (
        await client.delete(f"/v1/tokens/{token['id']}", headers=world.auth("admin"))
    ).status_code == 204
    body = assert_problem(await client.get("/v1/me", headers=headers), 401, "unauthenticated")
    assert "revoked" in body["detail"]
    assert_problem(
        await client.delete("/v1/tokens/999999", headers=world.auth("admin")), 404, "not-found"
    )


async def test_expired_token(client: httpx.AsyncClient, world: World, shared: Shared) -> None:
    from matcher.storage.database import connect

    created = await client.post(
        "/v1/tokens",
        json={"name": "soon", "role": "admin", "expires_in_days": 1},
        headers=world.auth("admin"),
    )
    conn = await connect(shared.db_url)
    try:
        await conn.execute(
            "UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1",
            created.json()["id"],
        )
    finally:
        await conn.close()
    headers = {"Authorization": f"Bearer {created.json()['token']}"}
    body = assert_problem(await client.get("/v1/me", headers=headers), 401, "unauthenticated")
    assert "expired" in body["detail"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "x", "role": "employer"}, "subject_id"),
        ({"name": "x", "role": "admin", "subject_id": 1}, "subject_id"),
        ({"name": "x", "role": "worker", "subject_id": 999999}, "subject_id"),
        ({"name": "x", "role": "employer", "subject_external_id": "E-1"}, "subject_external_id"),
        ({"name": "x", "role": "king"}, "role"),
    ],
)
async def test_token_subject_rules(
    client: httpx.AsyncClient, world: World, payload: dict[str, Any], field: str
) -> None:
    response = await client.post("/v1/tokens", json=payload, headers=world.auth("admin"))
    body = assert_problem(response, 422, "validation" if field == "role" else "invalid-input")
    assert body["errors"][0]["field"] == field


async def test_worker_crud_roundtrip(client: httpx.AsyncClient, world: World) -> None:
    admin = world.auth("admin")
    created = await client.post(
        "/v1/workers?agency=AG1", json=factories.worker_data(50), headers=admin
    )
    assert created.status_code == 201, created.text
    worker = created.json()
    assert worker["id"] > 0 and worker["view"] == "full"
    assert worker["agency_id"] == world.agency["ag1"]
    assert worker["certificates"][0]["number"] == "62090 2513 3 0000050 2024"

    again = await client.post(
        "/v1/workers?agency=AG1", json=factories.worker_data(50), headers=admin
    )
    assert_problem(again, 409, "conflict")

    patched = await client.patch(
        f"/v1/workers/{worker['id']}", json={"province": "Bali", "summary": None}, headers=admin
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["province"] == "Bali"
    assert "summary" not in patched.json() or patched.json()["summary"] is None
    assert patched.json()["full_name"] == "Siti Rahmawati"
    assert patched.json()["version"] == 2

    bad = await client.patch(
        f"/v1/workers/{worker['id']}",
        json={
            "certificates": [
                {**factories.worker_data()["certificates"][0], "expires_on": "2020-01-01"}
            ]
        },
        headers=admin,
    )
    body = assert_problem(bad, 422, "validation")
    assert body["errors"][0]["field"] == "certificates.0"
    missing = await client.patch(
        f"/v1/workers/{worker['id']}", json={"full_name": None}, headers=admin
    )
    assert assert_problem(missing, 422, "validation")["errors"][0]["field"] == "full_name"
    taken = await client.patch(
        f"/v1/workers/{worker['id']}", json={"external_id": "AG1-000001"}, headers=admin
    )
    assert_problem(taken, 409, "conflict")

    assert (await client.delete(f"/v1/workers/{worker['id']}", headers=admin)).status_code == 204
    assert_problem(await client.get(f"/v1/workers/{worker['id']}", headers=admin), 404, "not-found")


async def test_validation_problem_names_nested_field(
    client: httpx.AsyncClient, world: World
) -> None:
    data = factories.worker_data(60)
    data["certificates"][0]["kkni_level"] = 12
    response = await client.post("/v1/workers", json=data, headers=world.auth("admin"))
    body = assert_problem(response, 422, "validation")
    assert body["errors"][0]["field"] == "certificates.0.kkni_level"
    not_json = await client.post(
        "/v1/workers",
        content=b"{nope",
        headers={**world.auth("admin"), "content-type": "application/json"},
    )
    assert_problem(not_json, 422, "validation")


async def test_employer_and_vacancy_crud(client: httpx.AsyncClient, world: World) -> None:
    admin = world.auth("admin")
    employer = await client.post("/v1/employers", json=factories.employer_data(30), headers=admin)
    assert employer.status_code == 201
    assert_problem(
        await client.post("/v1/employers", json=factories.employer_data(30), headers=admin),
        409,
        "conflict",
    )
    vacancy = await client.post("/v1/vacancies", json=factories.vacancy_data(77), headers=admin)
    assert vacancy.status_code == 201, vacancy.text
    v = vacancy.json()
    embedded = await client.get(f"/v1/employers/{v['employer_id']}", headers=admin)
    assert embedded.json()["external_id"] == "E-7"  # created on the fly from the embedded profile
    patched = await client.patch(
        f"/v1/vacancies/{v['id']}",
        json={"requirements": {"japanese": "N3"}, "status": "closed"},
        headers=admin,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["requirements"]["japanese"] == "N3"
    assert patched.json()["requirements"]["certificates"] == ["Caregiver"]
    assert patched.json()["status"] == "closed"
    bad = await client.patch(
        f"/v1/vacancies/{v['id']}", json={"ssw_field": "astronaut"}, headers=admin
    )
    assert assert_problem(bad, 422, "validation")["errors"][0]["field"] == "ssw_field"
    assert (await client.delete(f"/v1/vacancies/{v['id']}", headers=admin)).status_code == 204
    e = employer.json()
    renamed = await client.patch(f"/v1/employers/{e['id']}", json={"name": "New"}, headers=admin)
    assert renamed.json()["name"] == "New"
    assert (await client.delete(f"/v1/employers/{e['id']}", headers=admin)).status_code == 204


async def test_pagination_with_opaque_cursor(client: httpx.AsyncClient, world: World) -> None:
    admin = world.auth("admin")
    seen: list[int] = []
    url = "/v1/workers?limit=2"
    while True:
        page = (await client.get(url, headers=admin)).json()
        assert page["count"] == len(page["data"])
        seen.extend(w["id"] for w in page["data"])
        if page["next_cursor"] is None:
            break
        url = f"/v1/workers?limit=2&cursor={page['next_cursor']}"
    assert seen == sorted(set(seen))
    assert set(world.worker.values()) <= set(seen)
    body = assert_problem(
        await client.get("/v1/workers?cursor=garbage", headers=admin), 422, "invalid-input"
    )
    assert body["errors"][0]["field"] == "cursor"
    assert_problem(await client.get("/v1/workers?limit=201", headers=admin), 422, "validation")


async def test_body_size_limit(settings: Settings, world: World) -> None:
    app = create_app(
        settings, api_settings=api_settings(max_body_bytes=2000), engine_factory=fake_engine_factory
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        data = factories.worker_data(70, summary="x" * 3000)
        response = await client.post("/v1/workers", json=data, headers=world.auth("admin"))
        assert_problem(response, 413, "payload-too-large")

        async def chunks() -> Any:
            yield b'{"external_id": "' + b"x" * 5000 + b'"}'

        streamed = await client.post(
            "/v1/workers",
            content=chunks(),
            headers={**world.auth("admin"), "content-type": "application/json"},
        )
        assert_problem(streamed, 413, "payload-too-large")


async def test_rate_limit_answers_429_with_retry_after(settings: Settings, world: World) -> None:
    app = create_app(
        settings,
        api_settings=api_settings(rate_limit_per_minute=6, rate_limit_burst=2),
        engine_factory=None,
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        statuses = [
            (await client.get("/v1/me", headers=world.auth("ag1"))).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 429]
        limited = await client.get("/v1/me", headers=world.auth("ag1"))
        assert_problem(limited, 429, "rate-limited")
        assert int(limited.headers["retry-after"]) >= 1
        # Buckets are per token: another token is not affected.
        assert (await client.get("/v1/me", headers=world.auth("ag2"))).status_code == 200


async def test_unknown_route_and_method_are_problems(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/nothing"), 404, "not-found")
    assert_problem(await client.put("/v1/workers"), 405, "method-not-allowed")


async def test_unhandled_error_is_a_500_problem(app: FastAPI, client: httpx.AsyncClient) -> None:
    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("kaboom")

    body = assert_problem(await client.get("/boom"), 500, "internal")
    assert "kaboom" not in body["detail"]
