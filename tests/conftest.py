"""Test fixtures shared by the whole suite: a real PostgreSQL, a fresh database per test.

The session starts one private embedded PostgreSQL (or uses ``MATCHER_TEST_DATABASE_URL``),
migrates a template database once, and clones it for each test that asks for ``db_url``:
``CREATE DATABASE ... TEMPLATE`` costs tens of milliseconds and gives full isolation, including
for code that opens its own transactions and pools. Never SQLite, never a mock.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from matcher.settings import get_settings
from matcher.storage.database import (
    connect,
    start_embedded_postgres,
    stop_embedded_postgres,
    with_database,
)
from matcher.storage.migrations import migrate

TEMPLATE = "matcher_test_template"

# Thread counts are set before anything numeric is imported by the tests (PITFALLS.md).
os.environ.setdefault("OMP_NUM_THREADS", "2")


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of the PostgreSQL server the suite runs against.

    The cluster lives in its own temporary directory, not under pytest's ``tmp_path``: pytest
    prunes old base directories, which would pull the data directory from under a server still
    used by a concurrent test session.
    """
    external = os.environ.get("MATCHER_TEST_DATABASE_URL")
    if external:
        yield external
        return
    root = Path(tempfile.mkdtemp(prefix="matcher-test-pg-"))
    try:
        yield start_embedded_postgres(root / "data", keep_running=False)
    finally:
        stop_embedded_postgres(root / "data")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
async def template_database(pg_server_url: str) -> str:
    """A migrated database that every test database is cloned from."""
    admin = await asyncpg.connect(pg_server_url)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {TEMPLATE}")
    finally:
        await admin.close()
    conn = await connect(with_database(pg_server_url, TEMPLATE))
    try:
        await migrate(conn)
    finally:
        await conn.close()
    return TEMPLATE


@asynccontextmanager
async def scratch_database(pg_server_url: str, template: str | None) -> AsyncIterator[str]:
    """URL of a new database (a copy of ``template``, or empty), dropped on exit."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(pg_server_url)
    try:
        clause = f" TEMPLATE {template}" if template else ""
        await admin.execute(f"CREATE DATABASE {name}{clause}")
    finally:
        await admin.close()
    try:
        yield with_database(pg_server_url, name)
    finally:
        admin = await asyncpg.connect(pg_server_url)
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await admin.close()


@pytest.fixture
async def db_url(pg_server_url: str, template_database: str) -> AsyncIterator[str]:
    """URL of a fresh, migrated database private to one test."""
    async with scratch_database(pg_server_url, template_database) as url:
        yield url


@pytest.fixture
async def conn(db_url: str) -> AsyncIterator[asyncpg.Connection]:
    """One connection (with the project's codecs) to the test's database."""
    connection = await connect(db_url)
    try:
        yield connection
    finally:
        await connection.close()


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test sees settings built from its own environment, with a private data dir."""
    monkeypatch.setenv("MATCHER_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MATCHER_EMBEDDER", "fake")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
