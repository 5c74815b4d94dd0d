"""Subject access (export) and retention (purge: command, scheduled run) (docs/privacy.md)."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import numpy as np
import pytest
from typer.testing import CliRunner

from matcher.access.privacy import scrub_snapshots
from matcher.engine.snapshots import load_snapshot, save_snapshot, snapshot_path
from matcher.index import VectorIndex
from matcher.retention import PURGE_LOCK_KEY, purge, run_scheduled_purges
from matcher.settings import Settings, get_settings
from matcher.storage.database import connect
from matcher.storage.embeddings import ChangeCursor
from matcher_cli import app as cli_app
from tests import factories
from tests.api.conftest import Shared, World, seed_world
from tests.api.job_polling import job_result

_serial = itertools.count(8000)
EVENT = factories.small_event_data("Privacy event")


async def _worker(c: httpx.AsyncClient, w: World) -> tuple[int, dict[str, str]]:
    made = await c.post(
        "/v1/workers", json=factories.worker_data(next(_serial)), headers=w.auth("ag1")
    )
    assert made.status_code == 201, made.text
    worker_id: int = made.json()["id"]
    token = await c.post(
        "/v1/tokens",
        json={"name": "self", "role": "worker", "subject_id": worker_id},
        headers=w.auth("admin"),
    )
    return worker_id, {"Authorization": f"Bearer {token.json()['token']}"}


async def _event(c: httpx.AsyncClient, w: World, worker_id: int) -> tuple[int, int]:
    """An event where the worker has a planned interview with e1; (event id, interview id)."""
    org = w.auth("org")
    eid = (await c.post("/v1/events", json=EVENT, headers=org)).json()["id"]
    body = {"employer_id": w.employer["e1"], "vacancy_ids": [w.vacancy["v1"]]}
    assert (await c.put(f"/v1/events/{eid}/employers", json=body, headers=org)).is_success
    r = await c.put(f"/v1/events/{eid}/workers", json={"worker_id": worker_id}, headers=org)
    assert r.is_success, r.text
    await job_result(c, await c.post(f"/v1/events/{eid}/shortlists", json={}, headers=org), org)
    pin = f"/v1/events/{eid}/shortlists/{w.vacancy['v1']}/{worker_id}"
    assert (await c.put(pin, json={"decision": "pin"}, headers=org)).status_code == 204
    planned = await job_result(
        c, await c.post(f"/v1/events/{eid}/timetable", json={}, headers=org), org
    )
    interview = next(i["id"] for i in planned["data"] if i["worker_id"] == worker_id)
    return eid, interview


async def test_export_holds_everything_and_who_saw_it(shared: Shared) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker(c, w)
    eid, interview = await _event(c, w, worker_id)
    await c.put(f"/v1/workers/{worker_id}/interviews/{interview}/acceptance", headers=own)
    consent = await c.post(
        f"/v1/workers/{worker_id}/consents",
        json={"purpose": "contact_sharing", "scope": "employer", "employer_id": w.employer["e2"]},
        headers=own,
    )
    assert consent.status_code == 201
    assert (await c.get(f"/v1/workers/{worker_id}", headers=w.auth("e1"))).json()["view"] == "full"
    assert (await c.get(f"/v1/workers/{worker_id}", headers=w.auth("e2"))).json()["view"] == "full"
    await c.put(
        f"/v1/events/{eid}/interviews/{interview}/outcome",
        json={"status": "passed"},
        headers=w.auth("e1"),
    )

    online = await c.patch(
        f"/v1/events/{eid}/interviews/{interview}",
        json={"mode": "online", "online_url": "https://meet.example.org/privacy-1"},
        headers=w.auth("e1"),
    )
    assert online.status_code == 200, online.text

    r = await c.get(f"/v1/workers/{worker_id}/export", headers=own)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    doc = r.json()
    assert doc["worker"]["full_name"] == "Siti Rahmawati" and doc["worker"]["contact"]["email"]
    assert doc["certificates"][0]["number"] == doc["worker"]["certificates"][0]["number"]
    assert [x["id"] for x in doc["consents"]] == [consent.json()["id"]]
    assert [x["event_id"] for x in doc["event_registrations"]] == [eid]
    assert doc["event_registrations"][0]["event_name"] == "Privacy event"
    assert {x["vacancy_id"] for x in doc["shortlists"]} == {w.vacancy["v1"]}
    assert doc["decisions"] == [
        {
            "event_id": eid,
            "vacancy_id": w.vacancy["v1"],
            "decision": "pin",
            "created_at": doc["decisions"][0]["created_at"],
        }
    ]
    (held,) = doc["interviews"]
    assert (held["id"], held["status"], held["employer_id"]) == (
        interview,
        "passed",
        w.employer["e1"],
    )
    assert held["accepted_at"] and held["employer_name"]
    (details,) = doc["interview_details"]
    assert (details["event_id"], details["employer_id"], details["mode"]) == (
        eid,
        w.employer["e1"],
        "online",
    )
    assert details["online_url"] == "https://meet.example.org/privacy-1"
    assert doc["meeting_offers"] == []  # the event plans no company-agency meetings
    assert doc["legacy_disclosures"] == []
    employer_reads = {
        (a["subject_id"], a["consent_id"], a["interview_id"])
        for a in doc["access_log"]
        if a["role"] == "employer"
    }
    assert employer_reads == {
        (w.employer["e1"], None, interview),
        (w.employer["e2"], consent.json()["id"], None),
    }
    assert [t["name"] for t in doc["tokens"]] == ["self"]
    assert "token_hash" not in doc["tokens"][0]

    # The agency's export is itself a full read, audited; the worker's own is not.
    actions = [a["action"] for a in doc["access_log"]]
    assert "export" not in actions
    assert (await c.get(f"/v1/workers/{worker_id}/export", headers=w.auth("ag1"))).is_success
    again = (await c.get(f"/v1/workers/{worker_id}/export", headers=own)).json()
    assert [a["action"] for a in again["access_log"]].count("export") == 1


# -- retention -------------------------------------------------------------------------------


def _settings(db_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"DATABASE_URL": db_url, "embedder": "fake"}
    values.update(overrides)
    return Settings.model_validate(values)


async def _aged_rows(conn: asyncpg.Connection, days: int) -> dict[str, int]:
    """One worker with rows of every kind, backdated ``days``; returns their ids."""
    agency = await conn.fetchval("SELECT id FROM agencies WHERE external_id = 'AG1'")
    worker = await conn.fetchval(
        "SELECT id FROM workers WHERE agency_id = $1 ORDER BY id LIMIT 1", agency
    )
    employer = await conn.fetchval("SELECT id FROM employers ORDER BY id LIMIT 1")
    vacancy = await conn.fetchval(
        "SELECT id FROM vacancies WHERE employer_id = $1 LIMIT 1", employer
    )
    organizer = await conn.fetchval("SELECT id FROM organizers LIMIT 1")
    event = await conn.fetchval(
        """INSERT INTO events (organizer_id, name, venue, starts_on, ends_on)
           VALUES ($1, 'old', 'Jakarta', '2020-01-01', '2020-01-01') RETURNING id""",
        organizer,
    )
    await conn.execute(
        """INSERT INTO event_slots (event_id, slot_no, starts_at, minutes)
           VALUES ($1, 1, '2020-01-01T09:00:00+07:00', 20), ($1, 2, '2020-01-01T10:00:00+07:00', 20)""",
        event,
    )
    await conn.execute(
        "INSERT INTO event_employers (event_id, employer_id, booths, max_interviews) VALUES ($1, $2, 1, 2)",
        event,
        employer,
    )
    await conn.execute(
        "INSERT INTO event_workers (event_id, worker_id, max_interviews) VALUES ($1, $2, 1)",
        event,
        worker,
    )
    await conn.execute("UPDATE event_workers SET status = 'cancelled' WHERE event_id = $1", event)
    ids = {}
    for slot, status in ((1, "cancelled"), (2, "hired")):
        ids[status] = await conn.fetchval(
            """INSERT INTO interviews (event_id, employer_id, worker_id, vacancy_id, slot_no,
                                       booth, score, mode, status)
               VALUES ($1, $2, $3, $4, $5, 1, 0.5, 'optimal', $6) RETURNING id""",
            event,
            employer,
            worker,
            vacancy,
            slot,
            status,
        )
    ids["audit"] = await conn.fetchval(
        """INSERT INTO audit_log (role, subject_id, worker_id, action, view)
           VALUES ('admin', NULL, $1, 'read', 'full') RETURNING id""",
        worker,
    )
    then = datetime.now(UTC) - timedelta(days=days)
    await conn.execute("UPDATE audit_log SET at = $2 WHERE id = $1", ids["audit"], then)
    await conn.execute(
        "UPDATE event_workers SET status_changed_at = $2 WHERE event_id = $1", event, then
    )
    await conn.execute("UPDATE interviews SET updated_at = $2 WHERE event_id = $1", event, then)
    ids["event"] = event
    return ids


async def _left(conn: Any, ids: dict[str, int]) -> dict[str, bool]:
    return {
        "audit": bool(
            await conn.fetchval("SELECT count(*) FROM audit_log WHERE id = $1", ids["audit"])
        ),
        "registration": bool(
            await conn.fetchval(
                "SELECT count(*) FROM event_workers WHERE event_id = $1", ids["event"]
            )
        ),
        "cancelled": bool(
            await conn.fetchval("SELECT count(*) FROM interviews WHERE id = $1", ids["cancelled"])
        ),
        "outcome": bool(
            await conn.fetchval("SELECT count(*) FROM interviews WHERE id = $1", ids["hired"])
        ),
    }


async def test_purge_deletes_only_what_is_past_its_period(db_url: str) -> None:
    await seed_world(db_url)
    conn = await connect(db_url)
    try:
        await conn.execute("INSERT INTO organizers (external_id, name) VALUES ('ORG-P', 'p')")
        old = await _aged_rows(conn, days=400)
        recent = await conn.fetchval(
            """INSERT INTO audit_log (role, worker_id, action, view)
               VALUES ('admin', 1, 'read', 'full') RETURNING id"""
        )
        settings = _settings(
            db_url,
            retention_audit_days=500,  # the audit row (400 days) is within its period
            retention_cancelled_days=90,
            retention_outcome_days=365,
        )
        dry = await purge(conn, settings, dry_run=True)
        assert (dry.counts.cancelled_registrations, dry.counts.cancelled_interviews) == (1, 1)
        assert (dry.counts.outcomes, dry.counts.audit_rows) == (1, 0)
        assert await _left(conn, old) == dict.fromkeys(
            ("audit", "registration", "cancelled", "outcome"), True
        )

        done = await purge(conn, settings)
        assert done.ran and done.counts == dry.counts
        assert await _left(conn, old) == {
            "audit": True, "registration": False, "cancelled": False, "outcome": False,
        }  # fmt: skip
        # 0 days keeps for ever; a shorter period then takes the audit row too.
        forever = await purge(conn, _settings(db_url, retention_audit_days=0))
        assert forever.counts.audit_rows == 0
        shorter = await purge(conn, _settings(db_url, retention_audit_days=300))
        assert shorter.counts.audit_rows == 1
        assert not (await _left(conn, old))["audit"]
        # Recent rows are never touched.
        assert await conn.fetchval("SELECT id FROM audit_log") == recent
    finally:
        await conn.close()


async def test_one_purge_at_a_time(db_url: str) -> None:
    other = await connect(db_url)
    conn = await connect(db_url)
    try:
        assert await other.fetchval("SELECT pg_try_advisory_lock($1)", PURGE_LOCK_KEY)
        report = await purge(conn, _settings(db_url))
        assert report.ran is False
        await other.execute("SELECT pg_advisory_unlock($1)", PURGE_LOCK_KEY)
        assert (await purge(conn, _settings(db_url))).ran
    finally:
        await other.close()
        await conn.close()


async def test_the_scheduled_purge_runs_every_interval(db_url: str) -> None:
    await seed_world(db_url)
    conn = await connect(db_url)
    try:
        await conn.execute("INSERT INTO organizers (external_id, name) VALUES ('ORG-P', 'p')")
        old = await _aged_rows(conn, days=800)
    finally:
        await conn.close()
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) > 2:
            raise asyncio.CancelledError
        await asyncio.sleep(0)

    pool = await asyncpg.create_pool(db_url, min_size=1, max_size=2)
    try:
        settings = _settings(db_url, retention_purge_interval_s=3600)
        with pytest.raises(asyncio.CancelledError):
            await run_scheduled_purges(pool, settings, sleep=sleep)
        assert waits == [3600, 3600, 3600]  # it waits first: a restart does not purge at once
        async with pool.acquire() as c:
            assert not any((await _left(c, old)).values())
        # Interval 0: no scheduled run at all (it returns at once instead of sleeping).
        async with asyncio.timeout(5):
            await run_scheduled_purges(pool, _settings(db_url, retention_purge_interval_s=0))
    finally:
        await pool.close()


def test_purge_command(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("MATCHER_RETENTION_AUDIT_DAYS", "1")
    get_settings.cache_clear()
    try:

        async def backdate() -> None:
            conn = await connect(db_url)
            try:
                await conn.execute(
                    """INSERT INTO audit_log (role, worker_id, action, view, at)
                       VALUES ('admin', 1, 'read', 'full', now() - interval '3 days')"""
                )
            finally:
                await conn.close()

        asyncio.run(backdate())
        runner = CliRunner()
        dry = runner.invoke(cli_app, ["db", "purge", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "audit_rows\t1\twould delete" in dry.output
        done = runner.invoke(cli_app, ["db", "purge"])
        assert done.exit_code == 0, done.output
        assert "audit_rows\t1\tdeleted" in done.output
        again = runner.invoke(cli_app, ["db", "purge"])
        assert "audit_rows\t0\tdeleted" in again.output
    finally:
        get_settings.cache_clear()


async def test_a_snapshot_scrub_drops_deleted_ids_only(db_url: str, tmp_path: Path) -> None:
    """Deleted workers (a ``delete`` in the change log, no row) and dead slots leave the
    snapshot files; ids this database merely does not know (a snapshot directory that belongs
    to another database) are left alone, and the file keeps its cursor."""
    await seed_world(db_url)
    settings = _settings(db_url, data_dir=str(tmp_path / "var"))
    conn = await connect(db_url)
    try:
        live_id = await conn.fetchval("SELECT min(id) FROM workers")
        gone_id = await conn.fetchval("SELECT max(id) FROM workers")
        await conn.execute("DELETE FROM workers WHERE id = $1", gone_id)
        foreign_id = 10_000_000
        index = VectorIndex(8, "m-test")
        rng = np.random.default_rng(1)
        index.upsert(np.asarray([live_id, gone_id, foreign_id]), rng.normal(size=(3, 8)))
        index.upsert(np.asarray([live_id]), rng.normal(size=(1, 8)))  # leaves a dead slot
        path = snapshot_path(settings.snapshot_dir, "worker", "m-test")
        save_snapshot(index, path, ChangeCursor(42, 40))
        report = await scrub_snapshots(conn, settings)
        assert (report.rewritten, report.dropped_ids) == (1, 1)
        loaded, cursor = load_snapshot(path, "m-test")
        assert sorted(loaded.ids().tolist()) == sorted([live_id, foreign_id])
        assert loaded.tombstones == 0 and cursor == ChangeCursor(42, 40)
        again = await scrub_snapshots(conn, settings)
        assert again.rewritten == 0  # nothing left to do
        # An unreadable file is invalidated (the engine rebuilds it from the database).
        path.write_bytes(b"not a snapshot")
        assert (await scrub_snapshots(conn, settings)).invalidated == 1
        assert not path.exists()
    finally:
        await conn.close()
