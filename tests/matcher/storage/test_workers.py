"""WorkerRepository against a real PostgreSQL: idempotent upserts, certificates, filters."""

from __future__ import annotations

import asyncpg

from matcher.storage.agencies import AgencyRepository
from matcher.storage.workers import WorkerPageFilter, WorkerRepository
from tests import factories


async def test_upsert_twice_changes_nothing(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    repo = WorkerRepository(conn)
    profiles = [factories.worker(n) for n in range(1, 6)]

    first = await repo.upsert_many(agency.id, profiles)
    seq_after_first = await conn.fetchval("SELECT max(seq) FROM change_log")
    second = await repo.upsert_many(agency.id, profiles)

    assert sorted(first.created) == [p.external_id for p in profiles]
    assert second.created == [] and second.updated == []
    assert sorted(second.unchanged) == [p.external_id for p in profiles]
    assert second.ids == first.ids
    assert await conn.fetchval("SELECT max(seq) FROM change_log") == seq_after_first
    assert await repo.count() == 5


async def test_changed_profile_is_updated_and_certificates_replaced(
    conn: asyncpg.Connection,
) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    repo = WorkerRepository(conn)
    await repo.upsert_many(agency.id, [factories.worker(1)])
    changed = factories.worker(1, certificates=[], province="Bali")

    outcome = await repo.upsert_many(agency.id, [changed])

    stored = await repo.get(outcome.ids["AG1-000001"])
    assert outcome.updated == ["AG1-000001"]
    assert stored is not None and stored.province == "Bali" and stored.version == 2
    assert await conn.fetchval("SELECT count(*) FROM certificates") == 0


async def test_same_external_id_in_two_agencies_is_two_workers(conn: asyncpg.Connection) -> None:
    agencies = AgencyRepository(conn)
    a, b = await agencies.ensure("AG1"), await agencies.ensure("AG2")
    repo = WorkerRepository(conn)
    await repo.upsert_many(a.id, [factories.worker(1)])
    await repo.upsert_many(b.id, [factories.worker(1)])
    assert await repo.count() == 2
    assert await repo.count(a.id) == 1


async def test_round_trip_preserves_the_contract(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    repo = WorkerRepository(conn)
    profile = factories.worker(3)
    outcome = await repo.upsert_many(agency.id, [profile])
    stored = await repo.get(outcome.ids[profile.external_id])
    assert stored is not None
    assert stored.model_dump(include=set(type(profile).model_fields)) == profile.model_dump()
    assert stored.agency_id == agency.id


async def test_page_filters_never_match_missing_data(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    repo = WorkerRepository(conn)
    await repo.upsert_many(
        agency.id,
        [
            factories.worker(1),
            factories.worker(
                2,
                japanese=[],
                province=None,
                available_from=None,
                certificates=[],
                ssw_tests=[],
                experience=[],
            ),
        ],
    )
    for filters in (
        WorkerPageFilter(min_japanese_rank=1),
        WorkerPageFilter(province="jawa barat"),
        WorkerPageFilter(available_by=factories.today()),
        WorkerPageFilter(certificate="caregiver"),
        WorkerPageFilter(ssw_field="nursing_care", discoverable_only=True),
    ):
        page = await repo.page(filters)
        assert [w.external_id for w in page] == ["AG1-000001"], filters


async def test_delete_logs_a_change_and_cascades(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    repo = WorkerRepository(conn)
    outcome = await repo.upsert_many(agency.id, [factories.worker(1)])
    worker_id = outcome.ids["AG1-000001"]

    assert await repo.delete(worker_id)
    assert not await repo.delete(worker_id)
    assert await repo.get(worker_id) is None
    last = await conn.fetchrow(
        "SELECT entity, entity_id, op FROM change_log ORDER BY seq DESC LIMIT 1"
    )
    assert last is not None
    assert dict(last) == {"entity": "worker", "entity_id": worker_id, "op": "delete"}
    assert await conn.fetchval("SELECT count(*) FROM certificates") == 0
