"""Erasure leaves no trace: every table, the in-memory index and the snapshot files are searched
for the erased person's name, contact data, external id, certificate number and numeric id
(docs/privacy.md, "Erasure").

The search is driven by ``information_schema``: every text, varchar, json, jsonb and array
column of every table in the schema, so a table added later is searched too. Numeric ids are
compared in the columns that hold worker ids (by name: ``worker_id``; ``subject_id`` of rows
acting as a worker; ``change_log.entity_id`` of worker entries). Before erasing, the same
search must find the person: a search that finds nothing anywhere proves nothing.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import numpy as np
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.engine import MatchingEngine
from matcher.index import VectorIndex
from matcher.settings import Settings
from tests import factories
from tests.api.conftest import World, api_settings, real_engine_factory
from tests.api.job_polling import job_result, run_import, wait_for_job

NAME = "Ratna Kusumawardani"
EXTERNAL_ID = "AG1-ERASE-77"
EMAIL = "ratna.kusuma@example.org"
PHONE = "+62 811 2222 3333"
CERT = "62090 2513 3 9988776 2024"
SUMMARY = "Perawat lansia berpengalaman di panti Sukamaju, teliti dan sabar."

EVENT = factories.small_event_data("Erasure event")


def _person() -> dict[str, Any]:
    data = factories.worker_data(
        77,
        external_id=EXTERNAL_ID,
        full_name=NAME,
        summary=SUMMARY,
        contact={"email": EMAIL, "phone": PHONE},
    )
    data["certificates"][0]["number"] = CERT
    return data


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings.model_validate(
        {
            "DATABASE_URL": db_url,
            "pool_max_size": 4,
            "embedder": "fake",
            "data_dir": str(tmp_path / "var"),
        }
    )


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, api_settings=api_settings(), engine_factory=real_engine_factory)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            yield c


async def _text_columns(conn: asyncpg.Connection) -> list[tuple[str, str]]:
    rows = await conn.fetch(
        """SELECT c.table_name, c.column_name FROM information_schema.columns c
           JOIN information_schema.tables t
             ON t.table_schema = c.table_schema AND t.table_name = c.table_name
           WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
             AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb',
                                  'ARRAY', 'USER-DEFINED'))
           ORDER BY 1, 2"""
    )
    return [(r["table_name"], r["column_name"]) for r in rows]


async def _traces(conn: asyncpg.Connection, needles: list[str]) -> list[str]:
    """``table.column: needle`` for every text-like cell containing one of ``needles``."""
    found: list[str] = []
    for table, column in await _text_columns(conn):
        for needle in needles:
            hits = await conn.fetchval(
                f'SELECT count(*) FROM "{table}" WHERE strpos("{column}"::text, $1) > 0', needle
            )
            if hits:
                found.append(f"{table}.{column}: {needle!r} x{hits}")
    return found


async def _id_traces(conn: asyncpg.Connection, worker_id: int) -> list[str]:
    """Columns that hold worker ids and still hold this one."""
    found: list[str] = []
    columns = await conn.fetch(
        """SELECT c.table_name, c.column_name FROM information_schema.columns c
           JOIN information_schema.tables t
             ON t.table_schema = c.table_schema AND t.table_name = c.table_name
           WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
             AND c.column_name = 'worker_id'"""
    )
    assert len(columns) >= 8, columns  # certificates, embeddings, consents, events, audit ...
    for r in columns:
        hits = await conn.fetchval(
            f'SELECT count(*) FROM "{r["table_name"]}" WHERE worker_id = $1', worker_id
        )
        if hits:
            found.append(f"{r['table_name']}.worker_id x{hits}")
    for table in ("api_tokens", "audit_log"):
        hits = await conn.fetchval(
            f"SELECT count(*) FROM {table} WHERE role = 'worker' AND subject_id = $1", worker_id
        )
        if hits:
            found.append(f"{table}.subject_id x{hits}")
    # The change log keeps the one ``delete`` entry every server process needs to drop the
    # person from its index (the number alone; docs/privacy.md says so). Anything else fails.
    ops = await conn.fetch(
        "SELECT op FROM change_log WHERE entity = 'worker' AND entity_id = $1", worker_id
    )
    if [r["op"] for r in ops] not in ([], ["delete"]):
        found.append(f"change_log: {[r['op'] for r in ops]}")
    return found


def _snapshot_traces(directory: Path, worker_id: int, vector: np.ndarray) -> list[str]:
    found: list[str] = []
    files = sorted(directory.iterdir())
    assert any(f.suffix == ".faiss" for f in files), files
    for path in files:
        blob = path.read_bytes()
        for needle in (NAME, EXTERNAL_ID, EMAIL, CERT, SUMMARY[:20]):
            if needle.encode() in blob:
                found.append(f"{path.name}: {needle!r}")
        if path.name.startswith("workers-") and path.suffix == ".faiss":
            model_id = json.loads(blob[16 : 16 + int.from_bytes(blob[8:16], "little")])["model_id"]
            index, _ = VectorIndex.load(path, model_id)
            if index.tombstones:
                found.append(f"{path.name}: {index.tombstones} dead slots (old vectors)")
            if worker_id in index.ids().tolist():
                found.append(f"{path.name}: id {worker_id}")
            if len(index):
                best = index.search_one(vector, 1)
                if best and best[0].score > 0.9999:
                    found.append(f"{path.name}: the person's vector (score {best[0].score})")
    return found


async def _prepare(client: httpx.AsyncClient, world: World) -> tuple[int, dict[str, str], int]:
    """The person with every kind of row: consents, an event registration, a shortlist, a
    pin, an accepted interview with an outcome, reads by an employer, a token."""
    ag1, org, e1 = world.auth("ag1"), world.auth("org"), world.auth("e1")
    made = await client.post("/v1/workers", json=_person(), headers=ag1)
    assert made.status_code == 201, made.text
    worker_id: int = made.json()["id"]
    token = await client.post(
        "/v1/tokens",
        json={"name": f"token of {NAME}", "role": "worker", "subject_id": worker_id},
        headers=world.auth("admin"),
    )
    own = {"Authorization": f"Bearer {token.json()['token']}"}
    consent = {"purpose": "contact_sharing", "scope": "all_employers"}
    assert (
        await client.post(f"/v1/workers/{worker_id}/consents", json=consent, headers=own)
    ).status_code == 201
    eid = (await client.post("/v1/events", json=EVENT, headers=org)).json()["id"]
    body = {"employer_id": world.employer["e1"], "vacancy_ids": [world.vacancy["v1"]]}
    assert (await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)).is_success
    assert (
        await client.put(f"/v1/events/{eid}/workers", json={"worker_id": worker_id}, headers=ag1)
    ).is_success
    await job_result(
        client, await client.post(f"/v1/events/{eid}/shortlists", json={}, headers=org), org
    )
    pin = f"/v1/events/{eid}/shortlists/{world.vacancy['v1']}/{worker_id}"
    assert (await client.put(pin, json={"decision": "pin"}, headers=org)).status_code == 204
    planned = await job_result(
        client, await client.post(f"/v1/events/{eid}/timetable", json={}, headers=org), org
    )
    interview = next(i["id"] for i in planned["data"] if i["worker_id"] == worker_id)
    accept = f"/v1/workers/{worker_id}/interviews/{interview}/acceptance"
    assert (await client.put(accept, headers=own)).status_code == 200
    outcome = f"/v1/events/{eid}/interviews/{interview}/outcome"
    assert (await client.put(outcome, json={"status": "passed"}, headers=e1)).is_success
    assert (await client.get(f"/v1/workers/{worker_id}", headers=e1)).json()["view"] == "full"
    assert (await client.get(f"/v1/events/{eid}/exports/employer", headers=e1)).status_code == 200
    return worker_id, own, eid


async def test_erasure_leaves_no_trace_in_tables_index_or_snapshots(
    app: FastAPI, client: httpx.AsyncClient, world: World, db_url: str, settings: Settings
) -> None:
    worker_id, own, _ = await _prepare(client, world)
    engine = app.state.engine
    assert isinstance(engine, MatchingEngine)
    await engine.refresh()
    assert engine.state.workers.contains(worker_id)
    vector = engine.state.workers.vector(worker_id)
    assert vector is not None
    await engine.save_snapshots()
    needles = [NAME, EXTERNAL_ID, EMAIL, PHONE, CERT, SUMMARY]
    conn = await asyncpg.connect(db_url)
    try:
        # The search works: before erasure it finds the person in many places.
        before = await _traces(conn, needles)
        tables = {t.split(".")[0] for t in before}
        assert {"workers", "certificates", "api_tokens"} <= tables, before
        assert await _id_traces(conn, worker_id)
        assert _snapshot_traces(settings.snapshot_dir, worker_id, vector)

        erased = await client.delete(
            f"/v1/workers/{worker_id}",
            params={"erase": "true", "confirm": EXTERNAL_ID},
            headers=world.auth("ag1"),
        )
        assert erased.status_code == 202, erased.text
        assert erased.headers["location"] == f"/v1/jobs/{erased.json()['id']}"
        assert erased.json()["kind"] == "scrub_erasure"
        # At the 202 the database holds nothing of the person (the job, too, names nobody).
        assert await _traces(conn, needles) == []
        assert await _id_traces(conn, worker_id) == []

        # The job scrubs this process's index and the snapshot files.
        job = await wait_for_job(client, erased, world.auth("ag1"))
        assert job["state"] == "succeeded", job
        assert job["result"]["rewritten"] >= 1 and job["result"]["dropped_ids"] >= 1, job
        assert await _traces(conn, needles) == []
        # The in-memory search state of this process: no id, no dead slot, no cached profile.
        state = engine.state
        assert not state.workers.contains(worker_id)
        assert worker_id not in state.workers._slot_ids[: state.workers._ntotal].tolist()
        assert state.workers.tombstones == 0
        assert worker_id not in state.worker_cache
        assert worker_id not in state.worker_occupations
        assert _snapshot_traces(settings.snapshot_dir, worker_id, vector) == []

        # Audit rows remain, under one negative pseudonym, with the erasure itself recorded.
        rows = await conn.fetch(
            "SELECT worker_id, action FROM audit_log WHERE worker_id < 0 ORDER BY id"
        )
        assert len({r["worker_id"] for r in rows}) == 1
        assert "read" in {r["action"] for r in rows} and rows[-1]["action"] == "erase"
    finally:
        await conn.close()
    # The worker's own token is gone (401), and the person is gone for everyone.
    assert (await client.get("/v1/me", headers=own)).status_code == 401
    assert (
        await client.get(f"/v1/workers/{worker_id}", headers=world.auth("admin"))
    ).status_code == 404
    found = await client.post(
        "/v1/search/workers", json={"query": SUMMARY, "limit": 200}, headers=world.auth("admin")
    )
    assert worker_id not in {m["worker"]["id"] for m in found.json()["data"]}
    audit = await client.get("/v1/audit?limit=200", headers=world.auth("admin"))
    assert {e["worker_id"] for e in audit.json()["data"] if e["worker_id"] < 0}


async def test_the_same_external_id_comes_back_as_a_new_person(
    client: httpx.AsyncClient, world: World
) -> None:
    worker_id, _, _ = await _prepare(client, world)
    ag1 = world.auth("ag1")
    r = await client.delete(
        f"/v1/workers/{worker_id}", params={"erase": "true", "confirm": EXTERNAL_ID}, headers=ag1
    )
    assert (await wait_for_job(client, r, ag1))["state"] == "succeeded"
    imported = await run_import(
        client,
        "/v1/imports/workers",
        {**ag1, "content-type": "application/x-ndjson"},
        content=(json.dumps(_person()) + "\n").encode(),
    )
    assert imported["created"] == 1, imported
    listed = (await client.get("/v1/workers?limit=200", headers=ag1)).json()["data"]
    again = next(x for x in listed if x.get("external_id") == EXTERNAL_ID)
    assert again["id"] != worker_id
    export = (await client.get(f"/v1/workers/{again['id']}/export", headers=ag1)).json()
    assert export["consents"] == [] and export["interviews"] == []
    assert export["event_registrations"] == []
    assert {a["action"] for a in export["access_log"]} <= {"create", "read", "list"}
    # The employer who saw the first person in full sees the new one masked: no consent.
    seen = await client.get(f"/v1/workers/{again['id']}", headers=world.auth("e1"))
    assert seen.json()["view"] == "masked"


async def test_a_restarted_engine_loads_the_scrubbed_snapshots(
    app: FastAPI, client: httpx.AsyncClient, world: World, settings: Settings
) -> None:
    """The rewritten snapshot files are valid: a new engine loads them (no rebuild) and has
    everyone but the erased person."""
    worker_id, _, _ = await _prepare(client, world)
    engine = app.state.engine
    await engine.refresh()
    await engine.save_snapshots()
    r = await client.delete(
        f"/v1/workers/{worker_id}",
        params={"erase": "true", "confirm": EXTERNAL_ID},
        headers=world.auth("admin"),
    )
    assert (await wait_for_job(client, r, world.auth("admin")))["state"] == "succeeded"
    others = set(world.worker.values())
    restarted = create_app(
        settings, api_settings=api_settings(), engine_factory=real_engine_factory
    )
    async with restarted.router.lifespan_context(restarted):
        fresh = restarted.state.engine
        assert isinstance(fresh, MatchingEngine)
        assert fresh.loaded_from_snapshot
        ids = set(fresh.state.workers.ids().tolist())
        assert others <= ids and worker_id not in ids
