"""EmployerService: employers as each role may see and change them.

Employers see only themselves; every other role reads all employers (they are companies
advertising jobs). Only admins create or delete employers; an employer may edit itself, by PATCH
or through the employer a vacancy embeds (``embed``): either way only the fields sent change.
Deleting an employer revokes its tokens in the same transaction.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from matcher.access.errors import ValidationFailed
from matcher.access.pagination import decode_cursor, next_cursor
from matcher.access.policy import may_see_employer, require_role
from matcher.access.principal import Principal
from matcher.access.validation import merge, validate_merged
from matcher.errors import Conflict, NotFound, PermissionDenied
from matcher.storage.connection import Connection
from matcher.storage.employers import EmployerRepository
from matcher.storage.tokens import TokenRepository
from models.employer import Employer, EmployerProfile
from models.schemas.employers import EmployerEmbed, EmployerPublic

_STORED_ONLY = {"id", "created_at", "updated_at"}
FOREIGN_EMPLOYER = "employers may post vacancies only for themselves"


def render_employer(employer: Employer) -> EmployerPublic:
    return EmployerPublic(**employer.model_dump())


class EmployerService:
    def __init__(self, conn: Connection, principal: Principal) -> None:
        self.conn = conn
        self.principal = principal
        self.repo = EmployerRepository(conn)

    async def _visible(self, employer_id: int) -> Employer:
        employer = await self.repo.get(employer_id)
        if employer is None or not may_see_employer(self.principal, employer_id):
            raise NotFound(f"no employer with id {employer_id}")
        return employer

    async def get(self, employer_id: int) -> EmployerPublic:
        return render_employer(await self._visible(employer_id))

    async def list(self, cursor: str | None, limit: int) -> tuple[list[EmployerPublic], str | None]:
        after = decode_cursor(cursor)
        only = [self.principal.subject_id or 0] if self.principal.role == "employer" else None
        employers = await self.repo.page(after_id=after, limit=limit, only_ids=only)
        return [render_employer(e) for e in employers], next_cursor(
            [e.id for e in employers], limit
        )

    async def create(self, profile: EmployerProfile) -> EmployerPublic:
        require_role(self.principal, "admin", action="create employers")
        employer = await self.repo.create(profile)
        if employer is None:
            raise Conflict(
                f"an employer with external_id {profile.external_id!r} exists",
                field="external_id",
            )
        return render_employer(employer)

    async def update(self, employer_id: int, patch: dict[str, Any]) -> EmployerPublic:
        employer = await self._visible(employer_id)
        if not (self.principal.is_admin or self.principal.acts_for("employer", employer_id)):
            raise PermissionDenied("only the employer itself or an admin may change an employer")
        stored = employer.model_dump(mode="json", exclude=_STORED_ONLY)
        profile = validate_merged(EmployerProfile, merge(stored, patch), "employer")
        try:
            async with self.conn.transaction():
                updated = await self.repo.replace(employer_id, profile)
        except asyncpg.UniqueViolationError:
            raise Conflict(
                f"an employer with external_id {profile.external_id!r} exists",
                field="external_id",
            ) from None
        if updated is None:
            raise NotFound(f"no employer with id {employer_id}")
        return render_employer(updated)

    async def embed(self, embedded: EmployerEmbed) -> int:
        """The id of the employer a vacancy embeds, after creating it or applying the fields sent.

        Admins may create and edit any employer. An employer token may name only itself, and
        then changes its own record exactly as ``PATCH /v1/employers/{id}`` would (the fields
        sent, nothing else); naming any other external id, existing or not, is 403 (it may not
        create employers nor edit others, and the answer does not tell which ids exist).
        """
        p = self.principal
        if p.role == "employer":
            own = await self.repo.get(p.subject_id or 0)
            if own is None:
                raise NotFound("the employer this token acts for no longer exists")
            if embedded.external_id != own.external_id:
                raise PermissionDenied(FOREIGN_EMPLOYER, field="employer.external_id")
        else:
            require_role(p, "admin", action="create or change employers")
        sent = embedded.model_dump(mode="json", exclude_unset=True)
        (outcome,) = await self.repo.apply_embedded([sent])
        if outcome.employer_id is None:
            errors = [(f"employer.{path}".rstrip("."), message) for path, message in outcome.errors]
            fields = ", ".join(path for path, _ in errors)
            raise ValidationFailed(f"the embedded employer is not valid: {fields}", errors)
        return outcome.employer_id

    async def delete(self, employer_id: int) -> None:
        """Delete the employer (its vacancies go with it) and revoke its tokens, in the
        caller's transaction: its token is refused from the next request on."""
        await self._visible(employer_id)
        require_role(self.principal, "admin", action="delete employers")
        await self.repo.delete(employer_id)
        await TokenRepository(self.conn).revoke_subject("employer", employer_id)
