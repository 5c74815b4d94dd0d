"""AuditRepository and DisclosureRepository: who read which view of a worker, and which consent
or accepted interview lets an employer see the full one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from matcher.storage.connection import Connection


@dataclass(frozen=True, slots=True)
class DisclosureBasis:
    """What lets one employer see one worker in full: a consent in force (``consent_id``) or an
    interview the worker accepted that still stands (``interview_id``); exactly one is set."""

    consent_id: int | None = None
    interview_id: int | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded access to a worker, with the view the caller got (``full``,
    ``contact_hidden``; ``masked`` is allowed by the table but not audited today) and, for an
    employer's full view, the consent or interview that allowed it.

    ``worker_id`` is negative once the worker was erased: a random pseudonym shared by all of
    that person's rows (``matcher.access.privacy``), so the log still shows what happened to
    one person without saying who.
    """

    id: int
    token_id: int | None
    role: str
    subject_id: int | None
    worker_id: int
    action: str
    view: str
    at: datetime
    consent_id: int | None = None
    interview_id: int | None = None


class AuditRepository:
    """Appends to and reads ``audit_log``. Writes share the caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def record(
        self,
        *,
        token_id: int | None,
        role: str,
        subject_id: int | None,
        worker_ids: Sequence[int] | Mapping[int, str],
        action: str,
        view: str = "full",
        bases: Mapping[int, DisclosureBasis] | None = None,
    ) -> None:
        """Append one row per worker read, in a single INSERT (and none for no workers).

        ``worker_ids`` maps each worker id to the view the caller got; a plain sequence of ids
        records them all with ``view``. ``bases`` names, per worker, the consent or interview
        that disclosed it to the calling employer (docs/privacy.md, "Disclosure history").
        """
        if not worker_ids:
            return
        if isinstance(worker_ids, Mapping):
            ids, views = list(worker_ids), list(worker_ids.values())
        else:
            ids, views = list(worker_ids), [view] * len(worker_ids)
        known = bases or {}
        consent_ids = [known[i].consent_id if i in known else None for i in ids]
        interview_ids = [known[i].interview_id if i in known else None for i in ids]
        await self.conn.execute(
            """INSERT INTO audit_log (token_id, role, subject_id, worker_id, action, view,
                                      consent_id, interview_id)
               SELECT $1, $2, $3, u.w, $5, u.v, u.c, u.i
               FROM unnest($4::bigint[], $6::text[], $7::bigint[], $8::bigint[])
                    AS u (w, v, c, i)""",
            token_id,
            role,
            subject_id,
            ids,
            action,
            views,
            consent_ids,
            interview_ids,
        )

    async def page(
        self,
        *,
        worker_id: int | None = None,
        after: datetime | None = None,
        view: str | None = None,
        after_id: int = 0,
        limit: int = 50,
    ) -> list[AuditEntry]:
        """Entries with ``id > after_id`` (and ``at > after``, for one worker, of one view),
        oldest first."""
        rows = await self.conn.fetch(
            """SELECT id, token_id, role, subject_id, worker_id, action, view, at, consent_id,
                      interview_id
               FROM audit_log
               WHERE id > $1 AND ($2::bigint IS NULL OR worker_id = $2)
                 AND ($3::timestamptz IS NULL OR at > $3)
                 AND ($5::text IS NULL OR view = $5)
               ORDER BY id LIMIT $4""",
            after_id,
            worker_id,
            after,
            limit,
            view,
        )
        return [AuditEntry(**dict(r)) for r in rows]


class DisclosureRepository:
    """Which workers one employer may see in full, and why (DOMAIN.md "Consent and personal
    data"; docs/privacy.md).

    Computed on every request from the consents in force and the interviews the worker
    accepted, never stored: a withdrawal, a declined interview or a re-plan that drops an
    interview takes effect on the next request, and views, matches, shortlists and exports
    all follow because they all ask here.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def disclosed_to(
        self, employer_id: int, worker_ids: Sequence[int]
    ) -> dict[int, DisclosureBasis]:
        """The workers of ``worker_ids`` disclosed to ``employer_id``, each with its basis.

        A ``contact_sharing`` consent in force counts when its scope is all employers, this
        employer, or an event this employer is registered for; an interview counts when the
        worker accepted it and it is scheduled or went ahead (passed, offer, hired): a
        cancelled, no-show or declined interview, or one a re-plan deleted, discloses nothing.
        A consent is preferred as the basis when both exist (it is the worker's explicit word).
        """
        if not worker_ids:
            return {}
        rows = await self.conn.fetch(
            """SELECT DISTINCT ON (worker_id) worker_id, consent_id, interview_id FROM (
                   SELECT c.worker_id, c.id AS consent_id, NULL::bigint AS interview_id, 0 AS pref
                   FROM consents c
                   WHERE c.worker_id = ANY($2::bigint[]) AND c.withdrawn_at IS NULL
                     AND c.purpose = 'contact_sharing'
                     AND (c.scope = 'all_employers'
                          OR (c.scope = 'employer' AND c.employer_id = $1)
                          OR (c.scope = 'event' AND EXISTS (
                                SELECT 1 FROM event_employers ee
                                WHERE ee.event_id = c.event_id AND ee.employer_id = $1)))
                   UNION ALL
                   SELECT i.worker_id, NULL, i.id, 1
                   FROM interviews i
                   WHERE i.employer_id = $1 AND i.worker_id = ANY($2::bigint[])
                     AND i.accepted_at IS NOT NULL
                     AND i.status IN ('scheduled', 'passed', 'offer', 'hired')
               ) AS basis
               ORDER BY worker_id, pref, consent_id, interview_id""",
            employer_id,
            list(worker_ids),
        )
        return {r["worker_id"]: DisclosureBasis(r["consent_id"], r["interview_id"]) for r in rows}
