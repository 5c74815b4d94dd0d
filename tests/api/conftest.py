"""API test fixtures: an app on the test's own database, a client, and a seeded world.

The world has two agencies, two employers, an organiser and one token per role, so every test
can ask "who sees what" without building data itself.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.settings import ApiSettings
from matcher.access import ADMIN, MatchingEngineProtocol, Role, TokenService
from matcher.settings import Settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import connect, with_database
from matcher.storage.employers import EmployerRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from tests import factories
from tests.api.fakes import FakeMatchingEngine


def api_settings(**overrides: Any) -> ApiSettings:
    values: dict[str, Any] = {"rate_limit_per_minute": 100_000, "rate_limit_burst": 10_000}
    values.update(overrides)
    return ApiSettings.model_validate(values)


async def real_engine_factory(
    pool: asyncpg.Pool[Any], settings: Settings
) -> MatchingEngineProtocol:
    """The real engine (with the fake embedder the suite's settings choose)."""
    from matcher.engine import MatchingEngine

    return await MatchingEngine.start(pool, settings)


async def fake_engine_factory(pool: asyncpg.Pool[Any], settings: Settings) -> FakeMatchingEngine:
    return await FakeMatchingEngine.start(pool, settings)


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings.model_validate({"DATABASE_URL": db_url, "pool_max_size": 4})


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, api_settings=api_settings(), engine_factory=fake_engine_factory)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            yield c


@dataclass
class World:
    """Ids and tokens of the seeded data."""

    tokens: dict[str, str] = field(default_factory=dict)
    agency: dict[str, int] = field(default_factory=dict)
    employer: dict[str, int] = field(default_factory=dict)
    worker: dict[str, int] = field(default_factory=dict)
    vacancy: dict[str, int] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


async def issue(
    conn: asyncpg.Connection, role: Role, subject_id: int | None = None, **kw: Any
) -> str:
    _, secret = await TokenService(conn).issue(
        ADMIN, name=f"{role}-{subject_id}", role=role, subject_id=subject_id, **kw
    )
    return secret


@pytest.fixture
async def world(db_url: str) -> World:
    return await seed_world(db_url)


async def seed_world(db_url: str) -> World:
    """Agencies AG1, AG2; employers E-1, E-2 with one vacancy each; workers:
    ``w1`` (AG1, discoverable), ``w2`` (AG2, discoverable), ``w3`` (AG2, hidden); one token
    per role: ``admin``, ``ag1``, ``ag2``, ``e1``, ``e2``, ``w1`` and ``org``."""
    w = World()
    conn = await connect(db_url)
    try:
        agencies = AgencyRepository(conn)
        w.agency = {
            "ag1": (await agencies.ensure("AG1")).id,
            "ag2": (await agencies.ensure("AG2")).id,
        }
        employers = EmployerRepository(conn)
        for key, n in (("e1", 1), ("e2", 2)):
            created = await employers.create(factories.employer(n))
            assert created is not None
            w.employer[key] = created.id
        workers = WorkerRepository(conn)
        specs = (("w1", "ag1", 1, True), ("w2", "ag2", 2, True), ("w3", "ag2", 3, False))
        for key, agency, n, discoverable in specs:
            profile = factories.worker(n, discoverable=discoverable)
            made = await workers.create(w.agency[agency], profile)
            assert made is not None
            w.worker[key] = made.id
        vacancies = VacancyRepository(conn)
        for key, employer in (("v1", "e1"), ("v2", "e2")):
            vacancy_profile = factories.vacancy(
                1 if key == "v1" else 2, employer=None, employer_id=w.employer[employer]
            )
            made_v = await vacancies.create(w.employer[employer], vacancy_profile)
            assert made_v is not None
            w.vacancy[key] = made_v.id
        w.tokens = {
            "admin": await issue(conn, "admin"),
            "ag1": await issue(conn, "agency", w.agency["ag1"]),
            "ag2": await issue(conn, "agency", w.agency["ag2"]),
            "e1": await issue(conn, "employer", w.employer["e1"]),
            "e2": await issue(conn, "employer", w.employer["e2"]),
            "w1": await issue(conn, "worker", w.worker["w1"]),
            "org": await issue(conn, "organizer", subject_external_id="ORG-1"),
        }
    finally:
        await conn.close()
    return w


@dataclass
class Shared:
    client: httpx.AsyncClient
    world: World
    app: FastAPI
    db_url: str


@pytest.fixture(scope="module")
async def shared(pg_server_url: str, template_database: str) -> AsyncIterator[Shared]:
    """One seeded database and app for a whole module: cloning a database per test costs
    about a second, too much for a matrix of a hundred cases. Tests on it must tolerate
    each other's writes (they create new objects and never delete shared ones)."""
    name = f"t_shared_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(pg_server_url)
    try:
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_database}")
    finally:
        await admin.close()
    url = with_database(pg_server_url, name)
    try:
        world = await seed_world(url)
        settings = Settings.model_validate({"DATABASE_URL": url, "pool_max_size": 4})
        app = create_app(settings, api_settings=api_settings(), engine_factory=fake_engine_factory)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield Shared(client, world, app, url)
    finally:
        admin = await asyncpg.connect(pg_server_url)
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await admin.close()


SHARED_FIXTURES = """Modules that opt into the shared database define ``app``, ``client`` and ``world``
as views of ``shared`` (see ``use_shared``)."""


@pytest.fixture
def use_shared(shared: Shared) -> Shared:
    return shared
