"""Ranked, explained matches: workers for a vacancy, vacancies for a worker, free-text search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ConnectDep, EngineDep, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.access import MatchingService
from matcher.access.matching import WorkerSearch
from matcher.engine.results import MatchOrder, MatchQuery, VacancyFilters, WorkerFilters
from models.common import Lang
from models.schemas import (
    VacancyMatchList,
    VacancySearchRequest,
    WorkerMatchList,
    WorkerSearchRequest,
)
from models.schemas.matching import MAX_RESULTS, EligibilityGapList, WorkerSearchList

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
OrderQuery = Annotated[
    MatchOrder,
    Query(
        description="With `include_ineligible`: `eligible_first` (default) lists every eligible "
        "result before the ineligible ones, each group by score; `score` orders by score alone."
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
    order: OrderQuery = "eligible_first",
) -> WorkerMatchList:
    """Employers rank discoverable workers for their own vacancies and see them masked until
    the worker is shortlisted or consents; agencies rank their own and discoverable workers."""
    query = MatchQuery(limit=limit, lang=lang, include_ineligible=include_ineligible, order=order)
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
    order: OrderQuery = "eligible_first",
) -> VacancyMatchList:
    """For the worker itself, its agency and admins."""
    query = MatchQuery(limit=limit, lang=lang, include_ineligible=include_ineligible, order=order)
    data = await MatchingService(connect, principal, engine).recommend(worker_id, query)
    return VacancyMatchList(data=data, count=len(data))


@router.post(
    "/search/workers",
    response_model=WorkerSearchList,
    summary="Search workers by name, id, free text and filters, or list them sorted",
    responses=problem_responses(401, 403, 413, 422, 429, 503),
)
async def search_workers(
    body: WorkerSearchRequest, connect: ConnectDep, principal: PrincipalDep, engine: EngineDep
) -> WorkerSearchList:
    """Hybrid search: a query matching a name or external id the caller may see puts that
    worker first (exact before fuzzy, typos and missing diacritics allowed), then the closest
    profiles by meaning. Without `query`, the filtered workers sorted by `sort`. `count` is the
    page's size; `total` the number of visible workers passing the filters."""
    f = body.filters
    filters = WorkerFilters(
        ssw_field=f.ssw_field,
        category=f.category,
        min_japanese=f.min_japanese,
        certificate=f.certificate,
        province=f.province,
        available_by=f.available_by,
    )
    query = MatchQuery(limit=body.limit, lang=body.lang, include_ineligible=body.include_ineligible)
    request = WorkerSearch(
        text=body.query,
        filters=filters,
        query=query,
        mine_only=f.mine_only,
        sort=body.sort,
        descending=body.descending,
        offset=body.offset,
    )
    data, total = await MatchingService(connect, principal, engine).search_workers(request)
    return WorkerSearchList(data=data, count=len(data), total=total)


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


@router.get(
    "/eligibility-gaps",
    response_model=EligibilityGapList,
    summary="What the caller's workers lack, one requirement short, for open vacancies",
    responses=problem_responses(401, 403, 422, 429, 503),
)
async def eligibility_gaps(
    connect: ConnectDep, principal: PrincipalDep, engine: EngineDep, lang: LangQuery = "en"
) -> EligibilityGapList:
    """Agencies (their own workers) and admins (everyone): (worker, open vacancy) pairs that
    fail exactly one hard requirement, grouped by what is missing, largest group first, each
    with a sentence such as "3 of your workers lack only Japanese N4 for 12 vacancies"."""
    data = await MatchingService(connect, principal, engine).eligibility_gaps(lang)
    return EligibilityGapList(data=data, count=len(data))
