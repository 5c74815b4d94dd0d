"""Retention: deleting personal data once its retention period is over (docs/privacy.md).

``purge`` applies the periods in ``Settings`` (``retention_*_days``) in one transaction and
then rewrites the index snapshot files without deleted workers. ``matcher db purge`` runs it
once; ``run_scheduled_purges`` runs it every ``retention_purge_interval_s`` inside the server.
With several server processes each runs the loop, and a PostgreSQL advisory lock lets one purge
at a time (the others skip that round).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from matcher.access.privacy import scrub_snapshots
from matcher.engine.snapshots import ScrubReport
from matcher.settings import Settings
from matcher.storage.connection import Connection
from matcher.storage.privacy import PrivacyRepository, PurgeCounts, RetentionCutoffs

log = logging.getLogger(__name__)

PURGE_LOCK_KEY = 7_310_442_020


@dataclass(frozen=True, slots=True)
class PurgeReport:
    counts: PurgeCounts
    snapshots: ScrubReport
    ran: bool = True  # False: another process held the purge lock


def cutoffs(settings: Settings, now: datetime | None = None) -> RetentionCutoffs:
    """The instants before which rows go; a period of 0 days keeps rows for ever."""
    now = now or datetime.now(UTC)

    def before(days: int) -> datetime | None:
        return now - timedelta(days=days) if days > 0 else None

    return RetentionCutoffs(
        audit_before=before(settings.retention_audit_days),
        cancelled_before=before(settings.retention_cancelled_days),
        outcomes_before=before(settings.retention_outcome_days),
    )


async def purge(
    conn: Connection, settings: Settings, *, dry_run: bool = False, now: datetime | None = None
) -> PurgeReport:
    """Delete what is past its retention period, then scrub the snapshot files.

    Holds the purge advisory lock for the run; when another process holds it, nothing is done
    and ``ran`` is False.
    """
    if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", PURGE_LOCK_KEY):
        return PurgeReport(PurgeCounts(), ScrubReport(), ran=False)
    try:
        async with conn.transaction():
            counts = await PrivacyRepository(conn).purge(cutoffs(settings, now), dry_run=dry_run)
        snapshots = ScrubReport() if dry_run else await scrub_snapshots(conn, settings)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", PURGE_LOCK_KEY)
    return PurgeReport(counts, snapshots)


async def run_scheduled_purges(
    pool: asyncpg.Pool[Any], settings: Settings, *, sleep: Callable[[float], Any] = asyncio.sleep
) -> None:
    """Purge every ``retention_purge_interval_s`` until cancelled (the first run after one
    interval: a server that restarts often must not purge on every start). A failed run is
    logged and retried at the next interval; it never stops the server."""
    interval = settings.retention_purge_interval_s
    if interval <= 0:
        return
    while True:
        await sleep(interval)
        try:
            async with pool.acquire() as conn:
                report = await purge(conn, settings)
            if report.ran:
                log.info("retention purge: %s; snapshots: %s", report.counts, report.snapshots)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the scheduled retention purge failed; retrying at the next interval")
