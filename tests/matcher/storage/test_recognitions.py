"""The recognition table and certificate suspension (migration 0005): the repository, the
database's own checks, the change log, and a database at 0004 with data that migrates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import asyncpg
import pytest

from matcher.storage.agencies import AgencyRepository
from matcher.storage.connection import Connection
from matcher.storage.database import connect
from matcher.storage.embeddings import ChangeLogRepository
from matcher.storage.migrations import available_migrations, migrate
from matcher.storage.recognitions import RecognitionRepository
from matcher.storage.workers import WorkerRepository
from models.recognition import RecognitionCreate
from tests import factories
from tests.conftest import scratch_database

SOURCE = "https://www.mhlw.go.jp/example/recognition"


def _entry(**overrides: object) -> RecognitionCreate:
    values: dict[str, object] = {
        "scheme_code": "SKM-CG-01",
        "category": "care",
        "effective_from": "2027-01-01",
        "source": SOURCE,
    }
    values.update(overrides)
    return RecognitionCreate.model_validate(values)


async def test_create_get_list_delete(conn: Connection) -> None:
    repo = RecognitionRepository(conn)
    assert await repo.list() == []
    first = await repo.create(_entry(), created_by_role="admin", created_by_token=3)
    second = await repo.create(_entry(effective_from="2025-04-01", effective_to="2026-04-01"))
    assert first is not None and second is not None
    assert (first.scheme_code, first.category, first.replaces) == (
        "SKM-CG-01",
        "care",
        "skill_test",
    )
    assert first.effective_from == date(2027, 1, 1) and first.effective_to is None
    assert second.effective_to == date(2026, 4, 1)
    assert first.source == SOURCE and first.created_at is not None
    assert await repo.get(first.id) == first
    assert [r.id for r in await repo.list()] == [first.id, second.id]
    by = await conn.fetchrow(
        "SELECT created_by_role, created_by_token FROM recognitions WHERE id = $1", first.id
    )
    assert by is not None and (by["created_by_role"], by["created_by_token"]) == ("admin", 3)

    assert await repo.delete(first.id) is True
    assert await repo.delete(first.id) is False
    assert await repo.get(first.id) is None
    assert [r.id for r in await repo.list()] == [second.id]


async def test_the_same_entry_twice_is_refused(conn: Connection) -> None:
    repo = RecognitionRepository(conn)
    assert await repo.create(_entry()) is not None
    assert await repo.create(_entry(source=SOURCE + "/again")) is None
    # Another start date, or another category, is another entry.
    assert await repo.create(_entry(effective_from="2028-01-01")) is not None
    assert len(await repo.list()) == 2


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("replaces", "japanese_test"),
        ("source", "http://insecure.example/x"),
        ("effective_to", date(2026, 1, 1)),  # before effective_from
        ("effective_to", date(2027, 1, 1)),  # equal: an empty period
    ],
)
async def test_the_database_refuses_what_the_model_refuses(
    conn: Connection, column: str, value: object
) -> None:
    """A row written around the API (psql, a script) still cannot break the rules."""
    values: dict[str, object] = {
        "scheme_code": "SKM-CG-01",
        "category": "care",
        "replaces": "skill_test",
        "effective_from": date(2027, 1, 1),
        "effective_to": None,
        "source": SOURCE,
    }
    values[column] = value
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(
            """INSERT INTO recognitions (scheme_code, category, replaces, effective_from,
                                          effective_to, source)
               VALUES ($1, $2, $3, $4, $5, $6)""",
            *values.values(),
        )


async def test_writes_land_in_the_change_log(conn: Connection) -> None:
    log = ChangeLogRepository(conn)
    start = await log.cursor_now()
    repo = RecognitionRepository(conn)
    entry = await repo.create(_entry())
    assert entry is not None
    changed, cursor = await log.changed_since_all(start)
    assert changed == {"worker": [], "vacancy": [], "recognition": [entry.id]}
    await repo.delete(entry.id)
    rows = await conn.fetch(
        "SELECT op FROM change_log WHERE entity = 'recognition' AND entity_id = $1 ORDER BY seq",
        entry.id,
    )
    assert [r["op"] for r in rows] == ["upsert", "delete"]
    after, _ = await log.changed_since_all(cursor)
    assert after["recognition"] == [entry.id]
    again, _ = await log.changed_since_all(await log.cursor_now())
    assert again["recognition"] == []


async def test_certificate_status_suspended_is_stored(conn: Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    cert = {**factories.worker_data()["certificates"][0], "status": "suspended"}
    created = await WorkerRepository(conn).create(
        agency.id, factories.worker(1, certificates=[cert])
    )
    assert created is not None
    assert created.certificates[0].status == "suspended"
    stored = await conn.fetchval("SELECT status FROM certificates WHERE worker_id = $1", created.id)
    assert stored == "suspended"
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(
            "UPDATE certificates SET status = 'frozen' WHERE worker_id = $1", created.id
        )


@pytest.fixture
async def empty_db(pg_server_url: str) -> AsyncIterator[str]:
    async with scratch_database(pg_server_url, None) as url:
        yield url


async def test_migration_0005_on_a_database_with_history(empty_db: str) -> None:
    """A deployment at 0004 with a worker, a certificate and change-log rows migrates: the rows
    stay, the widened checks keep their names, and the new table logs its changes."""
    conn = await connect(empty_db)
    try:
        before = [m for m in available_migrations() if m.version < 5]
        assert [m.version for m in before] == [1, 2, 3, 4]
        await conn.execute(
            """CREATE TABLE schema_migrations (
                   version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        for m in before:
            await conn.execute(m.sql)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                m.version,
                m.name,
                m.checksum,
            )
        # Data as the 0004 schema holds it (raw SQL: today's repositories may need later columns).
        agency = await conn.fetchval(
            "INSERT INTO agencies (external_id, name) VALUES ('AG1', 'AG1') RETURNING id"
        )
        worker = await conn.fetchval(
            """INSERT INTO workers (agency_id, external_id, profile, content_hash, full_name,
                                    birth_date)
               VALUES ($1, 'AG1-1', '{}'::jsonb, 'h', 'Siti', '1999-03-14') RETURNING id""",
            agency,
        )
        for number, status in (("N1", "valid"), ("N2", "revoked"), ("N3", "expired")):
            await conn.execute(
                """INSERT INTO certificates (worker_id, number, scheme, issuer, issued_on, status)
                   VALUES ($1, $2, 'Caregiver', 'LSP', '2024-05-01', $3)""",
                worker,
                number,
                status,
            )
        with pytest.raises(asyncpg.CheckViolationError):  # not yet allowed at 0004
            await conn.execute("UPDATE certificates SET status = 'suspended' WHERE number = 'N1'")
        logged_before = await conn.fetchval("SELECT count(*) FROM change_log")
        assert logged_before == 1

        applied = await migrate(conn)
        assert applied[0].version == 5 and applied[0].name == "categories"

        statuses = await conn.fetch("SELECT number, status FROM certificates ORDER BY number")
        assert [(r["number"], r["status"]) for r in statuses] == [
            ("N1", "valid"),
            ("N2", "revoked"),
            ("N3", "expired"),
        ]
        await conn.execute("UPDATE certificates SET status = 'suspended' WHERE number = 'N1'")
        checks = {
            r["conname"]: r["def"]
            for r in await conn.fetch(
                """SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                   WHERE conname IN ('certificates_status_check', 'change_log_entity_check')"""
            )
        }
        assert "suspended" in checks["certificates_status_check"]
        assert "recognition" in checks["change_log_entity_check"]
        assert await conn.fetchval("SELECT count(*) FROM change_log") == logged_before

        entry = await RecognitionRepository(conn).create(_entry())
        assert entry is not None
        logged = await conn.fetchrow(
            "SELECT entity, entity_id, op FROM change_log ORDER BY seq DESC LIMIT 1"
        )
        assert logged is not None
        assert (logged["entity"], logged["entity_id"], logged["op"]) == (
            "recognition",
            entry.id,
            "upsert",
        )
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                "INSERT INTO change_log (entity, entity_id, op) VALUES ('employer', 1, 'upsert')"
            )
        assert await migrate(conn) == []  # applied once, checksum recorded
    finally:
        await conn.close()
