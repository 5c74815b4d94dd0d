"""TokenService against PostgreSQL: secrets are hashed, expired and revoked tokens refused, and
deleting a subject revokes its tokens, even one issued at the same time."""

from __future__ import annotations

import asyncio

import pytest

from matcher.access import ADMIN, TokenService, Unauthenticated, hash_token
from matcher.access.employers import EmployerService
from matcher.access.principal import Principal
from matcher.access.workers import WorkerService
from matcher.errors import InvalidInput, PermissionDenied
from matcher.storage.agencies import AgencyRepository
from matcher.storage.connection import Connection
from matcher.storage.database import connect
from matcher.storage.employers import EmployerRepository
from matcher.storage.workers import WorkerRepository
from tests import factories


async def test_issue_authenticate_revoke(conn: Connection) -> None:
    service = TokenService(conn)
    record, secret = await service.issue(
        ADMIN, name="ops", role="agency", subject_external_id="AG5"
    )
    stored = await conn.fetchval("SELECT token_hash FROM api_tokens WHERE id = $1", record.id)
    assert stored == hash_token(secret) and secret not in stored
    principal = await service.authenticate(secret)
    assert (principal.role, principal.subject_id) == ("agency", record.subject_id)
    with pytest.raises(PermissionDenied):
        await service.issue(principal, name="x", role="admin")
    await service.revoke(ADMIN, record.id)
    with pytest.raises(Unauthenticated, match="revoked"):
        await service.authenticate(secret)
    with pytest.raises(Unauthenticated):
        await service.authenticate(None)
    assert Principal("admin").is_admin


async def _worker(conn: Connection) -> int:
    agency = await AgencyRepository(conn).ensure("AG1")
    made = await WorkerRepository(conn).create(agency.id, factories.worker(1))
    assert made is not None
    return made.id


async def test_deleting_a_subject_revokes_only_its_tokens(conn: Connection) -> None:
    tokens = TokenService(conn)
    worker_id = await _worker(conn)
    other = await WorkerRepository(conn).create(
        (await AgencyRepository(conn).ensure("AG1")).id, factories.worker(2)
    )
    assert other is not None
    _, first = await tokens.issue(ADMIN, name="a", role="worker", subject_id=worker_id)
    _, second = await tokens.issue(ADMIN, name="b", role="worker", subject_id=worker_id)
    _, other_secret = await tokens.issue(ADMIN, name="c", role="worker", subject_id=other.id)
    # An employer with the worker's id: the role, not just the id, says whose tokens go.
    await conn.execute("SELECT setval('employers_id_seq', $1, false)", worker_id)
    employer = await EmployerRepository(conn).create(factories.employer(7))
    assert employer is not None and employer.id == worker_id
    _, hr = await tokens.issue(ADMIN, name="hr", role="employer", subject_id=employer.id)

    await WorkerService(conn, ADMIN).delete(worker_id)
    for secret in (first, second):
        with pytest.raises(Unauthenticated, match="revoked"):
            await tokens.authenticate(secret)
    assert (await tokens.authenticate(other_secret)).subject_id == other.id
    assert (await tokens.authenticate(hr)).role == "employer"

    await EmployerService(conn, ADMIN).delete(employer.id)
    with pytest.raises(Unauthenticated, match="revoked"):
        await tokens.authenticate(hr)


async def test_a_token_issued_while_its_worker_is_deleted_is_revoked_too(db_url: str) -> None:
    """The issuing transaction key-share locks the subject: a concurrent delete waits for the
    new token to commit, then revokes it with the others."""
    setup, issuing, deleting = [await connect(db_url) for _ in range(3)]
    try:
        worker_id = await _worker(setup)
        async with issuing.transaction():
            _, secret = await TokenService(issuing).issue(
                ADMIN, name="w", role="worker", subject_id=worker_id
            )
            delete_tx = deleting.transaction()
            await delete_tx.start()
            delete = asyncio.create_task(WorkerService(deleting, ADMIN).delete(worker_id))
            await asyncio.sleep(0.3)
            assert not delete.done()  # waits on the token's transaction
        await delete
        await delete_tx.commit()
        with pytest.raises(Unauthenticated, match="revoked"):
            await TokenService(setup).authenticate(secret)
    finally:
        for c in (setup, issuing, deleting):
            await c.close()


async def test_a_token_for_a_worker_being_deleted_is_refused(db_url: str) -> None:
    """The other order: the delete commits first, then the waiting issue finds no subject."""
    setup, issuing, deleting = [await connect(db_url) for _ in range(3)]
    try:
        worker_id = await _worker(setup)
        async with deleting.transaction():
            await WorkerService(deleting, ADMIN).delete(worker_id)
            issue = asyncio.create_task(
                TokenService(issuing).issue(ADMIN, name="w", role="worker", subject_id=worker_id)
            )
            await asyncio.sleep(0.3)
            assert not issue.done()  # waits on the delete's transaction
        with pytest.raises(InvalidInput, match="no worker"):
            await issue
    finally:
        for c in (setup, issuing, deleting):
            await c.close()
