"""``EmployerRepository.apply_embedded`` under concurrent writers: no field sent by one
transaction is lost to another that did not send it (read, merge and write under a row lock;
a concurrent creation is merged into, never overwritten)."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from matcher.storage.database import connect
from matcher.storage.employers import EmployerRepository
from tests import factories

NEW = {"external_id": "E-9", "name": "Nine", "prefecture": "Miyagi"}


async def _blocked_on_a_lock(observer: asyncpg.Connection, pid: int) -> None:
    """Wait until backend ``pid`` waits on a lock (it reached the contended statement)."""
    for _ in range(200):
        waiting = await observer.fetchval(
            "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", pid
        )
        if waiting:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the second writer never waited on the first")


async def _race(db_url: str, first: dict[str, Any], second: dict[str, Any]) -> None:
    """``first`` applies in an open transaction; ``second`` starts on another connection, must
    wait for it, and goes on once ``first`` commits."""
    one, two = await connect(db_url), await connect(db_url)
    try:
        tx = one.transaction()
        await tx.start()
        (applied,) = await EmployerRepository(one).apply_embedded([first])
        assert applied.employer_id is not None
        racing = asyncio.create_task(EmployerRepository(two).apply_embedded([second]))
        await _blocked_on_a_lock(one, two.get_server_pid())
        await tx.commit()
        (outcome,) = await asyncio.wait_for(racing, timeout=10)
        assert outcome.employer_id == applied.employer_id, outcome
    finally:
        await one.close()
        await two.close()


async def test_concurrent_creations_of_one_employer_keep_both_sets_of_fields(
    db_url: str, conn: asyncpg.Connection
) -> None:
    await _race(
        db_url,
        {**NEW, "city": "Sendai"},
        {**NEW, "website": "https://nine.example.jp"},
    )
    profile = await conn.fetchval("SELECT profile FROM employers WHERE external_id = 'E-9'")
    assert profile == {**NEW, "city": "Sendai", "website": "https://nine.example.jp"}


async def test_concurrent_changes_of_one_employer_keep_both(
    db_url: str, conn: asyncpg.Connection
) -> None:
    made = await EmployerRepository(conn).create(factories.employer(9, name="Nine"))
    assert made is not None

    await _race(
        db_url,
        {"external_id": "E-9", "city": "Sendai"},
        {"external_id": "E-9", "description": "介護事業を営んでいます。"},
    )

    employer = await EmployerRepository(conn).get(made.id)
    assert employer is not None
    assert (employer.name, employer.city, employer.description) == (
        "Nine",
        "Sendai",
        "介護事業を営んでいます。",
    )


async def test_a_refused_item_changes_nothing_and_later_items_still_apply(
    conn: asyncpg.Connection,
) -> None:
    repo = EmployerRepository(conn)
    outcomes = await repo.apply_embedded(
        [
            {"external_id": "E-9", "name": "Nine"},  # new, no prefecture
            {"external_id": "E-9", **NEW},
            {"external_id": "E-9", "name": None},  # would blank a required field
            {"external_id": "E-9"},
        ]
    )

    assert [[field for field, _ in o.errors] for o in outcomes] == [
        ["prefecture"],
        [],
        ["name"],
        [],
    ]
    assert all(message for o in outcomes for _, message in o.errors)
    assert outcomes[0].employer_id is None and outcomes[2].employer_id is None
    assert outcomes[1].employer_id == outcomes[3].employer_id is not None
    assert await conn.fetchval("SELECT profile FROM employers") == NEW
