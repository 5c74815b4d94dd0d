"""Shared plumbing of CLI commands: run a coroutine against the configured database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import asyncpg
import typer
from rich.console import Console

from matcher.errors import MatcherError
from matcher.settings import get_settings
from matcher.storage.database import connect, resolve_database_url
from matcher.storage.migrations import applied_versions, available_migrations

T = TypeVar("T")
console = Console(stderr=True)


@asynccontextmanager
async def database(*, require_migrated: bool = True) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the configured database (starting the embedded one if needed)."""
    url = resolve_database_url(get_settings())
    conn = await connect(url)
    try:
        if require_migrated:
            pending = {m.version for m in available_migrations()} - set(
                await applied_versions(conn)
            )
            if pending:
                raise MatcherError(
                    "the database schema is not up to date: run `matcher db migrate`"
                )
        yield conn
    finally:
        await conn.close()


def run(main: Callable[[], Awaitable[T]]) -> T:
    """Run ``main`` and turn engine errors into a message and exit code 1 (no traceback)."""
    try:
        return asyncio.run(main())  # type: ignore[arg-type]
    except MatcherError as exc:
        console.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(1) from exc
