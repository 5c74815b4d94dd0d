"""``POST /v1/admin/reencode``: admins only, the embedder checked by name, a 202 with a job that
stores the vectors a server switched to that embedder starts from."""

from __future__ import annotations

from typing import Any

import httpx

from matcher.engine import MatchingEngine
from matcher.settings import Settings
from matcher.storage.database import create_pool
from tests.api.conftest import World
from tests.api.job_polling import wait_for_job

PROBLEM = "https://ssw-matcher.dev/problems/"
URL = "/v1/admin/reencode"


async def test_an_admin_gets_a_job_whose_vectors_a_switched_engine_starts_from(
    client: httpx.AsyncClient, world: World, settings: Settings, db_url: str
) -> None:
    admin = world.auth("admin")
    accepted = await client.post(URL, json={"embedder": "fake", "model": "16"}, headers=admin)
    assert accepted.status_code == 202, accepted.text
    body = accepted.json()
    assert body["kind"] == "reencode" and body["state"] in ("queued", "running")
    assert accepted.headers["location"] == f"/v1/jobs/{body['id']}"
    job = await wait_for_job(client, accepted, admin)
    assert job["state"] == "succeeded", job
    # The seeded world: three workers, two vacancies, none encoded for fake-16 before.
    assert job["result"] == {
        "model_id": "fake-16",
        "workers": {"encoded": 3, "reused": 0},
        "vacancies": {"encoded": 2, "reused": 0},
    }
    assert job["progress"] == {"done": 5, "total": 5}
    # The job is the admins' own: an agency does not see it.
    assert (
        await client.get(accepted.headers["location"], headers=world.auth("ag1"))
    ).status_code == 404

    pool = await create_pool(db_url, min_size=1, max_size=2)
    try:
        switched = settings.model_copy(update={"embedder": "fake", "embedder_model": "16"})
        engine = await MatchingEngine.start(pool, switched)
        try:
            assert engine.stats()["texts_encoded"] == 0
        finally:
            await engine.close()
    finally:
        await pool.close()


async def test_anyone_but_an_admin_is_refused(client: httpx.AsyncClient, world: World) -> None:
    for who in ("ag1", "ag2", "e1", "e2", "w1", "org"):
        refused = await client.post(URL, json={"embedder": "fake"}, headers=world.auth(who))
        assert refused.status_code == 403, (who, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"] == PROBLEM + "forbidden", refused.json()
    assert (await client.post(URL, json={"embedder": "fake"})).status_code == 401


async def test_an_unknown_embedder_is_a_422_naming_it(
    client: httpx.AsyncClient, world: World
) -> None:
    admin = world.auth("admin")
    bodies: list[tuple[dict[str, Any], str]] = [
        ({"embedder": "word2vec"}, "embedder"),
        ({}, "embedder"),
        ({"embedder": "fake", "model": ""}, "model"),
        ({"embedder": "fake", "model": "large"}, "model"),
        ({"embedder": "use-multilingual", "model": "LaBSE"}, "model"),
        ({"embedder": "fake", "threads": 8}, "threads"),
    ]
    for body, field in bodies:
        refused = await client.post(URL, json=body, headers=admin)
        assert refused.status_code == 422, (body, refused.text)
        fields = [e["field"] for e in refused.json()["errors"]]
        assert fields == [field], (body, fields)
