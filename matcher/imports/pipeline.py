"""The import pipeline: validate rows, upsert them in batches, report every bad row.

Each batch is read and validated in a worker thread (pydantic and file I/O are blocking), then
written in one transaction with COPY. Good rows are stored and bad rows reported with their
row number, field and message; with ``all_or_nothing`` the whole import is one transaction that
is rolled back when any row is bad. Importing the same file twice changes nothing (rows are
keyed by owner and external id and compared by content hash).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal, TextIO

import anyio
from pydantic import BaseModel, ValidationError

from matcher.imports.messages import Lang, code_for, render
from matcher.imports.readers import Format, RawRow, iter_rows
from matcher.storage.connection import Connection
from matcher.storage.employers import EmployerRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from models.common import input_context
from models.schemas.vacancies import VacancyCreate
from models.vacancy import VacancyProfile
from models.worker import WorkerProfile

MAX_REPORTED_ERRORS = 1000
ProgressCallback = Callable[[int], None]
FOREIGN_EMPLOYER = "you may import vacancies only for your own employer"


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that was not stored: its number, the failing field (dotted path) and why, in the
    language the import was asked in; for CSV also the column as headed in the file and the
    cell's text, which the error report lists."""

    row: int
    field: str | None
    message: str
    column: str | None = None
    value: str | None = None


def _cell_of(raw: RawRow, path: str | None) -> tuple[str | None, str | None]:
    """The header and text of the cell an error at ``path`` is about: the cell at the path or
    the nearest one above it (``japanese.0.level`` came from the ``japanese`` cell), else the
    first cell below it (an item-level error such as ``certificates.0``)."""
    if path is None:
        return None, None
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        cell = raw.cells.get(".".join(parts[:end]))
        if cell is not None:
            return cell
    for key, cell in raw.cells.items():
        if key.startswith(path + "."):
            return cell[0], None
    return None, None


@dataclass(slots=True)
class ImportReport:
    """Counts of what an import did, and the rows it refused."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    stored: bool = True

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)

    def as_json(self) -> dict[str, Any]:
        """The report as the API shows it (an import job's result, the CLI's ``--report``)."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [
                {
                    "row": e.row,
                    "field": e.field,
                    "message": e.message,
                    "column": e.column,
                    "value": e.value,
                }
                for e in self.errors
            ],
            "error_count": self.error_count,
            "errors_truncated": self.errors_truncated,
            "stored": self.stored,
        }


class _AllOrNothingAbort(Exception):
    """Raised inside the outer transaction to roll back an all-or-nothing import."""


def _validation_errors(raw: RawRow, exc: ValidationError, lang: Lang) -> list[RowError]:
    errors = []
    for item in exc.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"]) or None
        if lang == "en" and not raw.cells:
            message = item["msg"].removeprefix("Value error, ")  # JSON callers: as before
        else:
            code, params = code_for(dict(item))
            message = render(code, params, lang)
        column, value = _cell_of(raw, path)
        errors.append(RowError(raw.row, path, message, column, value))
    return errors


def _raw_error(raw: RawRow, lang: Lang) -> RowError:
    """The error of a row the reader could not parse, in ``lang``."""
    if raw.code is not None and (lang != "en" or raw.error is None):
        message = render(raw.code, raw.params, lang)
    else:
        message = raw.error or render("missing", {}, lang)
    column = raw.cells[""][0] if "" in raw.cells else None
    return RowError(raw.row, None, message, column)


