"""/v1/vacancies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response, status

from api.deps import ConnDep, CursorQuery, LimitQuery, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.access import VacancyService
from models.schemas import VacancyCreate, VacancyList, VacancyPublic, VacancyUpdate

router = APIRouter(prefix="/v1/vacancies", tags=["vacancies"])
VacancyId = Annotated[int, id_path("Vacancy id.")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=VacancyPublic,
    summary="Post a vacancy (admins; employers for themselves)",
    responses=problem_responses(401, 403, 404, 409, 413, 422, 429),
)
async def create_vacancy(
    body: VacancyCreate, conn: ConnDep, principal: PrincipalDep
) -> VacancyPublic:
    """Name the employer by `employer_id`, or embed it as `employer`, matched by `external_id`:
    created when new (`name` and `prefecture` required), otherwise changed only in the fields
    sent (fields left out keep their stored values). Admins may name any employer; an employer
    token may name only itself, and what it sends changes its own record as its PATCH would.
    Naming another employer is 403."""
    return await VacancyService(conn, principal).create(body)


@router.get(
    "",
    response_model=VacancyList,
    summary="List vacancies (employers see only their own)",
    responses=problem_responses(401, 422, 429),
)
async def list_vacancies(
    conn: ConnDep, principal: PrincipalDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> VacancyList:
    data, next_cursor = await VacancyService(conn, principal).list(cursor, limit)
    return VacancyList(data=data, count=len(data), next_cursor=next_cursor)


@router.get(
    "/{vacancy_id}",
    response_model=VacancyPublic,
    summary="Read a vacancy",
    responses=problem_responses(401, 404, 422, 429),
)
async def get_vacancy(
    vacancy_id: VacancyId, conn: ConnDep, principal: PrincipalDep
) -> VacancyPublic:
    return await VacancyService(conn, principal).get(vacancy_id)


@router.patch(
    "/{vacancy_id}",
    response_model=VacancyPublic,
    summary="Change some fields of a vacancy",
    responses=problem_responses(401, 403, 404, 409, 413, 422, 429),
)
async def update_vacancy(
    vacancy_id: VacancyId, body: VacancyUpdate, conn: ConnDep, principal: PrincipalDep
) -> VacancyPublic:
    """Only the fields sent change: `requirements` and `preferred` merge key by key, other
    fields replace the stored value (`null` clears an optional one); `status` opens or closes
    the vacancy. The employer cannot change."""
    patch = body.model_dump(mode="json", exclude_unset=True)
    return await VacancyService(conn, principal).update(vacancy_id, patch)


@router.delete(
    "/{vacancy_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a vacancy",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def delete_vacancy(vacancy_id: VacancyId, conn: ConnDep, principal: PrincipalDep) -> Response:
    await VacancyService(conn, principal).delete(vacancy_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
