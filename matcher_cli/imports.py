"""``matcher import``: bulk import of workers and vacancies from JSON, JSON Lines or CSV.

The command imports in its own process, not as a job of a server (the API's imports are jobs,
issue 17): it is what loads data when no server runs (``make run`` loads the demo with it), and
its exit code must say how the import ended. It runs the pipeline the jobs run
(``matcher.imports.import_stream``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal, TextIO

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from matcher.access.agencies import CLI_CREATE_HINT, resolve_agency
from matcher.imports import ImportReport, detect_format, import_stream
from matcher.imports.readers import Format, sniff_encoding
from matcher.settings import get_settings
from matcher_cli.runtime import console, database, run

EXIT_ROW_ERRORS = 3
"""Exit code when the good rows were stored and some rows were refused (see the report)."""

import_app = typer.Typer(
    help="Bulk import (idempotent; bad rows are reported, good rows kept). Exit codes: 0 all "
    "rows stored, 3 good rows stored but some rows refused, 1 nothing stored (an "
    "--all-or-nothing import with bad rows, or a refused command), 2 a usage error.",
    no_args_is_help=True,
)

FileArg = Annotated[
    Path,
    typer.Argument(exists=True, dir_okay=False, readable=True, help="JSON, JSONL or CSV file."),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", help="json, jsonl or csv; guessed from the file name when omitted."),
]
AllOrNothingOpt = Annotated[
    bool, typer.Option("--all-or-nothing", help="Store nothing when any row is bad.")
]
ReportOpt = Annotated[
    Path | None, typer.Option("--report", help="Also write the full report as JSON to this file.")
]


class _CountingReader:
    """Wraps a text file to report characters read, for a progress bar over an unknown row count."""

    def __init__(self, stream: TextIO, progress: Progress, task: int) -> None:
        self._stream = stream
        self._progress = progress
        self._task = task

    def read(self, size: int = -1) -> str:
        chunk = self._stream.read(size)
        self._progress.update(self._task, advance=len(chunk.encode()))  # type: ignore[arg-type]
        return chunk

    def __iter__(self) -> _CountingReader:
        return self

    def __next__(self) -> str:
        line = self._stream.readline()
        if not line:
            raise StopIteration
        self._progress.update(self._task, advance=len(line.encode()))  # type: ignore[arg-type]
        return line


def _resolve_format(path: Path, fmt: str | None) -> Format:
    if fmt is None:
        return detect_format(path.name)
    if fmt not in ("json", "jsonl", "csv"):
        raise typer.BadParameter("must be json, jsonl or csv", param_hint="--format")
    return fmt  # type: ignore[return-value]


def print_report(report: ImportReport, report_file: Path | None) -> None:
    """Summarise an import on the terminal; the full error list goes to ``report_file``."""
    console.print(
        f"rows {report.rows}: created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, errors {report.error_count}"
        + ("" if report.stored else " — nothing stored (--all-or-nothing)")
    )
    for error in report.errors[:20]:
        console.print(f"  row {error.row}: {error.field or '-'}: {error.message}")
    if report.error_count > 20:
        console.print(f"  … and {report.error_count - 20} more")
    if report_file is not None:
        payload = report.as_json()  # the same report an import job's result holds
        report_file.write_text(json.dumps(payload, ensure_ascii=False, indent=2))


def _import(
    kind: Literal["workers", "vacancies"],
    path: Path,
    fmt: Format,
    agency: str | None,
    all_or_nothing: bool,
    *,
    create_agency: bool = False,
) -> ImportReport:
    settings = get_settings()
    size = path.stat().st_size
    encoding = "utf-8-sig"
    if fmt == "csv":
        with path.open("rb") as binary:
            try:
                encoding = sniff_encoding(binary)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint="PATH") from None

    async def main() -> ImportReport:
        async with database() as conn:
            owner_id: int | None = None
            if kind == "workers":
                # Settled before the progress bar starts: a typo ends the command at once.
                assert agency is not None
                owner = await resolve_agency(
                    conn, agency, create=create_agency, create_hint=CLI_CREATE_HINT
                )
                owner_id = owner.id
            with (
                path.open(encoding=encoding, newline="") as stream,
                Progress(
                    TextColumn(f"importing {kind}"),
                    BarColumn(),
                    TextColumn("{task.percentage:>3.0f}%"),
                    TimeRemainingColumn(),
                    console=console,
                ) as progress,
            ):
                task = progress.add_task(kind, total=size)
                return await import_stream(
                    conn,
                    kind,
                    _CountingReader(stream, progress, task),  # type: ignore[arg-type]
                    fmt,
                    scope=owner_id,
                    batch_size=settings.import_batch_size,
                    max_rows=settings.import_max_rows,
                    all_or_nothing=all_or_nothing,
                )

    return run(main)


@import_app.command("workers")
def import_workers_command(
    path: FileArg,
    agency: Annotated[
        str,
        typer.Option(
            "--agency",
            help="External id of the agency that owns these workers; it must exist unless "
            "--create-agency is given.",
        ),
    ],
    create_agency: Annotated[
        bool,
        typer.Option(
            "--create-agency", help="Create the agency when no agency has that external id."
        ),
    ] = False,
    fmt: FormatOpt = None,
    all_or_nothing: AllOrNothingOpt = False,
    report_file: ReportOpt = None,
) -> None:
    """Import workers owned by an agency; re-importing the same file changes nothing.

    An unknown --agency is refused (exit code 1, naming the closest existing agencies), so
    that a typo does not file the whole import under a new agency. Exit code 3: the good rows
    were stored and some rows were refused; 1: nothing was stored (--all-or-nothing).
    CSV headers may be Indonesian or English aliases; the encoding (UTF-8, UTF-16, cp1252) and
    the delimiter (, ; tab) are detected.
    """
    report = _import(
        "workers",
        path,
        _resolve_format(path, fmt),
        agency,
        all_or_nothing,
        create_agency=create_agency,
    )
    print_report(report, report_file)
    _exit(report)


def _exit(report: ImportReport) -> None:
    """0 when every row was stored, ``EXIT_ROW_ERRORS`` when the good rows were stored and
    some were refused, 1 when nothing was stored because of bad rows (--all-or-nothing)."""
    if report.error_count:
        raise typer.Exit(EXIT_ROW_ERRORS if report.stored else 1)


@import_app.command("vacancies")
def import_vacancies_command(
    path: FileArg,
    fmt: FormatOpt = None,
    all_or_nothing: AllOrNothingOpt = False,
    report_file: ReportOpt = None,
) -> None:
    """Import vacancies; employers embedded in rows are created or updated on the fly."""
    report = _import("vacancies", path, _resolve_format(path, fmt), None, all_or_nothing)
    print_report(report, report_file)
    _exit(report)
