"""EmployerRepository: every SQL statement that reads or writes employers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from matcher.storage.connection import Connection
from matcher.storage.staging import UpsertOutcome, content_hash, fill_staging, to_json
from models.employer import Employer, EmployerProfile

_SELECT = "SELECT id, profile, created_at, updated_at FROM employers"


def _to_employer(row: asyncpg.Record) -> Employer:
    return Employer(
        **row["profile"], id=row["id"], created_at=row["created_at"], updated_at=row["updated_at"]
    )


def _record(profile: EmployerProfile) -> tuple[Any, ...]:
    document = profile.model_dump(mode="json", exclude_none=True)
    return (
        profile.external_id,
        to_json(document),
        content_hash(document),
        profile.name,
        profile.prefecture,
    )


class EmployerRepository:
    """Employers are unique by external id across the whole system."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def upsert_many(self, profiles: Sequence[EmployerProfile]) -> UpsertOutcome:
        """Insert or update employers by external id; identical ones are left alone."""
        outcome = UpsertOutcome()
        if not profiles:
            return outcome
        async with self.conn.transaction():
            await fill_staging(
                self.conn,
                "employer_staging",
                "external_id text, profile text, content_hash text, name text, prefecture text",
                ("external_id", "profile", "content_hash", "name", "prefecture"),
                [_record(p) for p in profiles],
            )
            rows = await self.conn.fetch(
                """
                INSERT INTO employers AS e (external_id, profile, content_hash, name, prefecture)
                SELECT external_id, profile::jsonb, content_hash, name, prefecture FROM employer_staging
                ON CONFLICT (external_id) DO UPDATE SET profile = EXCLUDED.profile,
                    content_hash = EXCLUDED.content_hash, name = EXCLUDED.name,
                    prefecture = EXCLUDED.prefecture, updated_at = now()
                WHERE e.content_hash <> EXCLUDED.content_hash
                RETURNING e.id, e.external_id, (e.xmax = 0) AS inserted
                """
            )
            for r in rows:
                (outcome.created if r["inserted"] else outcome.updated).append(r["external_id"])
                outcome.ids[r["external_id"]] = r["id"]
            missing = [p.external_id for p in profiles if p.external_id not in outcome.ids]
            if missing:
                found = await self.conn.fetch(
                    "SELECT id, external_id FROM employers WHERE external_id = ANY($1)", missing
                )
                outcome.ids.update({r["external_id"]: r["id"] for r in found})
                outcome.unchanged.extend(missing)
        return outcome

    async def create(self, profile: EmployerProfile) -> Employer | None:
        """Insert one employer; ``None`` when the external id is taken."""
        row = await self.conn.fetchrow(
            """INSERT INTO employers (external_id, profile, content_hash, name, prefecture)
               VALUES ($1, $2::text::jsonb, $3, $4, $5) ON CONFLICT (external_id) DO NOTHING RETURNING id""",
            *_record(profile),
        )
        return await self.get(row["id"]) if row else None

    async def replace(self, employer_id: int, profile: EmployerProfile) -> Employer | None:
        row = await self.conn.fetchrow(
            """UPDATE employers SET external_id = $2, profile = $3::text::jsonb, content_hash = $4,
                   name = $5, prefecture = $6, updated_at = now()
               WHERE id = $1 RETURNING id""",
            employer_id,
            *_record(profile),
        )
        return await self.get(employer_id) if row else None

    async def get(self, employer_id: int) -> Employer | None:
        row = await self.conn.fetchrow(f"{_SELECT} WHERE id = $1", employer_id)
        return _to_employer(row) if row else None

    async def get_many(self, employer_ids: Sequence[int]) -> dict[int, Employer]:
        rows = await self.conn.fetch(f"{_SELECT} WHERE id = ANY($1)", list(employer_ids))
        return {r["id"]: _to_employer(r) for r in rows}

    async def existing_ids(self, employer_ids: Sequence[int]) -> set[int]:
        rows = await self.conn.fetch(
            "SELECT id FROM employers WHERE id = ANY($1)", list(employer_ids)
        )
        return {r["id"] for r in rows}

    async def page(
        self, *, after_id: int = 0, limit: int = 50, only_ids: Sequence[int] | None = None
    ) -> list[Employer]:
        if only_ids is None:
            rows = await self.conn.fetch(
                f"{_SELECT} WHERE id > $1 ORDER BY id LIMIT $2", after_id, limit
            )
        else:
            rows = await self.conn.fetch(
                f"{_SELECT} WHERE id > $1 AND id = ANY($3) ORDER BY id LIMIT $2",
                after_id,
                limit,
                list(only_ids),
            )
        return [_to_employer(r) for r in rows]

    async def delete(self, employer_id: int) -> bool:
        status = await self.conn.execute("DELETE FROM employers WHERE id = $1", employer_id)
        return status.endswith(" 1")

    async def count(self) -> int:
        total: int = await self.conn.fetchval("SELECT count(*) FROM employers")
        return total
