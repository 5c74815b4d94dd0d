"""VacancyService: vacancies as each role may see and change them.

Employers see and change only their own vacancies; admins everything; agencies, workers and
organisers read all vacancies.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from matcher.access.employers import FOREIGN_EMPLOYER, EmployerService
from matcher.access.pagination import decode_cursor, next_cursor
from matcher.access.policy import may_edit_vacancy, may_see_vacancy, require_role
from matcher.access.principal import Principal
from matcher.access.validation import merge, validate_merged
from matcher.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from matcher.storage.connection import Connection
from matcher.storage.employers import EmployerRepository
from matcher.storage.vacancies import VacancyRepository
from models.schemas.vacancies import VacancyCreate, VacancyPublic
from models.vacancy import Vacancy, VacancyProfile

_NOT_PROFILE = {"id", "status", "created_at", "updated_at"}


def render_vacancy(vacancy: Vacancy) -> VacancyPublic:
    return VacancyPublic(**vacancy.model_dump())


class VacancyService:
    def __init__(self, conn: Connection, principal: Principal) -> None:
        self.conn = conn
        self.principal = principal
        self.repo = VacancyRepository(conn)
        self.employers = EmployerRepository(conn)

    async def visible(self, vacancy_id: int) -> Vacancy:
        """The vacancy, or ``NotFound`` when it does not exist or the caller may not see it."""
        vacancy = await self.repo.get(vacancy_id)
        if vacancy is None or not may_see_vacancy(self.principal, vacancy):
            raise NotFound(f"no vacancy with id {vacancy_id}")
        return vacancy

    async def get(self, vacancy_id: int) -> VacancyPublic:
        return render_vacancy(await self.visible(vacancy_id))

    async def views(self, vacancy_ids: list[int]) -> dict[int, VacancyPublic]:
        """The vacancies among ``vacancy_ids`` the caller may see, by id."""
        found = await self.repo.get_many(vacancy_ids)
        return {
            i: render_vacancy(v) for i, v in found.items() if may_see_vacancy(self.principal, v)
        }

    async def list(self, cursor: str | None, limit: int) -> tuple[list[VacancyPublic], str | None]:
        after = decode_cursor(cursor)
        employer_id = (
            (self.principal.subject_id or 0) if self.principal.role == "employer" else None
        )
        vacancies = await self.repo.page(employer_id=employer_id, after_id=after, limit=limit)
        return [render_vacancy(v) for v in vacancies], next_cursor([v.id for v in vacancies], limit)

    async def _employer_for(self, posted: VacancyCreate) -> int:
        """The employer a new vacancy belongs to.

        An embedded employer is created or changed in the fields sent, by a caller who may
        (``EmployerService.embed``). An employer token may name only itself, by id too; naming
        another employer is 403 whether it exists or not.
        """
        p = self.principal
        require_role(p, "admin", "employer", action="create vacancies")
        if posted.employer is not None:
            return await EmployerService(self.conn, p).embed(posted.employer)
        assert posted.employer_id is not None
        if p.role == "employer":
            if posted.employer_id != p.subject_id:
                raise PermissionDenied(FOREIGN_EMPLOYER, field="employer_id")
            if await self.employers.get(posted.employer_id) is None:
                raise NotFound("the employer this token acts for no longer exists")
            return posted.employer_id
        if await self.employers.get(posted.employer_id) is None:
            raise InvalidInput(f"no employer with id {posted.employer_id}", field="employer_id")
        return posted.employer_id

    async def create(self, posted: VacancyCreate) -> VacancyPublic:
        """Store a new vacancy; its embedded employer, if any, is written in the same transaction
        (a refused vacancy, such as a duplicate external id, leaves the employer as it was)."""
        async with self.conn.transaction():
            employer_id = await self._employer_for(posted)
            vacancy = await self.repo.create(employer_id, posted)
            if vacancy is None:
                raise Conflict(
                    f"the employer already has a vacancy with external_id {posted.external_id!r}",
                    field="external_id",
                )
        return render_vacancy(vacancy)

    async def update(self, vacancy_id: int, patch: dict[str, Any]) -> VacancyPublic:
        vacancy = await self.visible(vacancy_id)
        if not may_edit_vacancy(self.principal, vacancy):
            raise PermissionDenied("only the vacancy's employer or an admin may change it")
        status = patch.pop("status", None) or vacancy.status
        stored = vacancy.model_dump(mode="json", exclude=_NOT_PROFILE)
        merged = merge(stored, patch, deep=frozenset({"requirements", "preferred"}))
        profile = validate_merged(VacancyProfile, merged, "vacancy")
        try:
            async with self.conn.transaction():
                updated = await self.repo.replace(vacancy_id, profile, status)
        except asyncpg.UniqueViolationError:
            raise Conflict(
                f"the employer already has a vacancy with external_id {profile.external_id!r}",
                field="external_id",
            ) from None
        if updated is None:
            raise NotFound(f"no vacancy with id {vacancy_id}")
        return render_vacancy(updated)

    async def delete(self, vacancy_id: int) -> None:
        vacancy = await self.visible(vacancy_id)
        if not may_edit_vacancy(self.principal, vacancy):
            raise PermissionDenied("only the vacancy's employer or an admin may delete it")
        await self.repo.delete(vacancy_id)

    async def import_scope(self) -> int | None:
        """``only_employer_id`` for a vacancy import: the caller's employer, ``None`` for admins."""
        p = self.principal
        require_role(p, "admin", "employer", action="import vacancies")
        if p.role == "admin":
            return None
        if await self.employers.get(p.subject_id or 0) is None:
            raise NotFound("the employer this token acts for no longer exists")
        return p.subject_id
