"""Bulk imports as jobs: the request stores the body and the settled scope, a runner imports.

``enqueue_import`` runs inside the request's transaction: the job row and the body (in parts of
``PART_BYTES``) are committed together before the 202, so a 2xx means the import will run
even if the client goes away and the process that answered dies. The handler reads the body
back part by part into a spooled file, counts its rows (so progress reads "rows done of
total"), runs the same pipeline as ever (``matcher.imports.import_stream``), and stores the
same report the synchronous import returned.
"""

from __future__ import annotations

import io
import logging
import tempfile
from dataclasses import asdict, dataclass
from typing import IO, Any, Literal, Protocol

import anyio

from matcher.access.principal import Principal
from matcher.errors import MatcherError
from matcher.imports import count_rows, import_stream
from matcher.imports.messages import Lang
from matcher.imports.readers import Format
from matcher.jobs.runner import Handler, JobContext, JobFailed
from matcher.jobs.service import enqueue_job
from matcher.jobs.settings import JobSettings
from matcher.settings import Settings
from matcher.storage.connection import Connection
from matcher.storage.jobs import Job, JobKind, JobRepository

log = logging.getLogger(__name__)

ImportKind = Literal["workers", "vacancies"]
JOB_KIND: dict[ImportKind, JobKind] = {
    "workers": "import_workers",
    "vacancies": "import_vacancies",
}
PART_BYTES = 1 << 20
SPOOL_IN_MEMORY = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What an import needs besides its body; stored as the job's payload."""

    kind: ImportKind
    format: Format
    encoding: str
    scope: int | None  # the owning agency (workers); the only employer allowed (vacancies)
    all_or_nothing: bool
    lang: Lang
    parts: int = 0
    size: int = 0


class Refreshable(Protocol):
    """The engine, as far as an import needs it: apply the change log now."""

    async def refresh(self) -> object: ...


async def enqueue_import(
    conn: Connection,
    principal: Principal,
    request: ImportRequest,
    body: IO[bytes],
    settings: JobSettings,
) -> Job:
    """Store an import job and its body in the caller's transaction (blocking reads of the
    spooled body run in a worker thread). An owner with ``max_unfinished_per_owner`` jobs
    queued or running is refused (429): each job holds its file in the database until it
    runs, so the queue of one tenant must not fill the disk or delay everyone else."""
    job = await enqueue_job(
        conn, principal, JOB_KIND[request.kind], {}, settings, limit_unfinished=True
    )
    repo = JobRepository(conn)
    parts = size = 0
    while chunk := await anyio.to_thread.run_sync(body.read, PART_BYTES):
        await repo.add_input(job.id, parts, chunk)
        parts += 1
        size += len(chunk)
    payload = asdict(request) | {"parts": parts, "size": size}
    return await repo.set_payload(job.id, payload)


async def _read_input(ctx: JobContext, parts: int, spool: IO[bytes]) -> None:
    async with ctx.connect() as conn:
        repo = JobRepository(conn)
        for part in range(parts):
            data = await repo.input_part(ctx.job.id, part)
            if data is None:
                raise JobFailed("input_missing")
            await anyio.to_thread.run_sync(spool.write, data)
    spool.seek(0)


def import_handler(settings: Settings, engine: Refreshable | None) -> Handler:
    """The handler of both import kinds (the payload says which)."""

    async def run(ctx: JobContext) -> dict[str, Any]:
        request = ImportRequest(**ctx.job.payload)
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
            await _read_input(ctx, request.parts, spool)
            text = io.TextIOWrapper(spool, encoding=request.encoding, newline="")
            try:
                total = await anyio.to_thread.run_sync(
                    count_rows, text, request.format, request.kind
                )
                text.seek(0)
                ctx.progress(0, total)
                # The pipeline opens its own transactions (one per batch, or one in all).
                async with ctx.connect() as conn:
                    report = await import_stream(
                        conn,
                        request.kind,
                        text,
                        request.format,
                        scope=request.scope,
                        batch_size=settings.import_batch_size,
                        max_rows=settings.import_max_rows,
                        all_or_nothing=request.all_or_nothing,
                        lang=request.lang,
                        on_progress=ctx.advance,
                    )
            finally:
                text.detach()  # the spool is closed by its own block
        if engine is not None and report.stored and (report.created or report.updated):
            try:
                await engine.refresh()
            except MatcherError as exc:  # not ready yet: its next search applies the changes
                log.info("import job %s: engine not refreshed (%s)", ctx.job.id, exc)
        return report.as_json()

    return run


def import_handlers(settings: Settings, engine: Refreshable | None) -> dict[str, Handler]:
    handler = import_handler(settings, engine)
    return {kind: handler for kind in JOB_KIND.values()}
