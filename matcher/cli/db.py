"""``matcher db``: migrations and the database the engine talks to."""

from __future__ import annotations

import typer

from matcher.cli.runtime import console, database, run
from matcher.settings import get_settings
from matcher.storage.database import resolve_database_url
from matcher.storage.migrations import applied_versions, available_migrations, migrate

db_app = typer.Typer(help="Database: migrations, status, connection URL.", no_args_is_help=True)


@db_app.command("migrate")
def migrate_command() -> None:
    """Apply pending SQL migrations in order (safe to run repeatedly and concurrently)."""

    async def main() -> None:
        async with database(require_migrated=False) as conn:
            applied = await migrate(conn)
        for m in applied:
            console.print(f"applied {m.version:04d}_{m.name}")
        console.print(f"schema up to date ({len(applied)} applied now)")

    run(main)


@db_app.command("status")
def status_command() -> None:
    """Show which migrations are applied and which are pending."""

    async def main() -> None:
        async with database(require_migrated=False) as conn:
            done = set(await applied_versions(conn))
        for m in available_migrations():
            state = "applied" if m.version in done else "pending"
            typer.echo(f"{m.version:04d}_{m.name}\t{state}")

    run(main)


@db_app.command("url")
def url_command() -> None:
    """Print the database URL (starting the embedded PostgreSQL when DATABASE_URL is unset)."""
    typer.echo(resolve_database_url(get_settings()))
