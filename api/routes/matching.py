"""Ranked, explained matches: workers for a vacancy, vacancies for a worker, free-text search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ConnectDep, EngineDep, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.access import MatchingService
from matcher.engine.results import MatchQuery, VacancyFilters, WorkerFilters
from models.common import Lang
from models.schemas import (
    VacancyMatchList,
    VacancySearchRequest,
    WorkerMatchList,
    WorkerSearchRequest,
)
from models.schemas.matching import MAX_RESULTS

router = APIRouter(prefix="/v1", tags=["matching"])
_ERRORS = problem_responses(401, 403, 404, 422, 429, 503)

ResultLimit = Annotated[int, Query(ge=1, le=MAX_RESULTS, description="Results (max 200).")]
LangQuery = Annotated[Lang, Query(description="Language of reasons and gaps: en, ja or id.")]
IneligibleQuery = Annotated[
    bool,
    Query(
        description="Also return results that fail a hard requirement: ranked by the same score and "
        "marked `eligible: false`, with the unmet requirements in `gaps`."
    ),
]


@router.get(
    "/vacancies/{vacancy_id}/matches",
    response_model=WorkerMatchList,
    summary="Workers ranked for a vacancy, explained",
    responses=_ERRORS,
)
async def match_vacancy(
    vacancy_id: Annotated[int, id_path("Vacancy id.")],
    connect: ConnectDep,
    principal: PrincipalDep,
    engine: EngineDep,
    limit: ResultLimit = 20,
    lang: LangQuery = "en",
    include_ineligible: IneligibleQuery = False,
) -> WorkerMatchList:
    """Employers rank discoverable workers for their own vacancies and see them masked until
    the worker is shortlisted or consents; agencies rank their own and discoverable workers."""
    query = MatchQuery(limit=limit, lang=lang, include_ineligible=include_ineligible)
    data = await MatchingService(connect, principal, engine).match_vacancy(vacancy_id, query)
    return WorkerMatchList(data=data, count=len(data))


@router.get(
    "/workers/{worker_id}/recommendations",
    response_model=VacancyMatchList,
    summary="Open vacancies recommended for a worker, explained",
    responses=_ERRORS,
)
async def recommend_vacancies(
    worker_id: Annotated[int, id_path("Worker id.")],
    connect: ConnectDep,
    principal: PrincipalDep,
    engine: EngineDep,
    limit: ResultLimit = 20,
    lang: LangQuery = "en",
    include_ineligible: IneligibleQuery = False,
) -> VacancyMatchList:
    """For the worker itself, its agency and admins."""
    query = MatchQuery(limit=limit, lang=lang, include_ineligible=include_ineligible)
    data = await MatchingService(connect, principal, engine).recommend(worker_id, query)
    return VacancyMatchList(data=data, count=len(data))


@router.post(
    "/search/workers",
    response_model=WorkerMatchList,
    summary="Search workers by free text and filters",
    responses=problem_responses(401, 403, 413, 422, 429, 503),
)
async def search_workers(
    body: WorkerSearchRequest, connect: ConnectDep, principal: PrincipalDep, engine: EngineDep
) -> WorkerMatchList:
    f = body.filters
    filters = WorkerFilters(
        ssw_field=f.ssw_field,
        min_japanese=f.min_japanese,
        certificate=f.certificate,
        province=f.province,
        available_by=f.available_by,
    )
    query = MatchQuery(limit=body.limit, lang=body.lang, include_ineligible=body.include_ineligible)
    data = await MatchingService(connect, principal, engine).search_workers(
        body.query, filters, query
    )
    return WorkerMatchList(data=data, count=len(data))


@router.post(
    "/search/vacancies",
    response_model=VacancyMatchList,
    summary="Search vacancies by free text and filters",
    responses=problem_responses(401, 413, 422, 429, 503),
)
async def search_vacancies(
    body: VacancySearchRequest, connect: ConnectDep, principal: PrincipalDep, engine: EngineDep
) -> VacancyMatchList:
    filters = VacancyFilters(ssw_field=body.filters.ssw_field, prefecture=body.filters.prefecture)
    query = MatchQuery(limit=body.limit, lang=body.lang, include_ineligible=body.include_ineligible)
    data = await MatchingService(connect, principal, engine).search_vacancies(
        body.query, filters, query
    )
    return VacancyMatchList(data=data, count=len(data))
