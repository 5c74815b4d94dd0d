"""ImportService: bulk imports scoped to the caller (agencies own what they import, employers
import only their own vacancies). The scope is checked before the body is read.

An admin names the owning agency; an agency that does not exist is refused (422 naming
``agency``, with close matches) unless ``create_agency`` is set: a typo (``AGI`` for ``AG1``)
must not file a whole import under a new agency."""

from __future__ import annotations

from typing import Literal, TextIO

from matcher.access.principal import Principal
from matcher.access.vacancies import VacancyService
from matcher.access.workers import WorkerService
from matcher.imports import ImportReport, import_vacancies, import_workers, iter_rows
from matcher.imports.messages import Lang
from matcher.imports.readers import Format
from matcher.settings import Settings
from matcher.storage.connection import Connection
from matcher.storage.workers import WorkerPageFilter, WorkerRepository
from models.worker import Worker

EXPORT_PAGE = 1000

Kind = Literal["workers", "vacancies"]


class ImportService:
    def __init__(self, conn: Connection, principal: Principal, settings: Settings) -> None:
        self.conn = conn
        self.principal = principal
        self.settings = settings

    async def worker_scope(self, agency: str | None, *, create_agency: bool = False) -> int:
        """The agency id imported workers will belong to (raises when the caller may not).

        The role check comes first, so an agency's or employer's token learns nothing about
        other agencies; an admin's named agency must exist unless ``create_agency``.
        """
        return await WorkerService(self.conn, self.principal).owning_agency(
            agency, create_agency=create_agency
        )

    async def vacancy_scope(self) -> int | None:
        return await VacancyService(self.conn, self.principal).import_scope()

    async def run(
        self,
        kind: Kind,
        stream: TextIO,
        fmt: Format,
        *,
        scope: int | None,
        all_or_nothing: bool,
        lang: Lang = "en",
    ) -> ImportReport:
        """Import ``stream``; ``scope`` is what ``worker_scope``/``vacancy_scope`` returned.
        Worker row errors are written in ``lang`` (vacancy imports stay in English)."""
        rows = iter_rows(stream, fmt, kind=kind)
        batch_size = self.settings.import_batch_size
        max_rows = self.settings.import_max_rows
        if kind == "workers":
            assert scope is not None
            return await import_workers(
                self.conn,
                rows,
                agency_id=scope,
                batch_size=batch_size,
                max_rows=max_rows,
                all_or_nothing=all_or_nothing,
                lang=lang,
            )
        return await import_vacancies(
            self.conn,
            rows,
            only_employer_id=scope,
            batch_size=batch_size,
            max_rows=max_rows,
            all_or_nothing=all_or_nothing,
        )

    async def export_workers(self, agency: str | None) -> list[Worker]:
        """Every worker of the caller's agency (an admin names the agency), in id order.

        The same scope as importing: an agency exports what it may import, and an employer or
        worker token is refused before anything is read."""
        agency_id = await self.worker_scope(agency)
        repo = WorkerRepository(self.conn)
        workers: list[Worker] = []
        after = 0
        while page := await repo.page(
            WorkerPageFilter(agency_id=agency_id), after_id=after, limit=EXPORT_PAGE
        ):
            workers.extend(page)
            after = page[-1].id
        return workers
