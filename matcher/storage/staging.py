"""Bulk writes through a temporary staging table filled with COPY.

One ``COPY`` plus one ``INSERT ... SELECT ... ON CONFLICT`` per batch replaces thousands of
round trips. The staging table lives for the session and is emptied at each use, so batches can
run inside an outer transaction (``--all-or-nothing``) as well as in their own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from matcher.storage.connection import Connection


def content_hash(document: dict[str, Any]) -> str:
    """A stable hash of a JSON document: same content, same hash, whatever the key order."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def to_json(document: dict[str, Any]) -> str:
    """The text form stored in jsonb columns (kept identical to what ``content_hash`` hashed)."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


async def fill_staging(
    conn: Connection,
    name: str,
    columns_sql: str,
    columns: Sequence[str],
    records: Sequence[tuple[Any, ...]],
) -> None:
    """Create (once per session) and refill the temp table ``name`` with ``records`` via COPY."""
    await conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns_sql}) ON COMMIT DELETE ROWS"
    )
    await conn.execute(f"TRUNCATE {name}")
    await conn.copy_records_to_table(name, records=records, columns=list(columns))


@dataclass(slots=True)
class UpsertOutcome:
    """What a bulk upsert did: ids by external id, and which of them were created or updated."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
