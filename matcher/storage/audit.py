"""AuditRepository and DisclosureRepository: who read which view of a worker, and who may see
the full one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from matcher.storage.connection import Connection


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded access to a worker, with the view the caller got (``full``,
    ``contact_hidden``; ``masked`` is allowed by the table but not audited today)."""

    id: int
    token_id: int | None
    role: str
    subject_id: int | None
    worker_id: int
    action: str
    view: str
    at: datetime


class AuditRepository:
    """Appends to and reads ``audit_log``. Writes share the caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def record(
        self,
        *,
        token_id: int | None,
        role: str,
        subject_id: int | None,
        worker_ids: Sequence[int] | Mapping[int, str],
        action: str,
        view: str = "full",
    ) -> None:
        """Append one row per worker read, in a single INSERT (and none for no workers).

        ``worker_ids`` maps each worker id to the view the caller got; a plain sequence of ids
        records them all with ``view``.
        """
        if not worker_ids:
            return
        if isinstance(worker_ids, Mapping):
            ids, views = list(worker_ids), list(worker_ids.values())
        else:
            ids, views = list(worker_ids), [view] * len(worker_ids)
        await self.conn.execute(
            """INSERT INTO audit_log (token_id, role, subject_id, worker_id, action, view)
               SELECT $1, $2, $3, u.w, $5, u.v
               FROM unnest($4::bigint[], $6::text[]) AS u (w, v)""",
            token_id,
            role,
            subject_id,
            ids,
            action,
            views,
        )

    async def page(
        self,
        *,
        worker_id: int | None = None,
        after: datetime | None = None,
        view: str | None = None,
        after_id: int = 0,
        limit: int = 50,
    ) -> list[AuditEntry]:
        """Entries with ``id > after_id`` (and ``at > after``, for one worker, of one view),
        oldest first."""
        rows = await self.conn.fetch(
            """SELECT id, token_id, role, subject_id, worker_id, action, view, at
               FROM audit_log
               WHERE id > $1 AND ($2::bigint IS NULL OR worker_id = $2)
                 AND ($3::timestamptz IS NULL OR at > $3)
                 AND ($5::text IS NULL OR view = $5)
               ORDER BY id LIMIT $4""",
            after_id,
            worker_id,
            after,
            limit,
            view,
        )
        return [AuditEntry(**dict(r)) for r in rows]


class DisclosureRepository:
    """``worker_disclosures``: workers whose full profile an employer may see."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def add(self, worker_id: int, employer_id: int, reason: str) -> None:
        await self.conn.execute(
            """INSERT INTO worker_disclosures (worker_id, employer_id, reason)
               VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""",
            worker_id,
            employer_id,
            reason,
        )

    async def disclosed_to(self, employer_id: int, worker_ids: Sequence[int]) -> set[int]:
        """Which of ``worker_ids`` are disclosed to ``employer_id`` (for any reason)."""
        if not worker_ids:
            return set()
        rows = await self.conn.fetch(
            """SELECT DISTINCT worker_id FROM worker_disclosures
               WHERE employer_id = $1 AND worker_id = ANY($2)""",
            employer_id,
            list(worker_ids),
        )
        return {r["worker_id"] for r in rows}
