"""VacancyRepository: every SQL statement that reads or writes vacancies."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg

from matcher.storage.connection import Connection
from matcher.storage.staging import UpsertOutcome, content_hash, fill_staging, to_json
from models.vacancy import Vacancy, VacancyProfile

_SELECT = """SELECT id, employer_id, external_id, document, status, created_at, updated_at
             FROM vacancies"""
_COLUMNS = (
    "employer_id",
    "external_id",
    "document",
    "content_hash",
    "title",
    "ssw_field",
    "occupation",
    "prefecture",
    "starts_on",
)


def vacancy_document(profile: VacancyProfile) -> dict[str, Any]:
    """What is stored of a vacancy: everything but its identity and employer reference."""
    return profile.model_dump(
        mode="json", exclude={"external_id", "employer", "employer_id"}, exclude_none=True
    )


def _record(employer_id: int, profile: VacancyProfile) -> tuple[Any, ...]:
    document = vacancy_document(profile)
    return (
        employer_id,
        profile.external_id,
        to_json(document),
        content_hash(document),
        profile.title,
        profile.ssw_field,
        profile.occupation,
        profile.prefecture,
        profile.starts_on,
    )


def _to_vacancy(row: asyncpg.Record) -> Vacancy:
    return Vacancy(
        **row["document"],
        id=row["id"],
        employer_id=row["employer_id"],
        external_id=row["external_id"],
        status=row["status"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class VacancyRepository:
    """Vacancies are unique by (employer, external id)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def upsert_many(self, rows: Sequence[tuple[int, VacancyProfile]]) -> UpsertOutcome:
        """Insert or update ``(employer_id, profile)`` pairs; identical ones are left alone.

        Outcome keys are ``"{employer_id}/{external_id}"`` because external ids are per employer.
        """
        outcome = UpsertOutcome()
        if not rows:
            return outcome
        async with self.conn.transaction():
            await fill_staging(
                self.conn,
                "vacancy_staging",
                """employer_id bigint, external_id text, document text, content_hash text,
                   title text, ssw_field text, occupation text, prefecture text, starts_on date""",
                _COLUMNS,
                [_record(e, p) for e, p in rows],
            )
            written = await self.conn.fetch(
                """
                INSERT INTO vacancies AS v (employer_id, external_id, document, content_hash, title,
                    ssw_field, occupation, prefecture, starts_on)
                SELECT employer_id, external_id, document::jsonb, content_hash, title, ssw_field,
                    occupation, prefecture, starts_on FROM vacancy_staging
                ON CONFLICT (employer_id, external_id) DO UPDATE SET
                    document = EXCLUDED.document, content_hash = EXCLUDED.content_hash,
                    title = EXCLUDED.title, ssw_field = EXCLUDED.ssw_field,
                    occupation = EXCLUDED.occupation, prefecture = EXCLUDED.prefecture,
                    starts_on = EXCLUDED.starts_on, version = v.version + 1, updated_at = now()
                WHERE v.content_hash <> EXCLUDED.content_hash
                RETURNING v.id, v.employer_id, v.external_id, (v.xmax = 0) AS inserted
                """
            )
            for r in written:
                key = f"{r['employer_id']}/{r['external_id']}"
                (outcome.created if r["inserted"] else outcome.updated).append(key)
                outcome.ids[key] = r["id"]
            missing = [
                (e, p.external_id) for e, p in rows if f"{e}/{p.external_id}" not in outcome.ids
            ]
            if missing:
                found = await self.conn.fetch(
                    """SELECT v.id, v.employer_id, v.external_id FROM vacancies v
                       JOIN unnest($1::bigint[], $2::text[]) AS k(employer_id, external_id)
                         ON v.employer_id = k.employer_id AND v.external_id = k.external_id""",
                    [e for e, _ in missing],
                    [x for _, x in missing],
                )
                for r in found:
                    key = f"{r['employer_id']}/{r['external_id']}"
                    outcome.ids[key] = r["id"]
                    outcome.unchanged.append(key)
        return outcome

    async def create(self, employer_id: int, profile: VacancyProfile) -> Vacancy | None:
        """Insert one vacancy; ``None`` when the employer already has that external id."""
        row = await self.conn.fetchrow(
            """INSERT INTO vacancies (employer_id, external_id, document, content_hash, title,
                   ssw_field, occupation, prefecture, starts_on)
               VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8, $9)
               ON CONFLICT (employer_id, external_id) DO NOTHING RETURNING id""",
            *_record(employer_id, profile),
        )
        return await self.get(row["id"]) if row else None

    async def replace(
        self, vacancy_id: int, profile: VacancyProfile, status: str = "open"
    ) -> Vacancy | None:
        """Overwrite a vacancy (its employer stays); ``None`` when it does not exist."""
        record = _record(0, profile)[1:]
        row = await self.conn.fetchrow(
            """UPDATE vacancies SET external_id = $2, document = $3::text::jsonb, content_hash = $4,
                   title = $5, ssw_field = $6, occupation = $7, prefecture = $8, starts_on = $9,
                   status = $10, version = version + 1, updated_at = now()
               WHERE id = $1 RETURNING id""",
            vacancy_id,
            *record,
            status,
        )
        return await self.get(vacancy_id) if row else None

    async def get(self, vacancy_id: int) -> Vacancy | None:
        row = await self.conn.fetchrow(f"{_SELECT} WHERE id = $1", vacancy_id)
        return _to_vacancy(row) if row else None

    async def get_many(self, vacancy_ids: Sequence[int]) -> dict[int, Vacancy]:
        rows = await self.conn.fetch(f"{_SELECT} WHERE id = ANY($1)", list(vacancy_ids))
        return {r["id"]: _to_vacancy(r) for r in rows}

    async def employer_of(self, vacancy_id: int) -> int | None:
        owner: int | None = await self.conn.fetchval(
            "SELECT employer_id FROM vacancies WHERE id = $1", vacancy_id
        )
        return owner

    async def delete(self, vacancy_id: int) -> bool:
        status = await self.conn.execute("DELETE FROM vacancies WHERE id = $1", vacancy_id)
        return status.endswith(" 1")

    async def page(
        self,
        *,
        employer_id: int | None = None,
        ssw_field: str | None = None,
        open_only: bool = False,
        after_id: int = 0,
        limit: int = 50,
    ) -> list[Vacancy]:
        """Vacancies with ``id > after_id`` in id order, optionally of one employer or field."""
        rows = await self.conn.fetch(
            f"""{_SELECT} WHERE id > $1 AND ($2::bigint IS NULL OR employer_id = $2)
                AND ($3::text IS NULL OR ssw_field = $3) AND (NOT $4 OR status = 'open')
                ORDER BY id LIMIT $5""",
            after_id,
            employer_id,
            ssw_field,
            open_only,
            limit,
        )
        return [_to_vacancy(r) for r in rows]

    async def count(self, employer_id: int | None = None) -> int:
        total: int = await self.conn.fetchval(
            "SELECT count(*) FROM vacancies WHERE ($1::bigint IS NULL OR employer_id = $1)",
            employer_id,
        )
        return total

    async def iter_all(self, batch_size: int = 5000) -> AsyncIterator[list[Vacancy]]:
        """Every vacancy in id order, in batches."""
        after = 0
        while True:
            rows = await self.conn.fetch(
                f"{_SELECT} WHERE id > $1 ORDER BY id LIMIT $2", after, batch_size
            )
            if not rows:
                return
            yield [_to_vacancy(r) for r in rows]
            after = rows[-1]["id"]
