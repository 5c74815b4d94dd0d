"""``matcher events``: export an event's timetable and run the demo event.

The command line acts as an internal administrator (it holds the database credentials).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from matcher.access.principal import ADMIN
from matcher.events import DemoReport, EventService, run_demo_event
from matcher.settings import get_settings
from matcher.storage.database import create_pool, resolve_database_url
from matcher_cli.runtime import console, database, run

events_app = typer.Typer(help="Business-matching events.", no_args_is_help=True)


@events_app.command("export")
def export_command(
    event_id: Annotated[int, typer.Argument(help="Event id.", min=1)],
    kind: Annotated[
        str, typer.Option("--kind", help="employer, worker or room (CSV), or html.")
    ] = "employer",
    out: Annotated[Path, typer.Option("--out", help="File to write.")] = Path("timetable.csv"),
) -> None:
    """Write an event's timetable as CSV (per employer, worker or room) or printable HTML."""
    if kind not in ("employer", "worker", "room", "html"):
        raise typer.BadParameter("expected employer, worker, room or html", param_hint="--kind")

    async def main() -> int:
        async with database() as conn:
            file = await EventService(conn, ADMIN).export(event_id, kind)
        out.write_bytes(file.content)
        return len(file.content)

    size = run(main)
    console.print(f"events: wrote {out} ({size} bytes)")


@events_app.command("demo")
def demo_command(
    employers: Annotated[int, typer.Option(help="Employers to register.", min=1)] = 120,
    workers: Annotated[int, typer.Option(help="Workers to register.", min=1)] = 1200,
    slots: Annotated[int, typer.Option(help="Interview slots.", min=1, max=24)] = 12,
    booths: Annotated[int, typer.Option(help="Booths per employer.", min=1)] = 2,
    mode: Annotated[str, typer.Option(help="optimal or stable.")] = "optimal",
    shortlist: Annotated[int, typer.Option(help="Candidates per vacancy.", min=1)] = 30,
) -> None:
    """Create a demo event on the loaded demo data (`matcher demo load`) and plan it."""
    if mode not in ("optimal", "stable"):
        raise typer.BadParameter("expected optimal or stable", param_hint="--mode")

    async def main() -> DemoReport:
        from matcher.engine import MatchingEngine

        settings = get_settings()
        pool = await create_pool(resolve_database_url(settings), min_size=1, max_size=4)
        try:
            async with database():  # checks the schema is migrated
                pass
            engine = await MatchingEngine.start(pool, settings)
            try:
                async with pool.acquire() as conn, conn.transaction():
                    return await run_demo_event(
                        conn,
                        engine,
                        employers=employers,
                        workers=workers,
                        slots=slots,
                        booths=booths,
                        shortlist_per_vacancy=shortlist,
                        mode="stable" if mode == "stable" else "optimal",
                    )
            finally:
                await engine.close()
        finally:
            await pool.close()

    report = run(main)
    console.print(
        f"events: demo event {report.event_id}: {report.employers} employers, "
        f"{report.vacancies} vacancies, {report.workers} workers, {report.slots} slots, "
        f"{report.candidate_pairs} candidate pairs"
    )
    console.print(
        f"events: {report.interviews} interviews, total score {report.total_score:.2f}; "
        f"shortlists {report.shortlist_seconds:.2f} s, solve {report.solve_seconds:.2f} s"
    )
    typer.echo(f"solve_seconds={report.solve_seconds:.3f}")
