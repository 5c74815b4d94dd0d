"""Fixtures for event tests: a seeded database, a real engine (fake embedder) and services.

Seed: organisers ORG-A and ORG-B; employers E-1 (vacancies v1a, v1b), E-2 (v2), E-3 (v3);
agencies AG1 (workers 1-6) and AG2 (workers 7-12). Workers 11 and 12 have no Japanese test,
so they are ineligible for every vacancy (all vacancies need N4).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from matcher.access.principal import Principal
from matcher.engine import MatchingEngine
from matcher.events import EventService
from matcher.settings import get_settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.connection import Connection
from matcher.storage.employers import EmployerRepository
from matcher.storage.tokens import OrganizerRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from models.schemas.events import (
    DayPlanIn,
    EmployerRegistrationCreate,
    EventCreate,
    WorkerRegistrationCreate,
)
from tests import factories


@dataclass
class Seed:
    organizer: dict[str, int] = field(default_factory=dict)
    agency: dict[str, int] = field(default_factory=dict)
    employer: dict[str, int] = field(default_factory=dict)
    vacancy: dict[str, int] = field(default_factory=dict)
    workers: list[int] = field(default_factory=list)
    ineligible: list[int] = field(default_factory=list)

    def org(self, key: str = "a") -> Principal:
        return Principal(role="organizer", subject_id=self.organizer[key])

    def emp(self, key: str) -> Principal:
        return Principal(role="employer", subject_id=self.employer[key])

    def ag(self, key: str) -> Principal:
        return Principal(role="agency", subject_id=self.agency[key])


async def seed(conn: Connection) -> Seed:
    s = Seed()
    organizers = OrganizerRepository(conn)
    s.organizer = {
        "a": (await organizers.ensure("ORG-A")).id,
        "b": (await organizers.ensure("ORG-B")).id,
    }
    agencies = AgencyRepository(conn)
    s.agency = {"ag1": (await agencies.ensure("AG1")).id, "ag2": (await agencies.ensure("AG2")).id}
    employers = EmployerRepository(conn)
    vacancies = VacancyRepository(conn)
    for key, n, vacs in (("e1", 1, ("v1a", "v1b")), ("e2", 2, ("v2",)), ("e3", 3, ("v3",))):
        made = await employers.create(factories.employer(n, name=f"宮城介護 {n}"))
        assert made is not None
        s.employer[key] = made.id
        for m, vkey in enumerate(vacs):
            v = await vacancies.create(
                made.id, factories.vacancy(n * 10 + m, employer=None, employer_id=made.id)
            )
            assert v is not None
            s.vacancy[vkey] = v.id
    workers = WorkerRepository(conn)
    for n in range(1, 13):
        agency = s.agency["ag1"] if n <= 6 else s.agency["ag2"]
        overrides: dict[str, Any] = {"full_name": f"Siti Worker{n}"}
        if n >= 11:
            overrides["japanese"] = []
        w = await workers.create(agency, factories.worker(n, **overrides))
        assert w is not None
        s.workers.append(w.id)
        if n >= 11:
            s.ineligible.append(w.id)
    return s


@pytest.fixture
async def seeded(pool: asyncpg.Pool[Any]) -> Seed:
    async with pool.acquire() as conn:
        return await seed(conn)


@pytest.fixture
async def engine(pool: asyncpg.Pool[Any], seeded: Seed) -> AsyncIterator[MatchingEngine]:
    started = await MatchingEngine.start(pool, get_settings())
    try:
        yield started
    finally:
        await started.close()


def event_body(**overrides: Any) -> EventCreate:
    data: dict[str, Any] = {
        "name": "宮城県 合同面接会 Jakarta",
        "venue": "Jakarta Convention Center",
        "starts_on": "2026-12-05",
        "slot_plan": [
            DayPlanIn(
                day_start=datetime(2026, 12, 5, 2, 0, tzinfo=UTC),
                day_end=datetime(2026, 12, 5, 4, 0, tzinfo=UTC),
                slot_minutes=20,
                gap_minutes=10,
            )
        ],
    }
    data.update(overrides)
    return EventCreate.model_validate(data)


async def setup_event(
    conn: asyncpg.Connection,
    s: Seed,
    engine: MatchingEngine,
    *,
    booths: int = 1,
    max_per_worker: int = 2,
    employer_max: int | None = None,
) -> int:
    """An event of ORG-A with 4 slots, all three employers and all twelve workers registered,
    shortlists built."""
    org = EventService(conn, s.org(), engine)
    event = await org.create(event_body())
    for key, vacs in (("e1", ("v1a", "v1b")), ("e2", ("v2",)), ("e3", ("v3",))):
        await org.register_employer(
            event.id,
            EmployerRegistrationCreate(
                employer_id=s.employer[key],
                vacancy_ids=[s.vacancy[v] for v in vacs],
                booths=booths,
                max_interviews=employer_max,
            ),
        )
    for w in s.workers:
        await org.register_worker(
            event.id, WorkerRegistrationCreate(worker_id=w, max_interviews=max_per_worker)
        )
    await org.build_shortlists(event.id)
    return event.id
