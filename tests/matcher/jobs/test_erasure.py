"""``erase_worker``: the erasure and its ``scrub_erasure`` job commit together or not at all,
and the job names nobody. (The scrub itself, end to end: tests/api/test_erasure.py.)"""

from __future__ import annotations

import asyncpg
import pytest

from matcher.access import Principal
from matcher.errors import InvalidInput, MatcherError, PermissionDenied
from matcher.jobs import JobSettings
from matcher.jobs.erasure import erase_worker
from matcher.storage.agencies import AgencyRepository
from matcher.storage.workers import WorkerRepository
from tests import factories


async def _worker(conn: asyncpg.Connection) -> tuple[int, int, str]:
    agency = await AgencyRepository(conn).ensure("AG1")
    profile = factories.worker(5)
    made = await WorkerRepository(conn).create(agency.id, profile)
    assert made is not None
    return agency.id, made.id, profile.external_id


async def test_the_erasure_and_its_job_are_stored_together(conn: asyncpg.Connection) -> None:
    agency_id, worker_id, external_id = await _worker(conn)
    agency = Principal(role="agency", subject_id=agency_id, token_id=None)
    async with conn.transaction():
        job = await erase_worker(conn, agency, worker_id, external_id, JobSettings())
    assert (job.kind, job.state, job.owner_role, job.owner_subject) == (
        "scrub_erasure",
        "queued",
        "agency",
        agency_id,
    )
    assert job.payload == {}, "the job row holds no trace of the person"
    assert await conn.fetchval("SELECT count(*) FROM workers WHERE id = $1", worker_id) == 0


@pytest.mark.parametrize("refusal", ["wrong confirmation", "another agency"])
async def test_a_refused_erasure_stores_no_job_and_erases_nothing(
    conn: asyncpg.Connection, refusal: str
) -> None:
    agency_id, worker_id, external_id = await _worker(conn)
    error: type[MatcherError]
    if refusal == "wrong confirmation":
        caller = Principal(role="agency", subject_id=agency_id, token_id=None)
        confirm, error = "AG1-000001", InvalidInput
    else:
        other = await AgencyRepository(conn).ensure("AG2")
        caller = Principal(role="employer", subject_id=other.id, token_id=None)
        confirm, error = external_id, PermissionDenied
    with pytest.raises(error):
        async with conn.transaction():
            await erase_worker(conn, caller, worker_id, confirm, JobSettings())
    assert await conn.fetchval("SELECT count(*) FROM jobs") == 0
    assert await conn.fetchval("SELECT count(*) FROM workers WHERE id = $1", worker_id) == 1
