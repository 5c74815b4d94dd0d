"""/v1/me names who the token acts for, /readyz shows loading progress, the match routes take
`order`, and /favicon.ico is served (issue 19)."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.settings import Settings
from tests.api.conftest import Shared, World, api_settings


@pytest.fixture
def client(shared: Shared) -> httpx.AsyncClient:
    return shared.client


@pytest.fixture
def world(shared: Shared) -> World:
    return shared.world


async def _names(db_url: str) -> dict[str, dict[int, str]]:
    conn = await asyncpg.connect(db_url)
    try:
        return {
            table: {
                r["id"]: r["name"]
                for r in await conn.fetch(f"SELECT id, {column} AS name FROM {table}")
            }
            for table, column in (
                ("employers", "name"),
                ("agencies", "name"),
                ("organizers", "name"),
                ("workers", "full_name"),
            )
        }
    finally:
        await conn.close()


async def test_me_gives_the_subject_name(
    client: httpx.AsyncClient, world: World, shared: Shared
) -> None:
    names = await _names(shared.db_url)
    expected_table = {
        "e1": "employers",
        "ag1": "agencies",
        "org": "organizers",
        "w1": "workers",
    }
    for who, table in expected_table.items():
        me = await client.get("/v1/me", headers=world.auth(who))
        assert me.status_code == 200, me.text
        body = me.json()
        assert body["display_name"] == names[table][body["subject_id"]]
        assert body["display_name"] != body["name"]  # the token's label is not who it is
    admin = (await client.get("/v1/me", headers=world.auth("admin"))).json()
    assert admin["role"] == "admin" and admin["display_name"] is None


async def test_order_is_validated_and_accepted(client: httpx.AsyncClient, world: World) -> None:
    base = f"/v1/vacancies/{world.vacancy['v1']}/matches?include_ineligible=true"
    for order in ("eligible_first", "score"):
        r = await client.get(f"{base}&order={order}", headers=world.auth("e1"))
        assert r.status_code == 200, r.text
    bad = await client.get(f"{base}&order=random", headers=world.auth("e1"))
    assert bad.status_code == 422
    assert any("order" in e.get("field", "") for e in bad.json()["errors"]), bad.text
    rec = await client.get(
        f"/v1/workers/{world.worker['w1']}/recommendations?order=score", headers=world.auth("w1")
    )
    assert rec.status_code == 200, rec.text


async def test_favicon_is_served(client: httpx.AsyncClient) -> None:
    r = await client.get("/favicon.ico")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # the ICO header: reserved 0, type 1 (icon)


class _LoadingEngine:
    """An engine still building its index: 30 of 120 objects done."""

    def stats(self) -> dict[str, int | bool | str]:
        return {"ready": False, "build_done": 30, "build_total": 120}

    async def close(self) -> None:
        return None


async def _loading_factory(pool: asyncpg.Pool[Any], settings: Settings) -> Any:
    return _LoadingEngine()


async def test_readyz_reports_progress_while_loading(shared: Shared) -> None:
    settings = Settings.model_validate({"DATABASE_URL": shared.db_url, "pool_max_size": 2})
    app: FastAPI = create_app(
        settings, api_settings=api_settings(), engine_factory=_loading_factory
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
        r = await c.get("/readyz")
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["retry-after"]
    body = r.json()
    assert body["type"].endswith("/not-ready")
    assert body["progress"] == {"done": 30, "total": 120}
    assert "30 of 120" in body["detail"] and "25%" in body["detail"]
