"""The audit log's view column (migration 0004), one INSERT per request, and the revocation of
tokens whose subject was deleted before deletes revoked them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from matcher.storage.audit import AuditRepository
from matcher.storage.connection import Connection
from matcher.storage.database import connect
from matcher.storage.migrations import available_migrations, migrate
from matcher.storage.tokens import TokenRepository
from tests.conftest import scratch_database


async def _record(repo: AuditRepository, **kw: Any) -> None:
    await repo.record(token_id=7, role="agency", subject_id=2, **kw)


async def test_each_worker_is_recorded_with_its_view(conn: Connection) -> None:
    repo = AuditRepository(conn)
    await _record(repo, worker_ids={11: "full", 12: "contact_hidden"}, action="list")
    await _record(repo, worker_ids=[13], action="read")  # a plain list: full views
    await _record(repo, worker_ids={}, action="list")  # nothing read, nothing written
    entries = await repo.page()
    assert [(e.worker_id, e.action, e.view) for e in entries] == [
        (11, "list", "full"),
        (12, "list", "contact_hidden"),
        (13, "read", "full"),
    ]
    hidden = await repo.page(view="contact_hidden")
    assert [e.worker_id for e in hidden] == [12]
    with pytest.raises(asyncpg.CheckViolationError):
        await _record(repo, worker_ids={14: "everything"}, action="read")


async def test_the_view_has_no_default(conn: Connection) -> None:
    """Every writer states the view: an INSERT without one is refused, not silently 'full'."""
    with pytest.raises(asyncpg.NotNullViolationError):
        await conn.execute(
            "INSERT INTO audit_log (role, worker_id, action) VALUES ('admin', 1, 'read')"
        )


@pytest.fixture
async def empty_db(pg_server_url: str) -> AsyncIterator[str]:
    async with scratch_database(pg_server_url, None) as url:
        yield url


async def test_migration_0004_on_a_database_with_history(empty_db: str) -> None:
    """Rows written before 0004 read 'full'; tokens of subjects already deleted are revoked,
    tokens of existing subjects (and admins) are not."""
    conn = await connect(empty_db)
    try:
        before = [m for m in available_migrations() if m.version < 4]
        assert [m.version for m in before] == [1, 2, 3]
        # The state of a deployment that ran 0001-0003, as ``migrate`` records it.
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
        await conn.execute(
            "INSERT INTO audit_log (role, worker_id, action) VALUES ('agency', 1, 'read')"
        )
        agency = await conn.fetchval(
            "INSERT INTO agencies (external_id, name) VALUES ('AG1', 'AG1') RETURNING id"
        )
        tokens = TokenRepository(conn)

        async def token(n: int, role: str, subject_id: int | None) -> int:
            record = await tokens.create(
                name=f"t{n}",
                token_hash=f"h{n}",
                role=role,
                subject_id=subject_id,
                expires_at=None,
            )
            return record.id

        kept = [await token(1, "agency", agency), await token(2, "admin", None)]
        orphans = [await token(3, "worker", 424242), await token(4, "employer", 424243)]

        applied = await migrate(conn)
        assert applied[0].version == 4

        entry = (await AuditRepository(conn).page())[0]
        assert (entry.action, entry.view) == ("read", "full")
        revoked = {
            r["id"]: r["revoked_at"] is not None
            for r in await conn.fetch("SELECT id, revoked_at FROM api_tokens")
        }
        assert revoked == {kept[0]: False, kept[1]: False, orphans[0]: True, orphans[1]: True}
    finally:
        await conn.close()
