"""Browser-test fixtures: the real app under uvicorn on a free port, a small seeded world, one
token per role, and Debian's headless Chromium driven by Playwright.

Without ``/usr/bin/chromium`` or the ``playwright`` package every browser test is skipped with a
reason that names what is missing (``-ra`` prints it in the summary). Playwright's own browser
downloads are never used: ``executable_path`` points at Debian's Chromium.
"""

from __future__ import annotations

import asyncio
import importlib.util
import threading
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import uvicorn

from api.app import create_app
from matcher.access import MatchingEngineProtocol
from matcher.engine import MatchingEngine
from matcher.settings import Settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import connect, with_database
from matcher.storage.employers import EmployerRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from tests import factories
from tests.api.conftest import api_settings, issue
from tests.api.job_polling import job_result
from tests.ports import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path("/tmp/ssw-web-screens")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "browser tests skipped: the 'playwright' Python package is not installed"
    if not CHROMIUM.exists():
        return f"browser tests skipped: {CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    return None


@pytest.fixture(scope="session")
def browser_available() -> None:
    reason = missing_browser()
    if reason is not None:
        pytest.skip(reason)


EVENT = {
    "name": "宮城県 合同企業面接会 Jakarta",
    "venue": "Jakarta Convention Center",
    "timezone": "Asia/Jakarta",
    "starts_on": "2026-12-05",
    "slot_plan": [
        {
            "day_start": "2026-12-05T09:00:00+07:00",
            "day_end": "2026-12-05T11:00:00+07:00",
            "slot_minutes": 20,
            "gap_minutes": 10,
        }
    ],
}


@dataclass
class LiveWorld:
    """The running app's address and what was seeded into it."""

    base_url: str
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


class ServerThread:
    """uvicorn in a background thread with its own event loop (signal handlers stay off)."""

    def __init__(self, app: Any, port: int) -> None:
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="web-test-server", daemon=True)

    def start(self, timeout: float = 60.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


async def _engine_factory(pool: asyncpg.Pool[Any], settings: Settings) -> MatchingEngineProtocol:
    return await MatchingEngine.start(pool, settings)


async def _seed(url: str, world: LiveWorld) -> None:
    """Agency AG1 with four workers, employer E-1 with a caregiver and a construction vacancy,
    and one token per role. ``w_n5`` (JLPT N5 only) lacks the N4 the caregiver job needs."""
    conn = await connect(url)
    try:
        ag1 = (await AgencyRepository(conn).ensure("AG1")).id
        employer = await EmployerRepository(conn).create(
            factories.employer(1, name="仙台介護株式会社")
        )
        assert employer is not None
        workers = WorkerRepository(conn)
        specs: dict[str, dict[str, Any]] = {
            "w_siti": {"full_name": "Siti Rahmawati"},
            "w_dewi": {
                "full_name": "Dewi Lestari",
                "province": "Jawa Tengah",
                "summary": "Perawat lansia, terbiasa shift malam di panti jompo.",
            },
            "w_n5": {
                "full_name": "Rina Kartika",
                "japanese": [{"test": "JLPT", "level": "N5", "passed_on": "2024-07-07"}],
            },
            "w_budi": {
                "full_name": "Budi Santoso",
                "province": "Jawa Timur",
                "summary": "Tukang las dan pekerja konstruksi bangunan selama lima tahun.",
                "ssw_tests": [
                    {"field": "construction", "category": "building", "passed_on": "2024-02-01"}
                ],
                "experience": [{"title": "Welder", "field": "construction", "years": 5}],
                "preferred_fields": ["construction"],
                "certificates": [],
            },
        }
        for n, (key, overrides) in enumerate(specs.items(), start=1):
            made = await workers.create(ag1, factories.worker(n, **overrides))
            assert made is not None
            world.ids[key] = made.id
        vacancies = VacancyRepository(conn)
        caregiver = await vacancies.create(
            employer.id, factories.vacancy(1, employer=None, employer_id=employer.id)
        )
        builder = await vacancies.create(
            employer.id,
            factories.vacancy(
                2,
                employer=None,
                employer_id=employer.id,
                title="建設作業員(溶接)",
                description="建設現場での溶接作業。経験者優遇。",
                ssw_field="construction",
                category="building",
                occupation=None,
                requirements={"japanese": "N4", "ssw_test": True, "min_age": 18},
                preferred={},
            ),
        )
        assert caregiver is not None and builder is not None
        world.ids.update(employer=employer.id, agency=ag1, v_care=caregiver.id, v_build=builder.id)
        world.tokens = {
            "admin": await issue(conn, "admin"),
            "agency": await issue(conn, "agency", ag1),
            "employer": await issue(conn, "employer", employer.id),
            "worker": await issue(conn, "worker", world.ids["w_n5"]),
            "organizer": await issue(conn, "organizer", subject_external_id="ORG-MIYAGI"),
        }
    finally:
        await conn.close()


async def _event(world: LiveWorld) -> None:
    """An event with the employer at two booths, every seeded worker registered and the
    shortlists built: the organiser's page plans the timetable itself."""
    org = world.auth("organizer")
    async with httpx.AsyncClient(base_url=world.base_url, timeout=60) as client:
        r = await client.post("/v1/events", json=EVENT, headers=org)
        assert r.status_code == 201, r.text
        eid = r.json()["id"]
        body = {
            "employer_id": world.ids["employer"],
            "vacancy_ids": [world.ids["v_care"], world.ids["v_build"]],
            "booths": 2,
        }
        r = await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)
        assert r.status_code == 200, r.text
        for key in ("w_siti", "w_dewi", "w_n5", "w_budi"):
            r = await client.put(
                f"/v1/events/{eid}/workers",
                json={"worker_id": world.ids[key], "max_interviews": 2},
                headers=org,
            )
            assert r.status_code == 200, r.text
        await job_result(
            client,
            await client.post(
                f"/v1/events/{eid}/shortlists", json={"limit_per_vacancy": 10}, headers=org
            ),
            org,
        )
        world.ids["event"] = eid


