"""/v1/audit: who read which worker's full profile (admins)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import MAX_ID, ConnDep, CursorQuery, LimitQuery, PrincipalDep
from api.problems import problem_responses
from matcher.access import AuditService
from models.schemas import AuditEntryPublic, AuditList

router = APIRouter(prefix="/v1", tags=["audit"])


@router.get(
    "/audit",
    response_model=AuditList,
    summary="Read the audit log of full-profile reads (admins)",
    responses=problem_responses(401, 403, 422, 429),
)
async def list_audit(
    conn: ConnDep,
    principal: PrincipalDep,
    worker_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    after: Annotated[datetime | None, Query(description="Only entries after this time.")] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> AuditList:
    entries, next_cursor = await AuditService(conn, principal).list(
        worker_id=worker_id, after=after, cursor=cursor, limit=limit
    )
    data = [AuditEntryPublic(**asdict(e)) for e in entries]
    return AuditList(data=data, count=len(data), next_cursor=next_cursor)
