"""Bulk imports: JSON array, JSON Lines, CSV or a multipart upload, spooled to disk; the
worker CSV template, an agency's export (CSV or JSON) and the error report as CSV.

The body is never held in memory: it is streamed into a ``SpooledTemporaryFile`` (memory up
to a few MB, then disk) under a size cap, then stored with an import job (issue 17,
``matcher.jobs``) and answered 202; a job runner parses it row by row
(``matcher.imports.iter_rows``) while the pipeline validates batches in worker threads. JSON must
be UTF-8 (checked on the way in); a CSV may also be UTF-16 with a BOM or Excel's Windows-1252
(``matcher.imports.readers.sniff_encoding``, once the body is on disk).
"""

from __future__ import annotations

import asyncio
import codecs
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import IO, Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from api.deps import ApiSettingsDep, PrincipalDep, SettingsDep, connect_for
from api.limits import ImportSlots
from api.problems import BodyTimeout, UnsupportedMediaType, problem_responses
from api.routes.jobs import JobPublic, accepted, job_settings
from matcher.access import ImportService, PayloadTooLarge
from matcher.access.imports import Kind
from matcher.errors import InvalidInput
from matcher.events.exports import CSV_MEDIA_TYPE, CsvValue, write_csv
from matcher.imports import detect_format
from matcher.imports.export import export_csv, export_json, template_csv
from matcher.imports.messages import Lang, pick_lang
from matcher.imports.readers import Format, sniff_encoding
from matcher.jobs import ImportRequest, enqueue_import
from models.common import LongText, ShortText
from models.schemas import ImportErrorPublic, ImportResult

router = APIRouter(prefix="/v1/imports", tags=["imports"])

SPOOL_IN_MEMORY = 4 * 1024 * 1024
_CHUNK = 1 << 16
_FORMATS: dict[str, Format] = {
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "text/csv": "csv",
    "application/csv": "csv",
}
_ROW_SCHEMA: dict[str, Any] = {"type": "object", "description": "A row in the data contract."}
_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "array", "items": _ROW_SCHEMA}},
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "One JSON object per line."}
            },
            "text/csv": {
                "schema": {
                    "type": "string",
                    "description": "Header row with contract names; lists joined by `;`.",
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}
_RESPONSES = problem_responses(401, 403, 404, 408, 413, 415, 422, 429, 503)
AllOrNothing = Annotated[
    bool, Query(description="Store nothing when any row is bad (one transaction).")
]
LangQuery = Annotated[
    Lang | None,
    Query(
        description="Language of the row errors (en, ja, id); default from Accept-Language, "
        "else English."
    ),
]
AgencyQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=64,
        description="Admins: the owning agency's external id (default `SELF`); it must "
        "exist unless `create_agency=true`.",
    ),
]
REPORT_COLUMNS = ("row", "column", "field", "value", "message")


class ImportRowError(ImportErrorPublic):
    """A refused row; for CSV also the column as headed in the file and the cell's text."""

    column: str | None = None
    value: str | None = None


class ImportOutcome(ImportResult):
    """What an import did, with the refused rows' columns and values (the error report)."""

    errors: list[ImportRowError]  # type: ignore[assignment]


class ImportJob(JobPublic):
    """The job an import starts; once it has succeeded, ``result`` is the import report."""

    result: ImportOutcome | None = None  # type: ignore[assignment]


class ErrorReportRow(BaseModel):
    row: int = Field(ge=0)
    field: ShortText | None = None
    column: ShortText | None = None
    value: LongText | None = None
    message: LongText


class ErrorReportRequest(BaseModel):
    """The ``errors`` of an import result, sent back to be laid out as a CSV file."""

    errors: list[ErrorReportRow] = Field(max_length=1000)


def _not_utf8() -> InvalidInput:
    return InvalidInput("the body is not valid UTF-8 text", field="body")


async def _chunks(request: Request, idle_timeout: float) -> AsyncIterator[bytes]:
    """The body's chunks; a body that sends nothing for ``idle_timeout`` seconds is refused."""
    stream = request.stream().__aiter__()
    while True:
        try:
            async with asyncio.timeout(idle_timeout):
                chunk = await anext(stream)
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise BodyTimeout(
                f"the import body sent nothing for {idle_timeout:g} s; send it again"
            ) from None
        yield chunk


