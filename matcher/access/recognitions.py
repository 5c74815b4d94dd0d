"""RecognitionService: the recognition table (DOMAIN.md "Certificates you can trust").

Only admins add or remove entries: an entry changes who is eligible for every vacancy of its
category, for every employer. Any authenticated caller may read the table, because every ranking
it sees may rest on an entry (the reason names the recognition and its source), so an agency or
an employer must be able to check what is in force. Writes land in the change log (a trigger),
so the engine's next query answers by the new table.
"""

from __future__ import annotations

from matcher.access.policy import require_role
from matcher.access.principal import Principal
from matcher.errors import Conflict, NotFound
from matcher.storage.connection import Connection
from matcher.storage.recognitions import RecognitionRepository
from models.recognition import Recognition, RecognitionCreate


class RecognitionService:
    def __init__(self, conn: Connection, principal: Principal) -> None:
        self.conn = conn
        self.principal = principal
        self.repo = RecognitionRepository(conn)

    async def list(self) -> list[Recognition]:
        """Every entry, in force or not (a client compares the dates with its start date)."""
        return await self.repo.list()

    async def create(self, entry: RecognitionCreate) -> Recognition:
        require_role(self.principal, "admin", action="change the recognition table")
        stored = await self.repo.create(
            entry,
            created_by_role=self.principal.role,
            created_by_token=self.principal.token_id,
        )
        if stored is None:
            raise Conflict(
                f"an entry for {entry.scheme_code} in {entry.category} from "
                f"{entry.effective_from.isoformat()} exists; delete it first to change it",
                field="effective_from",
            )
        return stored

    async def delete(self, recognition_id: int) -> None:
        require_role(self.principal, "admin", action="change the recognition table")
        if not await self.repo.delete(recognition_id):
            raise NotFound(f"no recognition with id {recognition_id}")
