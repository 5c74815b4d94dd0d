"""MatchingService: ranked, explained matches as the caller may see them.

The engine (``matcher.engine.MatchingEngine``) ranks; this layer decides which pool a caller
may rank over (its filters) and renders every result through ``WorkerService`` /
``VacancyService``, so a result the caller may not see is dropped even if the engine returned it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

import numpy as np
import numpy.typing as npt

from matcher.access.errors import EngineUnavailable, ValidationFailed
from matcher.access.policy import require_role
from matcher.access.principal import Principal
from matcher.access.vacancies import VacancyService
from matcher.access.workers import WorkerService
from matcher.engine.gaps import GapGroup
from matcher.engine.highlights import worker_highlights
from matcher.engine.results import MatchQuery, MatchResult, VacancyFilters, WorkerFilters
from matcher.storage.audit import DisclosureRepository
from matcher.storage.database import Connect
from matcher.storage.search import NameMatch, NameScope, SortKey, WorkerSearchRepository
from matcher.storage.workers import WorkerRepository
from models.common import Lang
from models.schemas.matching import (
    MAX_SEARCH_DEPTH,
    NAME_SORT_ROLES,
    EligibilityGap,
    RequirementCheckPublic,
    VacancyMatch,
    WorkerMatch,
    WorkerSort,
)
from models.worker import Worker


@dataclass(frozen=True, slots=True)
class WorkerSearch:
    """A worker search as the API received it: ``text`` None lists without ranking."""

    text: str | None
    filters: WorkerFilters
    query: MatchQuery
    mine_only: bool = False
    sort: WorkerSort = "relevance"
    descending: bool = False
    offset: int = 0


class MatchingEngineProtocol(Protocol):
    """What the API needs of the matching engine (``matcher.engine.MatchingEngine``)."""

    async def match_vacancy(
        self, vacancy_id: int, query: MatchQuery, filters: WorkerFilters
    ) -> list[MatchResult]: ...

    async def recommend_vacancies(
        self, worker_id: int, query: MatchQuery, filters: VacancyFilters
    ) -> list[MatchResult]: ...

    async def search_workers(
        self,
        text: str,
        filters: WorkerFilters,
        query: MatchQuery,
        names: Sequence[NameMatch] = (),
    ) -> list[MatchResult]: ...

    async def allowed_worker_ids(self, filters: WorkerFilters) -> npt.NDArray[np.int64]: ...

    async def eligibility_gaps(self, filters: WorkerFilters) -> list[GapGroup]: ...

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

    async def _name_matches(self, text: str, mine_only: bool) -> list[NameMatch]:
        """Lexical matches of ``text`` on the names and ids the caller may look up.

        A name or id is looked up only where the caller sees it: admins everywhere; an agency
        among its own workers and (unless ``mine_only``) other agencies' discoverable ones
        (the contact-hidden view carries both); an employer only among workers disclosed to
        it (a masked view shows neither, so matching on them would reveal who is behind a
        masked result); organisers never (they see masked views only)."""
        p = self.principal
        if p.role == "admin":
            scope = NameScope(everyone=True)
        elif p.role == "agency":
            scope = NameScope(agency_id=p.subject_id or 0, discoverable=not mine_only)
        elif p.role == "employer":
            scope = NameScope(everyone=True)
        else:
            return []
        async with self._connect() as conn:
            found = await WorkerSearchRepository(conn).name_matches(text, scope)
            if p.role == "employer":
                disclosed = await DisclosureRepository(conn).disclosed_to(
                    p.subject_id or 0, [m.worker_id for m in found]
                )
                found = [m for m in found if m.worker_id in disclosed]
        return found

    def _check_search(self, request: WorkerSearch) -> None:
        errors: list[tuple[str, str]] = []
        role = self.principal.role
        if request.mine_only and role != "agency":
            errors.append(("filters.mine_only", "only an agency has workers of its own"))
        if request.text is not None and request.sort != "relevance":
            errors.append(("sort", "a query is ordered by relevance; leave out sort or query"))
        if request.sort == "name" and role not in NAME_SORT_ROLES:
            errors.append(("sort", "names are hidden from this role, so it cannot sort by them"))
        if request.text is not None and request.offset + request.query.limit > MAX_SEARCH_DEPTH:
            errors.append(
                ("offset", f"a query's results reach {MAX_SEARCH_DEPTH} deep (offset + limit)")
            )
        if errors:
            raise ValidationFailed("the search request is invalid", errors)

    async def search_workers(self, request: WorkerSearch) -> tuple[list[WorkerMatch], int]:
        """One page of a hybrid search (names and ids first, then by meaning) or, without a
        query, of the filtered workers in ``sort`` order; with the total the caller may see
        that passes the filters."""
        require_role(
            self.principal, "admin", "employer", "agency", "organizer", action="search workers"
        )
        self._check_search(request)
        filters = self._worker_pool(request.filters)
        if request.mine_only:
            filters = replace(filters, agency_id=self.principal.subject_id or 0)
        allowed = await self.engine.allowed_worker_ids(filters)
        total = int(allowed.shape[0])
        if request.text is None:
            sort: SortKey = "id" if request.sort == "relevance" else request.sort
            async with self._connect() as conn:
                ids = await WorkerSearchRepository(conn).sorted_page(
                    allowed.tolist(),
                    sort,
                    descending=request.descending,
                    offset=request.offset,
                    limit=request.query.limit,
                )
            return await self._render_listing(ids, request.query.lang), total
        names = await self._name_matches(request.text, request.mine_only)
        deep = replace(request.query, limit=request.offset + request.query.limit)
        results = await self.engine.search_workers(request.text, filters, deep, names)
        return await self._render_workers(results[request.offset :], "search"), total

    async def _render_listing(self, ids: Sequence[int], lang: Lang) -> list[WorkerMatch]:
        today = self.today or date.today()
        async with self._connect() as conn:
            service = WorkerService(conn, self.principal, today=self.today)
            found = await WorkerRepository(conn).get_many(ids)
            views = await service.views(ids, "list", found)
        rows = []
        for worker_id in ids:
            if worker_id not in views:
                continue
            reasons, gaps = worker_highlights(found[worker_id], today, lang)
            rows.append(
                WorkerMatch(
                    worker=views[worker_id],
                    score=0.0,
                    eligible=True,
                    components={},
                    reasons=reasons,
                    gaps=gaps,
                )
            )
        return rows

    async def eligibility_gaps(self, lang: Lang) -> list[EligibilityGap]:
        """The caller's near misses for open vacancies: an agency's own workers (an admin's:
        everyone's). Only whoever acts for the workers sees what they lack in aggregate."""
        require_role(self.principal, "admin", "agency", action="summarise eligibility gaps")
        filters = WorkerFilters()
        if self.principal.role == "agency":
            filters = WorkerFilters(agency_id=self.principal.subject_id or 0)
        groups = await self.engine.eligibility_gaps(filters)
        return [
            EligibilityGap(
                requirement=g.requirement,
                detail=g.detail,
                workers=len(g.worker_ids),
                vacancies=len(g.vacancy_ids),
                worker_ids=sorted(g.worker_ids),
                text=g.line(lang),
            )
            for g in groups
        ]

    async def search_vacancies(
        self, text: str, filters: VacancyFilters, query: MatchQuery
    ) -> list[VacancyMatch]:
        if self.principal.role == "employer":
            filters = replace(filters, employer_id=self.principal.subject_id or 0)
        results = await self.engine.search_vacancies(text, filters, query)
        return await self._render_vacancies(results)
