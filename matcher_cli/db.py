"""``matcher db``: migrations and the database the engine talks to."""

from __future__ import annotations

import typer

from matcher.settings import get_settings
from matcher.storage.database import resolve_database_url
from matcher.storage.migrations import applied_versions, available_migrations, migrate
from matcher_cli.runtime import console, database, run

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


@db_app.command("purge")
def purge_command(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Count what the retention periods would delete; delete nothing."
    ),
) -> None:
    """Delete what is past its retention period (MATCHER_RETENTION_*_DAYS; docs/privacy.md):
    audit rows, cancelled registrations and interviews, recorded outcomes; then rewrite the
    index snapshots without deleted workers. `matcher serve` also runs this on a schedule."""
    from matcher.retention import purge

    async def main() -> None:
        settings = get_settings()
        async with database() as conn:
            report = await purge(conn, settings, dry_run=dry_run)
        if not report.ran:
            console.print("another process is purging now; nothing done")
            return
        verb = "would delete" if dry_run else "deleted"
        c = report.counts
        typer.echo(f"audit_rows\t{c.audit_rows}\t{verb}")
        typer.echo(f"cancelled_registrations\t{c.cancelled_registrations}\t{verb}")
        typer.echo(f"cancelled_interviews\t{c.cancelled_interviews}\t{verb}")
        typer.echo(f"outcomes\t{c.outcomes}\t{verb}")
        s = report.snapshots
        typer.echo(f"snapshots_rewritten\t{s.rewritten}")
        typer.echo(f"snapshots_invalidated\t{s.invalidated}")

    run(main)
