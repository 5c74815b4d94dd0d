"""/v1/recognitions: the recognition table (admins write; every authenticated caller reads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response, status

from api.deps import ConnDep, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.access.recognitions import RecognitionService
from models.recognition import Recognition, RecognitionCreate
from models.schemas.recognitions import RecognitionList

router = APIRouter(prefix="/v1/recognitions", tags=["recognitions"])
RecognitionId = Annotated[int, id_path("Recognition id.")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Recognition,
    summary="Add a recognition: a scheme counted as a category's skill test (admins)",
    responses=problem_responses(401, 403, 409, 413, 422, 429),
)
async def create_recognition(
    body: RecognitionCreate, conn: ConnDep, principal: PrincipalDep
) -> Recognition:
    """While the entry is in force on a vacancy's start date (`effective_from` <= day <
    `effective_to`), a valid certificate of `scheme_code` counts as the SSW(i) skill test of
    `category`; the next ranking request already answers by it. The same scheme, category and
    `effective_from` twice is 409."""
    return await RecognitionService(conn, principal).create(body)


@router.get(
    "",
    response_model=RecognitionList,
    summary="List the recognition table (any authenticated caller)",
    responses=problem_responses(401, 429),
)
async def list_recognitions(conn: ConnDep, principal: PrincipalDep) -> RecognitionList:
    data = await RecognitionService(conn, principal).list()
    return RecognitionList(data=data, count=len(data))


@router.delete(
    "/{recognition_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a recognition (admins)",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def delete_recognition(
    recognition_id: RecognitionId, conn: ConnDep, principal: PrincipalDep
) -> Response:
    await RecognitionService(conn, principal).delete(recognition_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
