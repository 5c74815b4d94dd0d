"""The benchmark's own PostgreSQL: an embedded cluster under the bench data dir, one database
per run (``bench_*``), dropped and re-created so every run starts from an empty schema."""

from __future__ import annotations

import re
from pathlib import Path

import anyio
import asyncpg

from matcher.storage.database import connect, start_embedded_postgres, with_database
from matcher.storage.migrations import migrate

_NAME = re.compile(r"^bench_[a-z0-9_]{1,50}$")


async def server_url(data_dir: Path) -> str:
    """Start (or reuse) the embedded server of the bench data dir; never the demo's."""
    return await anyio.to_thread.run_sync(start_embedded_postgres, (data_dir / "pg").resolve())


async def fresh_database(url: str, name: str) -> str:
    """Drop and re-create database ``name`` (must start with ``bench_``), migrated; its URL."""
    if not _NAME.match(name):
        raise ValueError(f"benchmark databases are named bench_*, got {name!r}")
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    target = with_database(url, name)
    conn = await connect(target)
    try:
        await migrate(conn)
    finally:
        await conn.close()
    return target
