"""A test double of ``matcher.engine.MatchingEngine``: ranks by id, honours the filters.

It reads ids straight from PostgreSQL (tests may hold SQL) and scores deterministically, so
tests check what the API does with results, not how the lead's engine ranks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import numpy as np
import numpy.typing as npt

from matcher.engine.gaps import GapGroup
from matcher.engine.results import (
    MatchQuery,
    MatchResult,
    RequirementCheck,
    VacancyFilters,
    WorkerFilters,
)
from matcher.settings import Settings
from matcher.storage.search import NameMatch


def _result(subject_id: int, rank: int, other_id: int | None, lang: str) -> MatchResult:
    return MatchResult(
        subject_id=subject_id,
        score=round(1.0 / (rank + 1), 4),
        eligible=True,
        components={"semantic": 0.5, "field": 1.0},
        reasons=[f"reason in {lang}"],
        gaps=[],
        checks=[RequirementCheck("japanese", "met", "JLPT N4 >= N4")],
        other_id=other_id,
    )


@dataclass
class FakeMatchingEngine:
    pool: asyncpg.Pool[Any]
    ignore_filters: bool = False
    calls: list[tuple[str, Any]] = field(default_factory=list)
    refreshed: int = 0
    closed: bool = False

    @classmethod
    async def start(cls, pool: asyncpg.Pool[Any], settings: Settings) -> FakeMatchingEngine:
        return cls(pool)

    async def _workers(self, filters: WorkerFilters, limit: int) -> list[int]:
        rows = await self.pool.fetch("SELECT id, agency_id, discoverable FROM workers ORDER BY id")
        ids = []
        for r in rows:
            if not self.ignore_filters:
                if filters.discoverable_only and not r["discoverable"]:
                    continue
                if filters.agency_id is not None and r["agency_id"] != filters.agency_id:
                    continue
                if filters.visible_to_agency is not None and not (
                    r["discoverable"] or r["agency_id"] == filters.visible_to_agency
                ):
                    continue
            ids.append(r["id"])
        return ids[:limit]

    async def _vacancies(self, filters: VacancyFilters, limit: int) -> list[int]:
        rows = await self.pool.fetch("SELECT id, employer_id, status FROM vacancies ORDER BY id")
        ids = [
            r["id"]
            for r in rows
            if self.ignore_filters
            or (
                (filters.employer_id is None or r["employer_id"] == filters.employer_id)
                and (not filters.open_only or r["status"] == "open")
            )
        ]
        return ids[:limit]

    async def match_vacancy(
        self, vacancy_id: int, query: MatchQuery, filters: WorkerFilters
    ) -> list[MatchResult]:
        self.calls.append(("match_vacancy", filters))
        ids = await self._workers(filters, query.limit)
        return [_result(i, n, vacancy_id, query.lang) for n, i in enumerate(ids)]

    async def recommend_vacancies(
        self, worker_id: int, query: MatchQuery, filters: VacancyFilters
    ) -> list[MatchResult]:
        self.calls.append(("recommend_vacancies", filters))
        ids = await self._vacancies(filters, query.limit)
        return [_result(i, n, worker_id, query.lang) for n, i in enumerate(ids)]

    async def search_workers(
        self,
        text: str,
        filters: WorkerFilters,
        query: MatchQuery,
        names: Sequence[NameMatch] = (),
    ) -> list[MatchResult]:
        self.calls.append(("search_workers", filters))
        self.calls.append(("search_workers_names", [m.worker_id for m in names]))
        pool = await self._workers(filters, 1_000_000)
        # The real engine's combination rule, without the semantics: name matches first.
        first = [m.worker_id for m in names if m.worker_id in set(pool)]
        ids = [*first, *(i for i in pool if i not in set(first))][: query.limit]
        return [_result(i, n, None, query.lang) for n, i in enumerate(ids)]

    async def eligibility_gaps(self, filters: WorkerFilters) -> list[GapGroup]:
        """No requirements are modelled here: nobody is one requirement short."""
        self.calls.append(("eligibility_gaps", filters))
        return []

    async def allowed_worker_ids(self, filters: WorkerFilters) -> npt.NDArray[np.int64]:
        self.calls.append(("allowed_worker_ids", filters))
        return np.asarray(await self._workers(filters, 1_000_000), dtype=np.int64)

    async def search_vacancies(
        self, text: str, filters: VacancyFilters, query: MatchQuery
    ) -> list[MatchResult]:
        self.calls.append(("search_vacancies", filters))
        ids = await self._vacancies(filters, query.limit)
        return [_result(i, n, None, query.lang) for n, i in enumerate(ids)]

    async def refresh(self) -> None:
        self.refreshed += 1

    def stats(self) -> dict[str, int | bool | str]:
        return {"ready": True, "workers_indexed": 3, "vacancies_indexed": 2}

    async def close(self) -> None:
        self.closed = True
