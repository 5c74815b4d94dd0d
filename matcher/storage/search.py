"""WorkerSearchRepository: the SQL of name and id lookup and of sorted worker listings.

Name and id matching is PostgreSQL's ``pg_trgm`` over ``worker_search_key()`` (migration 0007:
lower-cased, unaccented, spaces folded), so "siti rahmawti" and "Sití Rahmawati" find
"Siti Rahmawati" through a GIN index, with no edit distance written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from matcher.storage.connection import Connection

NAME_MATCH_MIN = 0.4
"""The lowest lexical score kept as a name or id match.

The score of a worker is the best of: trigram ``similarity`` of its name key with the query key
(the whole name, typos included: "siti rahmawti" scores 0.71 against "siti rahmawati"),
``word_similarity`` of the query within the name (a part of the name: "rahmawati"), and
``similarity`` with its external id key. 0.4 keeps one typo in a short name and drops
descriptions ("caregiver with night shifts" scores under 0.2 against every demo name)."""

NAME_CANDIDATES = 200
"""Most name matches read per query, best first; the caller's filters apply to these."""

SortKey = Literal["name", "updated", "japanese", "available", "id"]
_ORDER: dict[SortKey, str] = {
    "name": "worker_search_key(w.full_name) {dir}, w.id",
    "updated": "w.updated_at {dir}, w.id",
    "japanese": "w.japanese_rank {dir}, w.id",
    "available": "w.available_from {dir} NULLS LAST, w.id",
    "id": "w.id {dir}",
}


@dataclass(frozen=True, slots=True)
class NameScope:
    """Whose names a lookup may match: everyone, or an agency's own workers and, optionally,
    every discoverable worker. The access layer decides (``matcher.access.matching``)."""

    everyone: bool = False
    agency_id: int | None = None
    discoverable: bool = False


@dataclass(frozen=True, slots=True)
class NameMatch:
    worker_id: int
    score: float  # 0..1, see NAME_MATCH_MIN
    exact: bool  # the whole name or the external id equals the query (after normalisation)


class WorkerSearchRepository:
    """Reads only; takes a connection, the caller owns the transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def name_matches(
        self, text: str, scope: NameScope, *, limit: int = NAME_CANDIDATES
    ) -> list[NameMatch]:
        """Workers in ``scope`` whose name or external id matches ``text``, best first."""
        if not (scope.everyone or scope.agency_id is not None or scope.discoverable):
            return []
        rows = await self.conn.fetch(
            """
            WITH q AS (SELECT worker_search_key(btrim($1)) AS key)
            SELECT w.id,
                   (worker_search_key(w.full_name) = q.key
                    OR worker_search_key(w.external_id) = q.key) AS exact,
                   greatest(similarity(worker_search_key(w.full_name), q.key),
                            word_similarity(q.key, worker_search_key(w.full_name)),
                            similarity(worker_search_key(w.external_id), q.key)) AS score
            FROM workers w, q
            WHERE (worker_search_key(w.full_name) % q.key
                   OR q.key <% worker_search_key(w.full_name)
                   OR worker_search_key(w.external_id) % q.key)
              AND ($2 OR w.agency_id = $3 OR ($4 AND w.discoverable))
            ORDER BY exact DESC, score DESC, w.id
            LIMIT $5
            """,
            text,
            scope.everyone,
            scope.agency_id,
            scope.discoverable,
            limit,
        )
        return [
            NameMatch(r["id"], min(float(r["score"]), 1.0), bool(r["exact"]))
            for r in rows
            if r["exact"] or r["score"] >= NAME_MATCH_MIN
        ]

    async def sorted_page(
        self, ids: Sequence[int], sort: SortKey, *, descending: bool, offset: int, limit: int
    ) -> list[int]:
        """One page of ``ids`` in ``sort`` order (ids of workers deleted meanwhile drop out).

        The ids come from the engine's filters (the same rules as a ranked search); joining
        their array as a relation keeps this one hash join at 100k ids."""
        order = _ORDER[sort].format(dir="DESC" if descending else "ASC")
        rows = await self.conn.fetch(
            f"""
            SELECT w.id FROM unnest($1::bigint[]) AS a(id) JOIN workers w ON w.id = a.id
            ORDER BY {order} OFFSET $2 LIMIT $3
            """,
            list(ids),
            offset,
            limit,
        )
        return [r["id"] for r in rows]
