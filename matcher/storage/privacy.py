"""PrivacyRepository: the SQL of subject access (export), erasure and retention purges.

Export reads every table that holds rows about one worker; erasure deletes them and leaves
only a pseudonym in the audit log; purges delete what is older than its retention period.
docs/privacy.md lists the tables and why each is kept. Writes share the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from matcher.storage.connection import Connection

OUTCOME_STATUSES = ("no_show", "passed", "offer", "hired", "declined")
_OUTCOMES_SQL = "(" + ", ".join(f"'{s}'" for s in OUTCOME_STATUSES) + ")"


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    """Rows a purge deleted (or, in a dry run, would delete), per retention rule."""

    audit_rows: int = 0
    cancelled_registrations: int = 0
    cancelled_interviews: int = 0
    outcomes: int = 0


@dataclass(frozen=True, slots=True)
class RetentionCutoffs:
    """Rows older than these instants go (``None``: that rule keeps rows for ever)."""

    audit_before: datetime | None
    cancelled_before: datetime | None
    outcomes_before: datetime | None


def _rows(records: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in records]


class PrivacyRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- subject access ----------------------------------------------------------------------

    async def export_sections(self, worker_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row held about the worker outside its profile document, by section."""
        q = self.conn.fetch
        return {
            "certificates": _rows(
                await q(
                    """SELECT number, scheme, scheme_code, issuer, kkni_level, issued_on,
                              expires_on, status
                       FROM certificates WHERE worker_id = $1 ORDER BY number""",
                    worker_id,
                )
            ),
            "embeddings": _rows(
                await q(
                    """SELECT model_id, text_hash, updated_at, embedding::real[] AS vector
                       FROM worker_embeddings WHERE worker_id = $1 ORDER BY model_id""",
                    worker_id,
                )
            ),
            "event_registrations": _rows(
                await q(
                    """SELECT ew.event_id, e.name AS event_name, e.starts_on, ew.status,
                              ew.max_interviews, ew.available_slots, ew.ranking AS employer_ranking,
                              ew.created_at, ew.status_changed_at
                       FROM event_workers ew JOIN events e ON e.id = ew.event_id
                       WHERE ew.worker_id = $1 ORDER BY ew.event_id""",
                    worker_id,
                )
            ),
            "shortlists": _rows(
                await q(
                    """SELECT event_id, vacancy_id, rank, score, eligible, reasons, gaps
                       FROM event_shortlists WHERE worker_id = $1 ORDER BY event_id, vacancy_id""",
                    worker_id,
                )
            ),
            "decisions": _rows(
                await q(
                    """SELECT event_id, vacancy_id, decision, created_at
                       FROM event_decisions WHERE worker_id = $1 ORDER BY event_id, vacancy_id""",
                    worker_id,
                )
            ),
            "interviews": _rows(
                await q(
                    """SELECT i.id, i.event_id, i.employer_id, em.name AS employer_name,
                              i.vacancy_id, v.title AS vacancy_title, s.starts_at, s.minutes,
                              i.booth, i.score, i.mode, i.status, i.accepted_at, i.created_at,
                              i.updated_at
                       FROM interviews i
                       JOIN employers em ON em.id = i.employer_id
                       JOIN vacancies v ON v.id = i.vacancy_id
                       LEFT JOIN event_slots s ON s.event_id = i.event_id AND s.slot_no = i.slot_no
                       WHERE i.worker_id = $1 ORDER BY i.event_id, i.slot_no""",
                    worker_id,
                )
            ),
            "interview_details": _rows(
                await q(
                    """SELECT event_id, employer_id, mode, online_url, language,
                              interpreter_needed, interpreter, updated_at
                       FROM interview_details WHERE worker_id = $1
                       ORDER BY event_id, employer_id""",
                    worker_id,
                )
            ),
            "meeting_offers": _rows(
                await q(
                    """SELECT event_id, employer_id, agency_id, vacancy_id, score
                       FROM meeting_offers WHERE worker_id = $1
                       ORDER BY event_id, employer_id, vacancy_id""",
                    worker_id,
                )
            ),
            "access_log": _rows(
                await q(
                    """SELECT at, role, subject_id, action, view, consent_id, interview_id
                       FROM audit_log WHERE worker_id = $1 ORDER BY id""",
                    worker_id,
                )
            ),
            "tokens": _rows(
                await q(
                    """SELECT id, name, created_at, expires_at, revoked_at FROM api_tokens
                       WHERE role = 'worker' AND subject_id = $1 ORDER BY id""",
                    worker_id,
                )
            ),
            "legacy_disclosures": _rows(
                await q(
                    """SELECT employer_id, reason, created_at FROM legacy_disclosures
                       WHERE worker_id = $1 ORDER BY created_at, employer_id""",
                    worker_id,
                )
            ),
        }

    # -- erasure -----------------------------------------------------------------------------

    async def erase(self, worker_id: int, pseudonym: int) -> bool:
        """Delete the worker and everything that names it; its audit rows keep ``pseudonym``.

        The worker row's delete cascades to certificates, embeddings, consents, registrations,
        shortlists, decisions, interviews and their details, and the meeting offers that
        counted it. Its tokens are deleted, not revoked (a token's
        name is free text a person may have typed their name into). The change log keeps only
        the ``delete`` entry the trigger writes: every server process needs it to drop the
        worker from its index, and it holds the internal number alone. Earlier entries
        (``upsert``) are deleted: the delete supersedes them for every reader.
        """
        await self.conn.execute(
            "UPDATE audit_log SET worker_id = $2 WHERE worker_id = $1", worker_id, pseudonym
        )
        await self.conn.execute(
            "UPDATE audit_log SET subject_id = $2 WHERE role = 'worker' AND subject_id = $1",
            worker_id,
            pseudonym,
        )
        await self.conn.execute(
            "DELETE FROM api_tokens WHERE role = 'worker' AND subject_id = $1", worker_id
        )
        await self.conn.execute(
            "DELETE FROM change_log WHERE entity = 'worker' AND entity_id = $1", worker_id
        )
        status = await self.conn.execute("DELETE FROM workers WHERE id = $1", worker_id)
        return status.endswith(" 1")

    async def deleted_ids(self, entity: str, ids: list[int]) -> set[int]:
        """Which of ``ids`` were deleted: the change log has a ``delete`` entry for them and
        the row is gone. Asking for both keeps a snapshot scrub harmless even if the snapshot
        directory belonged to another database: ids merely unknown here are left alone."""
        table = {"worker": "workers", "vacancy": "vacancies"}[entity]
        rows = await self.conn.fetch(
            f"""SELECT DISTINCT c.entity_id AS id FROM change_log c
                WHERE c.entity = $1 AND c.op = 'delete' AND c.entity_id = ANY($2::bigint[])
                  AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = c.entity_id)""",
            entity,
            ids,
        )
        return {r["id"] for r in rows}

    # -- retention ---------------------------------------------------------------------------

    async def purge(self, cutoffs: RetentionCutoffs, *, dry_run: bool = False) -> PurgeCounts:
        """Delete audit rows, cancelled registrations, cancelled interviews and decided
        interviews (outcomes) older than their cutoffs; ``dry_run`` only counts.

        A registration counts from its cancellation (``status_changed_at``), an interview
        from its last change (the cancellation or the outcome being recorded)."""

        async def run(delete_sql: str, count_sql: str, before: datetime | None) -> int:
            if before is None:
                return 0
            if dry_run:
                found: int = await self.conn.fetchval(count_sql, before)
                return found
            status = await self.conn.execute(delete_sql, before)
            return int(status.split()[-1])

        audit = await run(
            "DELETE FROM audit_log WHERE at < $1",
            "SELECT count(*) FROM audit_log WHERE at < $1",
            cutoffs.audit_before,
        )
        cancelled_interviews = await run(
            "DELETE FROM interviews WHERE status = 'cancelled' AND updated_at < $1",
            "SELECT count(*) FROM interviews WHERE status = 'cancelled' AND updated_at < $1",
            cutoffs.cancelled_before,
        )
        registrations = await run(
            "DELETE FROM event_workers WHERE status = 'cancelled' AND status_changed_at < $1",
            "SELECT count(*) FROM event_workers WHERE status = 'cancelled' AND status_changed_at < $1",
            cutoffs.cancelled_before,
        )
        outcomes = await run(
            f"DELETE FROM interviews WHERE status IN {_OUTCOMES_SQL} AND updated_at < $1",
            f"SELECT count(*) FROM interviews WHERE status IN {_OUTCOMES_SQL} AND updated_at < $1",
            cutoffs.outcomes_before,
        )
        return PurgeCounts(audit, registrations, cancelled_interviews, outcomes)
