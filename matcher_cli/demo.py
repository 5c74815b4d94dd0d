"""``matcher demo``: generation commands (from ``matcher.demo``) plus ``load`` into the database.

Demo workers are grouped into agencies by the prefix of their external id (``AG3-000123``
belongs to agency ``AG3``), so the demo shows several tenants side by side.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from matcher.demo import DEFAULT_SEED, ensure_preset
from matcher.imports import ImportReport, RawRow, import_vacancies, import_workers, iter_rows
from matcher.settings import get_settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.workers import WorkerRepository
from matcher_cli.demo_data import demo_app
from matcher_cli.imports import print_report
from matcher_cli.runtime import console, database, run

__all__ = ["demo_app"]


def agency_of(external_id: str) -> str:
    """The demo agency encoded in a worker's external id (``AG3-000123`` -> ``AG3``)."""
    return external_id.split("-", 1)[0] if "-" in external_id else "DEMO"


def _agencies_in(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as stream:
        return sorted(
            {agency_of(str(json.loads(line)["external_id"])) for line in stream if line.strip()}
        )


def _rows_of_agency(path: Path, agency: str) -> Iterator[RawRow]:
    with path.open(encoding="utf-8") as stream:
        for row in iter_rows(stream, "jsonl", kind="workers"):
            if row.data is None or agency_of(str(row.data.get("external_id", ""))) == agency:
                yield row


@demo_app.command("load")
def load_command(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Where the demo files are (generated if missing).")
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed of the demo data.")
    ] = DEFAULT_SEED,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when the database already has workers.")
    ] = False,
) -> None:
    """Generate the demo preset (2,000 workers, 120 employers) and import it (idempotent)."""
    settings = get_settings()
    target = directory or settings.data_dir / "demo" / "demo"

    async def main() -> list[tuple[str, ImportReport]]:
        async with database() as conn:
            if if_empty and await WorkerRepository(conn).count() > 0:
                console.print("demo: the database already has workers; nothing loaded")
                return []
            files = ensure_preset("demo", target, seed)
            reports = []
            for agency in _agencies_in(files.workers):
                owner = await AgencyRepository(conn).ensure(agency, f"Demo agency {agency}")
                rows = _rows_of_agency(files.workers, agency)
                reports.append(
                    (f"workers of {agency}", await import_workers(conn, rows, agency_id=owner.id))
                )
            with files.vacancies.open(encoding="utf-8") as stream:
                vacancies = await import_vacancies(
                    conn, iter_rows(stream, "jsonl", kind="vacancies")
                )
                reports.append(("vacancies", vacancies))
            return reports

    for label, report in run(main):
        console.print(f"{label}: ", end="")
        print_report(report, None)
