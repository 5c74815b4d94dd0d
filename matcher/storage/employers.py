"""EmployerRepository: every SQL statement that reads or writes employers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from pydantic import ValidationError

from matcher.errors import Conflict
from matcher.storage.connection import Connection
from matcher.storage.staging import content_hash, to_json
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


_EMBED_ATTEMPTS = 3
"""Rounds of ``apply_embedded`` before giving up on employers that other transactions keep
creating under the same external ids (one round is the norm, two when a creation raced)."""


@dataclass(frozen=True, slots=True)
class EmbeddedOutcome:
    """What became of one embedded employer: its id, or why it was refused.

    ``errors`` are ``(field, message)`` pairs, the field relative to the employer (``name``).
    """

    external_id: str
    employer_id: int | None
    errors: tuple[tuple[str, str], ...] = ()


def _errors(exc: ValidationError) -> tuple[tuple[str, str], ...]:
    return tuple(
        (".".join(str(part) for part in item["loc"]), item["msg"].removeprefix("Value error, "))
        for item in exc.errors(include_url=False)
    )


def _fold(
    embedded: Sequence[Mapping[str, Any]], stored: Mapping[str, dict[str, Any]]
) -> tuple[list[tuple[tuple[str, str], ...]], dict[str, EmployerProfile]]:
    """Apply each item's fields on the stored document and what earlier items left, in order.

    Returns each item's errors (empty when it applied) and the resulting profile of every
    employer an item applied to. The merged document is validated as a whole, like a PATCH.
    """
    applied: dict[str, EmployerProfile] = {}
    errors: list[tuple[tuple[str, str], ...]] = []
    for item in embedded:
        key = str(item["external_id"])
        before = applied.get(key)
        document = before.model_dump(mode="json") if before else dict(stored.get(key, {}))
        try:
            applied[key] = EmployerProfile.model_validate({**document, **item})
        except ValidationError as exc:
            errors.append(_errors(exc))
        else:
            errors.append(())
    return errors, applied


class EmployerRepository:
    """Employers are unique by external id across the whole system."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def apply_embedded(self, embedded: Sequence[Mapping[str, Any]]) -> list[EmbeddedOutcome]:
        """Apply employers embedded in vacancies, in order; one outcome per item.

        Each item holds only the fields its sender gave (``external_id`` always). An unknown
        external id creates the employer from them; a known one takes those fields and keeps
        every other field as stored, so nothing is blanked that was not sent. Items see what
        the items before them left (a file's rows apply in order). An item whose result is not
        a valid employer is refused with its errors and changes nothing. An employer whose
        content does not change is not written (its ``updated_at`` stays), so sending the same
        embedded employer again is a no-op. Authorisation is the caller's business.

        The stored rows are read ``FOR UPDATE``: no concurrent change can slip in between the
        read and the write and be lost. New employers are inserted ``ON CONFLICT DO NOTHING``;
        if another transaction created one meanwhile, the items are applied again on top of its
        row rather than overwriting it.
        """
        if not embedded:
            return []
        external_ids = sorted({str(item["external_id"]) for item in embedded})
        async with self.conn.transaction():
            for _ in range(_EMBED_ATTEMPTS):
                stored = await self._lock(external_ids)
                errors, applied = _fold(embedded, {k: doc for k, (_, doc, _) in stored.items()})
                ids = {k: employer_id for k, (employer_id, _, _) in stored.items()}
                inserted = await self._insert_new([p for k, p in applied.items() if k not in ids])
                if any(k not in ids and k not in inserted for k in applied):
                    continue  # created concurrently: apply the items again on top of that row
                ids.update(inserted)
                await self._update(
                    [
                        (ids[k], p)
                        for k, p in applied.items()
                        if k in stored and _record(p)[2] != stored[k][2]
                    ]
                )
                return [
                    EmbeddedOutcome(
                        external_id=str(item["external_id"]),
                        employer_id=None if item_errors else ids[str(item["external_id"])],
                        errors=item_errors,
                    )
                    for item, item_errors in zip(embedded, errors, strict=True)
                ]
        raise Conflict(
            "embedded employers kept changing concurrently; send the request again",
            field="employer.external_id",
        )

    async def _lock(
        self, external_ids: Sequence[str]
    ) -> dict[str, tuple[int, dict[str, Any], str]]:
        """``external_id -> (id, stored document, content hash)`` of the stored employers among
        ``external_ids``, locked until the transaction ends."""
        rows = await self.conn.fetch(
            "SELECT id, external_id, profile, content_hash FROM employers"
            " WHERE external_id = ANY($1) ORDER BY id FOR UPDATE",
            list(external_ids),
        )
        return {r["external_id"]: (r["id"], r["profile"], r["content_hash"]) for r in rows}

    async def _insert_new(self, profiles: Sequence[EmployerProfile]) -> dict[str, int]:
        """Insert ``profiles``; the ids of those inserted (a taken external id is skipped)."""
        if not profiles:
            return {}
        rows = await self.conn.fetch(
            """
            INSERT INTO employers (external_id, profile, content_hash, name, prefecture)
            SELECT x.external_id, x.profile::jsonb, x.content_hash, x.name, x.prefecture
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                AS x(external_id, profile, content_hash, name, prefecture)
            ON CONFLICT (external_id) DO NOTHING
            RETURNING id, external_id
            """,
            *map(list, zip(*(_record(p) for p in profiles), strict=True)),
        )
        return {r["external_id"]: r["id"] for r in rows}

    async def _update(self, changed: Sequence[tuple[int, EmployerProfile]]) -> None:
        if not changed:
            return
        records = [(employer_id, *_record(p)[1:]) for employer_id, p in changed]
        await self.conn.execute(
            """
            UPDATE employers AS e SET profile = x.profile::jsonb, content_hash = x.content_hash,
                name = x.name, prefecture = x.prefecture, updated_at = now()
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
                AS x(id, profile, content_hash, name, prefecture)
            WHERE e.id = x.id
            """,
            *map(list, zip(*records, strict=True)),
        )

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