async def _spool_stream(
    request: Request, spool: IO[bytes], cap: int, idle_timeout: float, *, utf8: bool
) -> None:
    """Copy the raw body into ``spool``, checking its size and (``utf8``) that it is UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    try:
        async for chunk in _chunks(request, idle_timeout):
            size += len(chunk)
            if size > cap:
                raise PayloadTooLarge(f"the import is larger than {cap} bytes")
            if utf8:
                decoder.decode(chunk)
            spool.write(chunk)
        if utf8:
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _not_utf8() from None
    spool.seek(0)


def _check_utf8(file: IO[bytes]) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := file.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _not_utf8() from None
    file.seek(0)


def _csv_encoding(file: IO[bytes], field: str) -> str:
    try:
        return sniff_encoding(file)
    except ValueError as exc:
        raise InvalidInput(str(exc), field=field) from None


async def _encoding(file: IO[bytes], fmt: Format, field: str) -> str:
    """The text encoding of a spooled body: sniffed for CSV, UTF-8 (checked) for JSON."""
    if fmt == "csv":
        return await anyio.to_thread.run_sync(_csv_encoding, file, field)
    await anyio.to_thread.run_sync(_check_utf8, file)
    return "utf-8-sig"


@asynccontextmanager
async def _body(
    request: Request, cap: int, idle_timeout: float
) -> AsyncIterator[tuple[IO[bytes], Format, str]]:
    """The import body as a binary file, its format and its text encoding; closed (and
    deleted) on exit."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        async with request.form(max_files=1, max_fields=10) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InvalidInput("send the rows as a file field named 'file'", field="file")
            sent = detect_format(upload.filename, upload.content_type)
            yield upload.file, sent, await _encoding(upload.file, sent, "file")
        return
    fmt = _FORMATS.get(content_type)
    if fmt is None:
        raise UnsupportedMediaType(
            "send application/json (an array), application/x-ndjson, text/csv "
            "or multipart/form-data with a 'file' field"
        )
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        await _spool_stream(request, spool, cap, idle_timeout, utf8=fmt != "csv")
        encoding = await _encoding(spool, fmt, "body") if fmt == "csv" else "utf-8-sig"
        yield spool, fmt, encoding


async def _enqueue(
    kind: Kind,
    request: Request,
    principal: PrincipalDep,
    settings: SettingsDep,
    api_settings: ApiSettingsDep,
    *,
    agency: str | None,
    all_or_nothing: bool,
    create_agency: bool = False,
    lang: Lang = "en",
) -> JSONResponse:
    """Settle the scope, spool the body, then store the job and the body in one transaction,
    committed before the 202: a connection is held only for the first and the last step,
    never while the body arrives, and never two at once. A runner does the import."""
    slots: ImportSlots = request.app.state.import_slots
    connect = connect_for(request)
    with slots.hold(principal.token_id):
        # The scope is settled (and committed: an agency named by an admin is created) before
        # a byte of the body is read, so a caller without the right is refused cheaply.
        async with connect() as conn:
            service = ImportService(conn, principal, settings)
            scope = await (
                service.worker_scope(agency, create_agency=create_agency)
                if kind == "workers"
                else service.vacancy_scope()
            )
        cap, idle = api_settings.max_import_bytes, api_settings.import_body_idle_timeout_s
        async with _body(request, cap, idle) as (raw, fmt, encoding):
            asked = ImportRequest(kind, fmt, encoding, scope, all_or_nothing, lang)
            async with connect() as conn:
                job = await enqueue_import(conn, principal, asked, raw, job_settings(request))
    return accepted(request, job, lang)


