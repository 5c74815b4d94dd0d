"""/v1/signin-codes: one-time sign-in codes for workers (``matcher.access.signin``).

Issuing, listing and revoking take a bearer token like every ``/v1`` route. The exchange takes
none (it is how a worker without a token gets one): it opens its own short transaction, which
commits before the response, and failed exchanges are limited per client address the way
failed authentications are (``api.deps.get_principal``). Only failures count: at an event many
workers sign in from the venue's one address, and a success spends the code anyway.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from api.deps import (
    ApiSettingsDep,
    ConnDep,
    CursorQuery,
    LimitQuery,
    PrincipalDep,
    client_address,
    connect_for,
    id_path,
    refuse_if_blocked,
)
from api.limits import TokenBucketLimiter
from api.problems import problem_responses
from matcher.access import Unauthenticated
from matcher.access.signin import SigninCodeService, code_status, exchange_code, qr_svg
from matcher.storage.signin import SigninCodeRecord
from models.schemas.signin import (
    SigninCodeBatch,
    SigninCodeCreate,
    SigninCodeCreated,
    SigninCodeList,
    SigninCodePublic,
    SigninExchange,
    SigninSession,
)

router = APIRouter(prefix="/v1/signin-codes", tags=["signin"])


def _public(record: SigninCodeRecord, now: datetime) -> SigninCodePublic:
    return SigninCodePublic(
        id=record.id,
        worker_id=record.worker_id,
        event_id=record.event_id,
        issued_by_role=record.issued_by_role,
        created_at=record.created_at,
        expires_at=record.expires_at,
        used_at=record.used_at,
        revoked_at=record.revoked_at,
        status=code_status(record, now),
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SigninCodeBatch,
    summary="Print one-time sign-in codes for workers (agencies, organisers, admins)",
    responses=problem_responses(401, 403, 404, 413, 422, 429),
)
async def create_codes(
    body: SigninCodeCreate,
    request: Request,
    conn: ConnDep,
    principal: PrincipalDep,
    api_settings: ApiSettingsDep,
) -> SigninCodeBatch:
    """Each code is shown once, with the page address that carries it (`/#code=...`, a
    fragment: browsers never send it to the server) and that address as a QR code (SVG)."""
    issued = await SigninCodeService(conn, principal).issue(
        body.worker_ids,
        event_id=body.event_id,
        ttl_hours=api_settings.signin_code_ttl_hours,
        base_url=str(request.base_url),
    )
    now = datetime.now(UTC)
    data = [
        SigninCodeCreated(
            **_public(record, now).model_dump(),
            code=code,
            worker_name=name,
            url=url,
            qr_svg=qr_svg(url),
        )
        for record, code, name, url in issued
    ]
    return SigninCodeBatch(data=data, count=len(data))


@router.get(
    "",
    response_model=SigninCodeList,
    summary="Sign-in codes the caller issued (admins: all); never the codes themselves",
    responses=problem_responses(401, 403, 422, 429),
)
async def list_codes(
    conn: ConnDep,
    principal: PrincipalDep,
    worker_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> SigninCodeList:
    records, next_cursor = await SigninCodeService(conn, principal).list(
        worker_id=worker_id, cursor=cursor, limit=limit
    )
    now = datetime.now(UTC)
    data = [_public(r, now) for r in records]
    return SigninCodeList(data=data, count=len(data), next_cursor=next_cursor)


@router.delete(
    "/{code_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a code the caller issued (and the session it gave, if used)",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def revoke_code(
    code_id: Annotated[int, id_path("Sign-in code id.")], conn: ConnDep, principal: PrincipalDep
) -> Response:
    await SigninCodeService(conn, principal).revoke(code_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/exchange",
    response_model=SigninSession,
    summary="Exchange a one-time code for a short-lived worker token (no token needed)",
    responses=problem_responses(401, 413, 422, 429),
)
async def exchange(
    body: SigninExchange, request: Request, api_settings: ApiSettingsDep
) -> SigninSession:
    """An unknown, mistyped-but-well-formed, used, expired or revoked code gets one and the same
    401. Too many failures from one address: 429 with `Retry-After`, before the database is
    asked again."""
    address = client_address(request)
    failures: TokenBucketLimiter = request.app.state.signin_failure_limiter
    refuse_if_blocked(failures, address, "sign-in codes")
    try:
        async with connect_for(request)() as conn:
            token, secret = await exchange_code(
                conn, body.code, session_hours=api_settings.signin_session_hours
            )
    except Unauthenticated:
        failures.acquire(address)
        raise
    assert token.subject_id is not None and token.expires_at is not None
    return SigninSession(
        token=secret, token_id=token.id, worker_id=token.subject_id, expires_at=token.expires_at
    )
