"""MatchingService: ranked, explained matches as the caller may see them.

The engine (``matcher.engine.MatchingEngine``) ranks; this layer decides which pool a caller
may rank over (its filters) and renders every result through ``WorkerService`` /
``VacancyService``, so a result the caller may not see is dropped even if the engine returned it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import date
from typing import Protocol

from matcher.access.errors import EngineUnavailable
from matcher.access.policy import require_role
from matcher.access.principal import Principal
from matcher.access.vacancies import VacancyService
from matcher.access.workers import WorkerService
from matcher.engine.results import MatchQuery, MatchResult, VacancyFilters, WorkerFilters
from matcher.storage.connection import Connection
from models.schemas.matching import RequirementCheckPublic, VacancyMatch, WorkerMatch
from models.worker import Worker


class MatchingEngineProtocol(Protocol):
    """What the API needs of the matching engine (``matcher.engine.MatchingEngine``)."""

    async def match_vacancy(
        self, vacancy_id: int, query: MatchQuery, filters: WorkerFilters
    ) -> list[MatchResult]: ...

    async def recommend_vacancies(
        self, worker_id: int, query: MatchQuery, filters: VacancyFilters
    ) -> list[MatchResult]: ...

    async def search_workers(
        self, text: str, filters: WorkerFilters, query: MatchQuery
    ) -> list[MatchResult]: ...

    async def search_vacancies(
        self, text: str, filters: VacancyFilters, query: MatchQuery
    ) -> list[MatchResult]: ...

    async def refresh(self) -> object: ...

    def stats(self) -> dict[str, int | bool | str]: ...

    async def close(self) -> None: ...


def _match_fields(result: MatchResult) -> dict[str, object]:
    return {
        "score": result.score,
        "eligible": result.eligible,
        "components": dict(result.components),
        "reasons": list(result.reasons),
        "gaps": list(result.gaps),
        "checks": [
            RequirementCheckPublic(requirement=c.requirement, status=c.status, message=c.message)
            for c in result.checks
        ],
    }


Connect = Callable[[], AbstractAsyncContextManager[Connection]]
"""Opens one short unit of work (a pooled connection in a transaction, committed on exit)."""


class MatchingService:
    """Checks, ranks and renders in three steps, each on its own: the caller's visibility is
    checked on one short unit of work, the engine ranks with no request connection held (it
    reads through a pool of its own), and the results are rendered and audited on a second
    unit of work. No request connection waits on the engine's connections."""

    def __init__(
        self,
        connect: Connect,
        principal: Principal,
        engine: MatchingEngineProtocol | None,
        *,
        today: date | None = None,
    ) -> None:
        self._connect = connect
        self.principal = principal
        self._engine = engine
        self.today = today

    @property
    def engine(self) -> MatchingEngineProtocol:
        if self._engine is None:
            raise EngineUnavailable("the matching engine is not running; try again later")
        return self._engine

    def _worker_pool(self, filters: WorkerFilters) -> WorkerFilters:
        """Narrow ``filters`` to the workers the caller may rank over."""
        p = self.principal
        if p.role == "admin":
            return filters
        if p.role == "agency":
            return replace(filters, visible_to_agency=p.subject_id or 0)
        return replace(filters, discoverable_only=True)

    async def _render_workers(self, results: list[MatchResult], action: str) -> list[WorkerMatch]:
        known = {r.subject_id: r.subject for r in results if isinstance(r.subject, Worker)}
        async with self._connect() as conn:
            workers = WorkerService(conn, self.principal, today=self.today)
            views = await workers.views([r.subject_id for r in results], action, known)
        return [
            WorkerMatch(worker=views[r.subject_id], **_match_fields(r))
            for r in results
            if r.subject_id in views
        ]

    async def _render_vacancies(self, results: list[MatchResult]) -> list[VacancyMatch]:
        async with self._connect() as conn:
            views = await VacancyService(conn, self.principal).views(
                [r.subject_id for r in results]
            )
        return [
            VacancyMatch(vacancy=views[r.subject_id], **_match_fields(r))
            for r in results
            if r.subject_id in views
        ]

    async def match_vacancy(self, vacancy_id: int, query: MatchQuery) -> list[WorkerMatch]:
        """Workers ranked for a vacancy the caller may see (workers may not rank workers)."""
        async with self._connect() as conn:
            await VacancyService(conn, self.principal).visible(vacancy_id)
        require_role(
            self.principal, "admin", "employer", "agency", "organizer", action="rank workers"
        )
        results = await self.engine.match_vacancy(
            vacancy_id, query, self._worker_pool(WorkerFilters())
        )
        return await self._render_workers(results, "match")

    async def recommend(self, worker_id: int, query: MatchQuery) -> list[VacancyMatch]:
        """Open vacancies for a worker the caller acts for (itself, its agency, an admin)."""
        async with self._connect() as conn:
            await WorkerService(conn, self.principal, today=self.today).require_owner_view(
                worker_id
            )
        results = await self.engine.recommend_vacancies(
            worker_id, query, VacancyFilters(open_only=True)
        )
        return await self._render_vacancies(results)

    async def search_workers(
        self, text: str, filters: WorkerFilters, query: MatchQuery
    ) -> list[WorkerMatch]:
        require_role(
            self.principal, "admin", "employer", "agency", "organizer", action="search workers"
        )
        results = await self.engine.search_workers(text, self._worker_pool(filters), query)
        return await self._render_workers(results, "search")

    async def search_vacancies(
        self, text: str, filters: VacancyFilters, query: MatchQuery
    ) -> list[VacancyMatch]:
        if self.principal.role == "employer":
            filters = replace(filters, employer_id=self.principal.subject_id or 0)
        results = await self.engine.search_vacancies(text, filters, query)
        return await self._render_vacancies(results)