@router.post(
    "/workers",
    status_code=202,
    response_model=ImportJob,
    summary="Bulk import workers (idempotent), as a job",
    responses=_RESPONSES,
    openapi_extra=_BODY,
)
async def import_workers(
    request: Request,
    principal: PrincipalDep,
    settings: SettingsDep,
    api_settings: ApiSettingsDep,
    agency: AgencyQuery = None,
    create_agency: Annotated[
        bool,
        Query(
            description="Admins: create the agency named by `agency` when no agency has that "
            "external id (otherwise a 422)."
        ),
    ] = False,
    all_or_nothing: AllOrNothing = False,
    lang: LangQuery = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JSONResponse:
    """Answers 202 with a job once the file is stored; poll `Location` (`GET /v1/jobs/{id}`)
    for progress (rows checked of all rows) and, when it has succeeded, the import report in
    `result`. Rows are keyed by (agency, external_id): importing the same file twice changes
    nothing. Bad rows are reported with their row number, field, CSV column and value, and a
    message in `lang` saying what is expected; good rows are stored. CSV headers may be the
    contract names or their Indonesian and English aliases (docs/api.md, "Bulk import")."""
    return await _enqueue(
        "workers",
        request,
        principal,
        settings,
        api_settings,
        agency=agency,
        create_agency=create_agency,
        all_or_nothing=all_or_nothing,
        lang=pick_lang(lang, accept_language),
    )


@router.post(
    "/vacancies",
    status_code=202,
    response_model=ImportJob,
    summary="Bulk import vacancies (idempotent), as a job",
    responses=_RESPONSES,
    openapi_extra=_BODY,
)
async def import_vacancies(
    request: Request,
    principal: PrincipalDep,
    settings: SettingsDep,
    api_settings: ApiSettingsDep,
    all_or_nothing: AllOrNothing = False,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JSONResponse:
    """Answers 202 with a job, like the worker import; its `result` is the import report
    (row errors in English). Admins import for any employer; employers import only their own
    vacancies (rows naming another employer are refused row by row). A row's embedded
    `employer` is created when new, otherwise changed only in the fields the row sends; rows
    apply in file order."""
    return await _enqueue(
        "vacancies",
        request,
        principal,
        settings,
        api_settings,
        agency=None,
        all_or_nothing=all_or_nothing,
        lang=pick_lang(None, accept_language),
    )


def _csv_file(body: bytes, filename: str) -> Response:
    return Response(
        body,
        media_type=CSV_MEDIA_TYPE,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/workers/template.csv",
    summary="The worker CSV template (header row)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **problem_responses(401, 429, 503)},
)
async def worker_template(principal: PrincipalDep) -> Response:
    """The columns the import reads, in template order (UTF-8 with BOM). Any signed-in caller
    may fetch it; docs/examples/workers.csv is the same header with example rows."""
    return _csv_file(template_csv(), "workers-template.csv")


@router.get(
    "/workers/export",
    summary="Export the agency's workers as CSV or JSON",
    response_model=None,
    responses={
        200: {"content": {"text/csv": {}, "application/json": {}}},
        **problem_responses(401, 403, 422, 429, 503),
    },
)
async def export_workers(
    request: Request,
    principal: PrincipalDep,
    settings: SettingsDep,
    format: Annotated[
        Literal["csv", "json"], Query(description="`csv` (UTF-8 with BOM) or `json`.")
    ] = "csv",
    agency: AgencyQuery = None,
) -> Response | list[dict[str, Any]]:
    """Every worker of the caller's agency, in the import's columns: importing the file again
    leaves every worker unchanged. Text cells that would start a spreadsheet formula
    (`= + - @`) get a leading `'`, which the import drops."""
    async with connect_for(request)() as conn:
        workers = await ImportService(conn, principal, settings).export_workers(agency)
    if format == "json":
        return export_json(workers)
    return _csv_file(export_csv(workers), "workers.csv")


@router.post(
    "/errors.csv",
    summary="An import's refused rows as a CSV error report",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **problem_responses(401, 413, 422, 429, 503)},
)
async def error_report(principal: PrincipalDep, body: ErrorReportRequest) -> Response:
    """The `errors` of an import result laid out as CSV (row, column, field, value, message),
    formula-safe, for a person to fix the rows in a spreadsheet."""
    rows: list[list[CsvValue]] = [
        [e.row, e.column or "", e.field or "", e.value or "", e.message] for e in body.errors
    ]
    return _csv_file(write_csv(REPORT_COLUMNS, rows), "import-errors.csv")
