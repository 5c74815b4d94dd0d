"""The event summary names employers by id and name in separate fields, and building
shortlists reports the number of people as well as the number of places (issue 19)."""

from __future__ import annotations

import asyncpg

from matcher.engine import MatchingEngine
from matcher.events import EventService
from matcher.storage.events import EventRepository
from models.schemas.events import TimetableRequest
from tests.matcher.events.conftest import Seed, setup_event


async def test_by_employer_rows_carry_the_id_and_the_name(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    org = EventService(conn, seeded.org(), engine)
    planned = await org.plan(event_id, TimetableRequest())
    summary = await org.summary(event_id)

    names: dict[int, str] = {
        r["id"]: r["name"] for r in await conn.fetch("SELECT id, name FROM employers")
    }
    per_employer: dict[int, int] = {}
    for i in planned.data:
        per_employer[i.employer_id] = per_employer.get(i.employer_id, 0) + 1
    rows = {r.employer_id: r for r in summary.by_employer}
    assert set(rows) == set(per_employer)
    for employer_id, row in rows.items():
        assert row.employer_name == names[employer_id]
        assert row.interviews == per_employer[employer_id]
    assert [r.employer_id for r in summary.by_employer] == sorted(rows)
    dumped = summary.model_dump()["by_employer"][0]
    assert set(dumped) == {
        "employer_id",
        "employer_name",
        "interviews",
        "offers",
        "hires",
        "no_shows",
    }

    own = await EventService(conn, seeded.emp("e1"), engine).summary(event_id)
    assert [r.employer_id for r in own.by_employer] == [seeded.employer["e1"]]


async def test_built_shortlists_count_people_and_places(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    built = await EventService(conn, seeded.org(), engine).build_shortlists(event_id)
    rows = await EventRepository(conn).shortlist(event_id)
    assert built.entries == len(rows)
    assert built.workers == len({r.worker_id for r in rows})
    assert 0 < built.workers < built.entries  # several vacancies rank the same people