def _nul_path(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string holding a NUL character (PostgreSQL refuses it)."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return f"{path}.{key}".lstrip(".")
        found = _nul_path(item, f"{path}.{key}".lstrip("."))
        if found is not None:
            return found
    return None


def _validate_batch(
    rows: Iterator[RawRow], size: int, model: type[BaseModel], lang: Lang = "en"
) -> tuple[list[tuple[int, Any]], list[RowError], int]:
    """Read up to ``size`` rows and validate them (runs in a worker thread).

    Rows are new input: the rules relative to today apply (``models.common.input_context``).
    """
    good: list[tuple[int, Any]] = []
    bad: list[RowError] = []
    count = 0
    context = input_context()
    for raw in islice(rows, size):
        count += 1
        if raw.error is not None or raw.data is None:
            bad.append(_raw_error(raw, lang))
            continue
        try:
            nul = _nul_path(raw.data)
            if nul is not None:
                bad.append(RowError(raw.row, nul or None, render("nul", {}, lang)))
                continue
            good.append((raw.row, model.model_validate(raw.data, context=context)))
        except ValidationError as exc:
            bad.extend(_validation_errors(raw, exc, lang))
        except RecursionError:
            bad.append(RowError(raw.row, None, render("nested", {}, lang)))
    return good, bad, count


async def _run_batches(
    conn: Connection,
    rows: Iterator[RawRow],
    model: type[BaseModel],
    write: Callable[[list[tuple[int, Any]], ImportReport], Any],
    *,
    batch_size: int,
    max_rows: int,
    all_or_nothing: bool,
    on_progress: ProgressCallback | None,
    lang: Lang = "en",
) -> ImportReport:
    report = ImportReport()

    async def consume() -> None:
        while True:
            good, bad, count = await anyio.to_thread.run_sync(
                _validate_batch, rows, batch_size, model, lang
            )
            if count == 0:
                return
            report.rows += count
            if report.rows > max_rows:
                report.add_error(
                    RowError(
                        report.rows, None, render("too_many_rows", {"max_rows": max_rows}, lang)
                    )
                )
                return
            for error in bad:
                report.add_error(error)
            if good:
                await write(good, report)
            if on_progress is not None:
                on_progress(count)

    if not all_or_nothing:
        await consume()
        return report
    try:
        async with conn.transaction():
            await consume()
            if report.error_count:
                raise _AllOrNothingAbort
    except _AllOrNothingAbort:
        report.created = report.updated = report.unchanged = 0
        report.stored = False
    return report


async def import_workers(
    conn: Connection,
    rows: Iterator[RawRow],
    *,
    agency_id: int,
    batch_size: int = 1000,
    max_rows: int = 1_000_000,
    all_or_nothing: bool = False,
    on_progress: ProgressCallback | None = None,
    lang: Lang = "en",
) -> ImportReport:
    """Import worker rows owned by ``agency_id``; row errors are written in ``lang``."""
    repo = WorkerRepository(conn)
    first_row: dict[str, int] = {}

    async def write(good: list[tuple[int, WorkerProfile]], report: ImportReport) -> None:
        unique: list[WorkerProfile] = []
        for row, profile in good:
            seen = first_row.setdefault(profile.external_id, row)
            if seen != row:
                report.add_error(
                    RowError(
                        row,
                        "external_id",
                        render("duplicate", {"seen": seen}, lang)
                        if lang != "en"
                        else f"duplicate of row {seen} in this file",
                        value=profile.external_id,
                    )
                )
                continue
            unique.append(profile)
        outcome = await repo.upsert_many(agency_id, unique)
        report.created += len(outcome.created)
        report.updated += len(outcome.updated)
        report.unchanged += len(outcome.unchanged)

    return await _run_batches(
        conn,
        rows,
        WorkerProfile,
        write,
        batch_size=batch_size,
        max_rows=max_rows,
        all_or_nothing=all_or_nothing,
        on_progress=on_progress,
        lang=lang,
    )


async def import_vacancies(
    conn: Connection,
    rows: Iterator[RawRow],
    *,
    only_employer_id: int | None = None,
    batch_size: int = 1000,
    max_rows: int = 1_000_000,
    all_or_nothing: bool = False,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import vacancy rows; embedded employers are created, or changed in the fields a row sends.

    A row's ``employer`` names an employer by external id: a new one is created (``name`` and
    ``prefecture`` required); a known one takes the fields the row sends and keeps every other
    field, rows applying in file order (``EmployerRepository.apply_embedded``). A row whose
    employer would not be valid is refused, naming the field (``employer.prefecture``).

    ``only_employer_id`` restricts the import to one employer (an employer importing its own
    vacancies): a row naming another employer is refused and changes nothing.
    """
    employers = EmployerRepository(conn)
    vacancies = VacancyRepository(conn)
    first_row: dict[str, int] = {}

    own_external_id: str | None = None
    if only_employer_id is not None:
        own = await employers.get(only_employer_id)
        own_external_id = own.external_id if own else None

    def own_rows_only(
        good: list[tuple[int, VacancyCreate]], report: ImportReport
    ) -> list[tuple[int, VacancyCreate]]:
        """Refuse rows of other employers before anything is written (employer-scoped import)."""
        allowed = []
        for row, profile in good:
            named = profile.employer.external_id if profile.employer else None
            if named is not None and named != own_external_id:
                report.add_error(RowError(row, "employer.external_id", FOREIGN_EMPLOYER))
            elif profile.employer_id is not None and profile.employer_id != only_employer_id:
                report.add_error(RowError(row, "employer_id", FOREIGN_EMPLOYER))
            else:
                allowed.append((row, profile))
        return allowed

    def repeated(key: str, row: int, report: ImportReport) -> bool:
        """True (and reported) when an earlier row of this file had the same key."""
        seen = first_row.setdefault(key, row)
        if seen != row:
            report.add_error(RowError(row, "external_id", f"duplicate of row {seen} in this file"))
        return seen != row

    def first_of_each(
        good: list[tuple[int, VacancyCreate]], report: ImportReport
    ) -> list[tuple[int, VacancyCreate]]:
        """Refuse repeated (employer, external id) pairs before a row's employer is applied."""
        unique = []
        for row, profile in good:
            if profile.employer is not None:
                key = f"embedded:{profile.employer.external_id}/{profile.external_id}"
                if repeated(key, row, report):
                    continue
            unique.append((row, profile))
        return unique

    async def embedded_employers(
        good: list[tuple[int, VacancyCreate]], report: ImportReport
    ) -> dict[int, int]:
        """Apply the employers the rows embed, in row order: ``row -> employer id`` for the
        rows whose employer applied; the others are reported."""
        named = [(row, p.employer) for row, p in good if p.employer is not None]
        outcomes = await employers.apply_embedded(
            [e.model_dump(mode="json", exclude_unset=True) for _, e in named]
        )
        applied: dict[int, int] = {}
        for (row, _), outcome in zip(named, outcomes, strict=True):
            if outcome.employer_id is not None:
                applied[row] = outcome.employer_id
            for path, message in outcome.errors:
                report.add_error(RowError(row, f"employer.{path}".rstrip("."), message))
        return applied

    async def write(good: list[tuple[int, VacancyCreate]], report: ImportReport) -> None:
        """One transaction per batch: the employers rows change and their vacancies are stored
        together or not at all."""
        async with conn.transaction():
            await write_batch(good, report)

    async def write_batch(good: list[tuple[int, VacancyCreate]], report: ImportReport) -> None:
        if only_employer_id is not None:
            good = own_rows_only(good, report)
        good = first_of_each(good, report)
        employer_ids = await embedded_employers(good, report)
        referenced = {p.employer_id for _, p in good if p.employer_id is not None}
        existing = await employers.existing_ids(list(referenced)) if referenced else set()
        batch: list[tuple[int, VacancyProfile]] = []
        for row, profile in good:
            if profile.employer is not None:
                if row not in employer_ids:
                    continue  # its employer was refused (reported above)
                employer_id = employer_ids[row]
            else:
                assert profile.employer_id is not None
                employer_id = profile.employer_id
                if employer_id not in existing:
                    report.add_error(
                        RowError(row, "employer_id", f"no employer with id {employer_id}")
                    )
                    continue
            if repeated(f"{employer_id}/{profile.external_id}", row, report):
                continue
            batch.append((employer_id, profile))
        outcome = await vacancies.upsert_many(batch)
        report.created += len(outcome.created)
        report.updated += len(outcome.updated)
        report.unchanged += len(outcome.unchanged)

    return await _run_batches(
        conn,
        rows,
        VacancyCreate,
        write,
        batch_size=batch_size,
        max_rows=max_rows,
        all_or_nothing=all_or_nothing,
        on_progress=on_progress,
    )


async def import_stream(
    conn: Connection,
    kind: Literal["workers", "vacancies"],
    stream: TextIO,
    fmt: Format,
    *,
    scope: int | None,
    batch_size: int,
    max_rows: int,
    all_or_nothing: bool = False,
    lang: Lang = "en",
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Read ``stream`` in ``fmt`` and import it: workers owned by the agency ``scope``, or
    vacancies (``scope``: the one employer they may belong to, ``None`` for any). The one
    entry point the import job and the command line share; vacancy row errors stay English."""
    rows = iter_rows(stream, fmt, kind=kind)
    if kind == "workers":
        if scope is None:
            raise ValueError("a worker import needs the owning agency")
        return await import_workers(
            conn,
            rows,
            agency_id=scope,
            batch_size=batch_size,
            max_rows=max_rows,
            all_or_nothing=all_or_nothing,
            on_progress=on_progress,
            lang=lang,
        )
    return await import_vacancies(
        conn,
        rows,
        only_employer_id=scope,
        batch_size=batch_size,
        max_rows=max_rows,
        all_or_nothing=all_or_nothing,
        on_progress=on_progress,
    )


def count_rows(stream: TextIO, fmt: Format, kind: Literal["workers", "vacancies"]) -> int:
    """How many rows ``import_stream`` will see in ``stream`` (blocking: run it in a thread),
    so progress can say "rows done of total"; the caller rewinds the stream."""
    return sum(1 for _ in iter_rows(stream, fmt, kind=kind))
