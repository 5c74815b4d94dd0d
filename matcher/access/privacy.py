"""PrivacyService: subject access (export) and erasure of one worker (docs/privacy.md).

- Export: the worker itself, its agency or an admin get everything held about the person as
  one JSON document; a read by anyone but the worker is audited like any full read.
- Erasure: the worker's agency or an admin, confirming with the worker's external id (a
  mistyped worker id must not erase somebody else). The database part runs in the caller's
  transaction (``erase``, with the job that follows it: ``matcher.jobs.erasure``); that job's
  ``forget_erased`` brings its process's index and the snapshot files in line, so no vector or
  id of the person stays on disk or in memory.
  Audit rows keep a random negative pseudonym instead of the worker id, shared by all of that
  person's rows, so the log still shows what happened to one person without saying who.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, date, datetime

import anyio

from matcher.access.consents import consent_public
from matcher.access.matching import MatchingEngineProtocol
from matcher.access.policy import may_erase_worker, may_manage_consents
from matcher.access.principal import Principal
from matcher.access.workers import WorkerService, render_worker
from matcher.engine.snapshots import ScrubReport, scrub_snapshot_files
from matcher.errors import InvalidInput, NotFound, PermissionDenied
from matcher.settings import Settings
from matcher.storage.audit import AuditRepository
from matcher.storage.connection import Connection
from matcher.storage.consents import ConsentRepository
from matcher.storage.database import Connect
from matcher.storage.privacy import PrivacyRepository
from models.schemas.consents import AccessRecord, WorkerExport
from models.schemas.workers import WorkerPublic

log = logging.getLogger(__name__)


def new_pseudonym() -> int:
    """A random negative id: never a worker id (those are positive), not derived from the
    erased id (nothing links the two), the same for all rows of one erasure."""
    return -(secrets.randbits(62) + 1)


class PrivacyService:
    def __init__(
        self, conn: Connection, principal: Principal, *, today: date | None = None
    ) -> None:
        self.conn = conn
        self.principal = principal
        self.today = today or date.today()
        self.workers = WorkerService(conn, principal, today=self.today)
        self.repo = PrivacyRepository(conn)

    async def export(self, worker_id: int) -> WorkerExport:
        worker, _ = await self.workers._visible(worker_id)
        if not may_manage_consents(self.principal, worker):
            raise PermissionDenied("only the worker, its agency or an admin may export its data")
        sections = await self.repo.export_sections(worker.id)
        consents = await ConsentRepository(self.conn).for_worker(worker.id)
        access = [AccessRecord(**row) for row in sections.pop("access_log")]
        await AuditRepository(self.conn).record(
            token_id=self.principal.token_id,
            role=self.principal.role,
            subject_id=self.principal.subject_id,
            worker_ids={} if self.principal.acts_for("worker", worker.id) else {worker.id: "full"},
            action="export",
        )
        view = render_worker(worker, "full", self.today)
        assert isinstance(view, WorkerPublic)
        return WorkerExport(
            exported_at=datetime.now(UTC),
            worker=view,
            consents=[consent_public(c) for c in consents],
            access_log=access,
            **sections,
        )

    async def erase(self, worker_id: int, confirm: str | None) -> int:
        """Erase the worker in the caller's transaction; returns the audit pseudonym.

        ``confirm`` must equal the worker's external id (422 naming ``confirm`` otherwise).
        """
        worker, _ = await self.workers._visible(worker_id)
        if not may_erase_worker(self.principal, worker):
            raise PermissionDenied("only the worker's agency or an admin may erase a worker")
        if confirm is None:
            raise InvalidInput(
                "erasure cannot be undone: confirm it with confirm=<the worker's external id>",
                field="confirm",
            )
        if confirm != worker.external_id:
            raise InvalidInput(
                "confirm does not match the worker's external id; nothing was erased",
                field="confirm",
            )
        pseudonym = new_pseudonym()
        if not await self.repo.erase(worker.id, pseudonym):
            raise NotFound(f"no worker with id {worker_id}")
        await AuditRepository(self.conn).record(
            token_id=self.principal.token_id,
            role=self.principal.role,
            subject_id=self.principal.subject_id,
            worker_ids={pseudonym: "full"},
            action="erase",
        )
        return pseudonym


async def forget_erased(
    connect: Connect,
    engine: MatchingEngineProtocol | None,
    settings: Settings,
) -> ScrubReport:
    """After an erasure has committed: apply it to this process's index, drop the dead slot
    (vector and id) from memory, and rewrite the snapshot files without it. Run by the
    erasure's ``scrub_erasure`` job (``matcher.jobs.erasure``), not by the request.

    ``connect`` opens a unit of work (outside the erasing transaction) to ask which ids still
    exist; it is opened only for the scrub of the files, not while the engine refreshes on a
    connection of its own. Other server processes drop the worker from their search state on
    their next refresh (the change log's ``delete``); their memory keeps the dead slot until
    their index is next rebuilt, and a snapshot they save before that is scrubbed by the next
    scheduled purge (docs/privacy.md, "Erasure").
    """
    if engine is not None:
        from matcher.engine import MatchingEngine

        if isinstance(engine, MatchingEngine) and engine.ready:
            await engine.refresh()
            await anyio.to_thread.run_sync(engine.state.workers.rebuild)
    async with connect() as conn:
        return await scrub_snapshots(conn, settings)


async def scrub_snapshots(conn: Connection, settings: Settings) -> ScrubReport:
    """Rewrite worker and vacancy snapshot files without deleted objects and dead slots."""
    repo = PrivacyRepository(conn)
    directory = settings.snapshot_dir
    if not directory.exists():
        return ScrubReport()
    workers = await scrub_snapshot_files(
        directory, "worker", lambda ids: repo.deleted_ids("worker", ids)
    )
    vacancies = await scrub_snapshot_files(
        directory, "vacancy", lambda ids: repo.deleted_ids("vacancy", ids)
    )
    return ScrubReport(
        workers.rewritten + vacancies.rewritten,
        workers.invalidated + vacancies.invalidated,
        workers.dropped_ids + vacancies.dropped_ids,
    )
