"""/v1/employers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response, status

from api.deps import ConnDep, CursorQuery, LimitQuery, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.access import EmployerService
from models.schemas import EmployerCreate, EmployerList, EmployerPublic, EmployerUpdate

router = APIRouter(prefix="/v1/employers", tags=["employers"])
EmployerId = Annotated[int, id_path("Employer id.")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EmployerPublic,
    summary="Register an employer (admins)",
    responses=problem_responses(401, 403, 409, 413, 422, 429),
)
async def create_employer(
    body: EmployerCreate, conn: ConnDep, principal: PrincipalDep
) -> EmployerPublic:
    return await EmployerService(conn, principal).create(body)


@router.get(
    "",
    response_model=EmployerList,
    summary="List employers (employers see only themselves)",
    responses=problem_responses(401, 422, 429),
)
async def list_employers(
    conn: ConnDep, principal: PrincipalDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> EmployerList:
    data, next_cursor = await EmployerService(conn, principal).list(cursor, limit)
    return EmployerList(data=data, count=len(data), next_cursor=next_cursor)


@router.get(
    "/{employer_id}",
    response_model=EmployerPublic,
    summary="Read an employer",
    responses=problem_responses(401, 404, 422, 429),
)
async def get_employer(
    employer_id: EmployerId, conn: ConnDep, principal: PrincipalDep
) -> EmployerPublic:
    return await EmployerService(conn, principal).get(employer_id)


@router.patch(
    "/{employer_id}",
    response_model=EmployerPublic,
    summary="Change some fields of an employer (admins, the employer itself)",
    responses=problem_responses(401, 403, 404, 409, 413, 422, 429),
)
async def update_employer(
    employer_id: EmployerId, body: EmployerUpdate, conn: ConnDep, principal: PrincipalDep
) -> EmployerPublic:
    """Only the fields sent change (`null` clears an optional field); the merged employer is
    validated as a whole; a new `external_id` that is taken is 409."""
    patch = body.model_dump(mode="json", exclude_unset=True)
    return await EmployerService(conn, principal).update(employer_id, patch)


@router.delete(
    "/{employer_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an employer and its vacancies (admins)",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def delete_employer(
    employer_id: EmployerId, conn: ConnDep, principal: PrincipalDep
) -> Response:
    await EmployerService(conn, principal).delete(employer_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
