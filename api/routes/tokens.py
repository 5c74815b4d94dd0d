"""/v1/tokens (admins) and /v1/me."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Response, status

from api.deps import ConnDep, CursorQuery, LimitQuery, PrincipalDep, id_path
from api.problems import problem_responses
from matcher.access import TokenService
from models.schemas import PrincipalPublic, TokenCreate, TokenCreated, TokenList, TokenPublic

router = APIRouter(prefix="/v1", tags=["tokens"])


@router.post(
    "/tokens",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenCreated,
    summary="Create a token (admins); the secret is shown once",
    responses=problem_responses(401, 403, 413, 422, 429),
)
async def create_token(body: TokenCreate, conn: ConnDep, principal: PrincipalDep) -> TokenCreated:
    record, secret = await TokenService(conn).issue(
        principal,
        name=body.name,
        role=body.role,
        subject_id=body.subject_id,
        subject_external_id=body.subject_external_id,
        expires_in_days=body.expires_in_days,
    )
    return TokenCreated(**asdict(record), token=secret)


@router.get(
    "/tokens",
    response_model=TokenList,
    summary="List tokens (admins; never the secrets)",
    responses=problem_responses(401, 403, 422, 429),
)
async def list_tokens(
    conn: ConnDep, principal: PrincipalDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> TokenList:
    records, next_cursor = await TokenService(conn).list(principal, cursor, limit)
    data = [TokenPublic(**asdict(r)) for r in records]
    return TokenList(data=data, count=len(data), next_cursor=next_cursor)


@router.delete(
    "/tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a token (admins)",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def revoke_token(
    token_id: Annotated[int, id_path("Token id.")], conn: ConnDep, principal: PrincipalDep
) -> Response:
    await TokenService(conn).revoke(principal, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/me",
    response_model=PrincipalPublic,
    summary="Who the presented token acts for",
    responses=problem_responses(401, 429),
)
async def me(conn: ConnDep, principal: PrincipalDep) -> PrincipalPublic:
    return PrincipalPublic(
        token_id=principal.token_id,
        name=principal.name,
        role=principal.role,
        subject_id=principal.subject_id,
        display_name=await TokenService(conn).subject_name(principal),
    )
