"""AgencyRepository: sending organisations, training centres and LPKs that register workers."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.storage.connection import Connection


@dataclass(frozen=True, slots=True)
class Agency:
    id: int
    external_id: str
    name: str
    kind: str


class AgencyRepository:
    """Agencies are looked up by their external id, created on first use by imports."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def ensure(
        self, external_id: str, name: str | None = None, kind: str = "sending_organisation"
    ) -> Agency:
        """The agency with ``external_id``, created when missing (idempotent under concurrency)."""
        row = await self.conn.fetchrow(
            """INSERT INTO agencies (external_id, name, kind) VALUES ($1, $2, $3)
               ON CONFLICT (external_id) DO UPDATE SET external_id = EXCLUDED.external_id
               RETURNING id, external_id, name, kind""",
            external_id,
            name or external_id,
            kind,
        )
        assert row is not None
        return Agency(**dict(row))

    async def get(self, agency_id: int) -> Agency | None:
        row = await self.conn.fetchrow(
            "SELECT id, external_id, name, kind FROM agencies WHERE id = $1", agency_id
        )
        return Agency(**dict(row)) if row else None

    async def by_external_id(self, external_id: str) -> Agency | None:
        row = await self.conn.fetchrow(
            "SELECT id, external_id, name, kind FROM agencies WHERE external_id = $1", external_id
        )
        return Agency(**dict(row)) if row else None

    async def list(self) -> list[Agency]:
        rows = await self.conn.fetch("SELECT id, external_id, name, kind FROM agencies ORDER BY id")
        return [Agency(**dict(r)) for r in rows]