@pytest.fixture(scope="module")
async def live(
    browser_available: None, pg_server_url: str, template_database: str, tmp_path_factory: Any
) -> AsyncIterator[LiveWorld]:
    """The app on its own database, served over real HTTP for the browser."""
    name = f"t_web_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(pg_server_url)
    try:
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_database}")
    finally:
        await admin.close()
    url = with_database(pg_server_url, name)
    port = free_port()
    world = LiveWorld(base_url=f"http://127.0.0.1:{port}")
    server: ServerThread | None = None
    try:
        await _seed(url, world)
        settings = Settings.model_validate(
            {
                "DATABASE_URL": url,
                "embedder": "fake",
                "data_dir": str(tmp_path_factory.mktemp("web-var")),
            }
        )
        app = create_app(settings, api_settings=api_settings(), engine_factory=_engine_factory)
        server = ServerThread(app, port)
        await asyncio.to_thread(server.start)
        await _event(world)
        yield world
    finally:
        if server is not None:
            await asyncio.to_thread(server.stop)
        admin = await asyncpg.connect(pg_server_url)
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await admin.close()


@pytest.fixture(scope="module")
async def browser(browser_available: None) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def page(browser: Any, live: LiveWorld) -> AsyncIterator[Any]:
    """A fresh browser context (empty sessionStorage) per test; console errors fail the test."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    tab = await context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.set_default_timeout(15_000)
    try:
        yield tab
    finally:
        await context.close()
    # 4xx answers the page handles on purpose show up as console errors: keep script errors only.
    script_errors = [e for e in errors if "status of 4" not in e]
    assert not script_errors, script_errors


async def shot(page: Any, name: str) -> None:
    """A full-page screenshot under /tmp for a human to look at (layout, Japanese glyphs);
    Playwright creates the directory."""
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
