"""AuditService: admins read who saw which view (full, contact hidden) of which worker."""

from __future__ import annotations

from datetime import datetime

from matcher.access.pagination import decode_cursor, next_cursor
from matcher.access.policy import require_role
from matcher.access.principal import Principal
from matcher.storage.audit import AuditEntry, AuditRepository
from matcher.storage.connection import Connection


class AuditService:
    def __init__(self, conn: Connection, principal: Principal) -> None:
        self.principal = principal
        self.repo = AuditRepository(conn)

    async def list(
        self,
        *,
        worker_id: int | None,
        after: datetime | None,
        cursor: str | None,
        limit: int,
        view: str | None = None,
    ) -> tuple[list[AuditEntry], str | None]:
        require_role(self.principal, "admin", action="read the audit log")
        entries = await self.repo.page(
            worker_id=worker_id,
            after=after,
            view=view,
            after_id=decode_cursor(cursor),
            limit=limit,
        )
        return entries, next_cursor([e.id for e in entries], limit)
