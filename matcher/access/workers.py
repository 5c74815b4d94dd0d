"""WorkerService: every read and write of workers, with DOMAIN.md's visibility rules applied.

Views: ``full`` (admin, owning agency, the worker itself, an employer the worker is disclosed
to by a consent in force or an accepted interview: ``DisclosureRepository``),
``contact_hidden`` (another agency, discoverable workers only) and ``masked`` (employers and
organisers, discoverable workers only). Full and contact-hidden views seen by anyone but
the worker are written to the audit log, with their view, in the request's transaction (one
INSERT per request). A worker changes only what it states itself (``WORKER_STATED_FIELDS``);
deleting a worker revokes its tokens in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import asyncpg

from matcher.access.agencies import API_CREATE_HINT, resolve_agency
from matcher.access.pagination import decode_cursor, next_cursor
from matcher.access.policy import (
    WORKER_STATED_FIELDS,
    WorkerViewKind,
    audited_views,
    fields_closed_to,
    may_delete_worker,
    may_edit_worker,
    require_role,
    worker_view,
)
from matcher.access.principal import Principal
from matcher.access.validation import merge, validate_merged
from matcher.errors import Conflict, NotFound, PermissionDenied
from matcher.storage.agencies import AgencyRepository
from matcher.storage.audit import AuditRepository, DisclosureBasis, DisclosureRepository
from matcher.storage.connection import Connection
from matcher.storage.tokens import TokenRepository
from matcher.storage.workers import WorkerPageFilter, WorkerRepository
from models.schemas.workers import (
    CertificateMasked,
    LicenceMasked,
    WorkerMasked,
    WorkerPublic,
    WorkerView,
)
from models.worker import Worker, WorkerProfile

SELF_AGENCY = "SELF"
_STORED_ONLY = {"id", "agency_id", "version", "created_at", "updated_at"}
_CERTIFICATE_FIELDS = tuple(CertificateMasked.model_fields)


def short_name(full_name: str) -> str:
    """ "Siti Rahmawati" -> "Siti R."; a single name (common in Indonesia) -> its initial."""
    parts = full_name.split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][0] + "."
    return f"{parts[0]} {parts[-1][0]}."


def render_worker(worker: Worker, kind: WorkerViewKind, today: date) -> WorkerView:
    """The allow-listed output for ``kind``: nothing leaves that the view does not name.

    Built with ``model_construct`` from the stored worker's already validated values: checking
    them again cost about a millisecond per ranked page (docs/benchmarks.md, "Measurements
    behind the code"). The views
    only copy, drop or shorten those values; ``tests/matcher/access/test_policy.py`` checks
    that each view equals its validated construction.
    """
    values = worker.__dict__
    if kind == "full":
        return WorkerPublic.model_construct(**values, view="full")
    if kind == "contact_hidden":
        hidden = {**values, "contact": None}
        return WorkerPublic.model_construct(**hidden, view="contact_hidden")
    return WorkerMasked.model_construct(
        view="masked",
        id=worker.id,
        display_name=short_name(worker.full_name),
        age=worker.age_on(today),
        province=worker.province,
        summary=worker.summary,
        japanese=list(worker.japanese),
        certificates=[
            CertificateMasked.model_construct(
                **{name: getattr(c, name) for name in _CERTIFICATE_FIELDS}
            )
            for c in worker.certificates
        ],
        ssw_tests=list(worker.ssw_tests),
        intern_training=list(worker.intern_training),
        licences=[
            LicenceMasked.model_construct(
                kind=lic.kind, issued_on=lic.issued_on, expires_on=lic.expires_on
            )
            for lic in worker.licences
        ],
        experience=list(worker.experience),
        ssw1_months_used=worker.ssw1_months_used,
        preferred_fields=list(worker.preferred_fields),
        preferred_prefectures=list(worker.preferred_prefectures),
        available_from=worker.available_from,
    )


class WorkerService:
    """Workers as one caller may see and change them. The caller's dependency owns the
    transaction; this class never commits."""

    def __init__(
        self, conn: Connection, principal: Principal, *, today: date | None = None
    ) -> None:
        self.conn = conn
        self.principal = principal
        self.today = today or date.today()
        self.repo = WorkerRepository(conn)
        self.audit = AuditRepository(conn)
        self.disclosures = DisclosureRepository(conn)

    # -- reading -------------------------------------------------------------------------------

    async def _kinds_and_bases(
        self, workers: Sequence[Worker]
    ) -> tuple[dict[int, WorkerViewKind], dict[int, DisclosureBasis]]:
        """The view of each worker the caller may see and, for an employer, what disclosed
        each worker it sees in full (read now: a withdrawal counts from the next request)."""
        disclosed: dict[int, DisclosureBasis] = {}
        if self.principal.role == "employer" and self.principal.subject_id is not None:
            disclosed = await self.disclosures.disclosed_to(
                self.principal.subject_id, [w.id for w in workers]
            )
        kinds: dict[int, WorkerViewKind] = {}
        for w in workers:
            kind = worker_view(self.principal, w, disclosed=w.id in disclosed)
            if kind is not None:
                kinds[w.id] = kind
        return kinds, disclosed

    async def _kinds(self, workers: Sequence[Worker]) -> dict[int, WorkerViewKind]:
        return (await self._kinds_and_bases(workers))[0]

    async def _render(self, workers: Sequence[Worker], action: str) -> list[WorkerView]:
        """Visible workers rendered for the caller, in order; full and contact-hidden views
        are audited with their view and, for an employer, the consent or interview that
        allowed the full view."""
        kinds, bases = await self._kinds_and_bases(workers)
        visible = [w for w in workers if w.id in kinds]
        await self.audit.record(
            token_id=self.principal.token_id,
            role=self.principal.role,
            subject_id=self.principal.subject_id,
            worker_ids=audited_views(self.principal, visible, kinds),
            action=action,
            bases=bases,
        )
        return [render_worker(w, kinds[w.id], self.today) for w in visible]

    async def _visible(self, worker_id: int) -> tuple[Worker, WorkerViewKind]:
        worker = await self.repo.get(worker_id)
        kind = (await self._kinds([worker])).get(worker_id) if worker else None
        if worker is None or kind is None:
            raise NotFound(f"no worker with id {worker_id}")
        return worker, kind

    async def get(self, worker_id: int) -> WorkerView:
        worker, _ = await self._visible(worker_id)
        return (await self._render([worker], "read"))[0]

    async def views(
        self, worker_ids: Sequence[int], action: str, known: Mapping[int, Worker] | None = None
    ) -> dict[int, WorkerView]:
        """Views of the given workers the caller may see (others are left out), by id.

        ``known`` holds workers the caller has just read (the engine's ranked results), so they
        are not read again; the visibility rules apply to them all the same.
        """
        known = known or {}
        missing = [i for i in worker_ids if i not in known]
        found = {**known, **(await self.repo.get_many(missing) if missing else {})}
        rendered = await self._render([found[i] for i in worker_ids if i in found], action)
        return {view.id: view for view in rendered}

    async def require_owner_view(self, worker_id: int) -> Worker:
        """The worker, when the caller may act on its behalf (admin, owning agency, itself)."""
        worker, _ = await self._visible(worker_id)
        if not may_edit_worker(self.principal, worker):
            raise PermissionDenied("only the worker, its agency or an admin may do this")
        return worker

    async def list(self, cursor: str | None, limit: int) -> tuple[list[WorkerView], str | None]:
        after = decode_cursor(cursor)
        p = self.principal
        workers: list[Worker]
        if p.role == "admin":
            workers = await self.repo.page(WorkerPageFilter(), after_id=after, limit=limit)
        elif p.role == "worker":
            own = await self.repo.get(p.subject_id or 0)
            workers = [own] if own is not None and own.id > after else []
        elif p.role == "agency":
            # Own workers plus everyone discoverable: two keyset pages merged by id are exactly
            # the first ``limit`` ids of the union.
            mine = await self.repo.page(
                WorkerPageFilter(agency_id=p.subject_id or 0), after_id=after, limit=limit
            )
            shared = await self.repo.page(
                WorkerPageFilter(discoverable_only=True), after_id=after, limit=limit
            )
            by_id = {w.id: w for w in [*mine, *shared]}
            workers = [by_id[i] for i in sorted(by_id)[:limit]]
        else:
            workers = await self.repo.page(
                WorkerPageFilter(discoverable_only=True), after_id=after, limit=limit
            )
        cursor_out = next_cursor([w.id for w in workers], limit)
        return await self._render(workers, "list"), cursor_out

    # -- writing -------------------------------------------------------------------------------

    async def _owning_agency(self, agency: str | None, *, create_agency: bool = False) -> int:
        """The agency a new worker belongs to: the caller's own, or (admins) the one named,
        which must exist unless ``create_agency`` (a typo must not create an agency)."""
        agencies = AgencyRepository(self.conn)
        p = self.principal
        require_role(p, "admin", "agency", action="create or import workers")
        if p.role == "admin":
            if agency is None:
                return (await agencies.ensure(SELF_AGENCY)).id
            named = await resolve_agency(
                self.conn, agency, create=create_agency, create_hint=API_CREATE_HINT
            )
            return named.id
        own = await agencies.get(p.subject_id or 0)
        if own is None:
            raise NotFound("the agency this token acts for no longer exists")
        if agency is not None and agency != own.external_id:
            raise PermissionDenied("agencies may create and import only their own workers")
        return own.id

    async def owning_agency(self, agency: str | None, *, create_agency: bool = False) -> int:
        """Public form of the ownership check, for imports (checked before reading the body)."""
        return await self._owning_agency(agency, create_agency=create_agency)

    async def create(
        self, profile: WorkerProfile, *, agency: str | None = None, create_agency: bool = False
    ) -> WorkerView:
        agency_id = await self._owning_agency(agency, create_agency=create_agency)
        worker = await self.repo.create(agency_id, profile)
        if worker is None:
            raise Conflict(
                f"the agency already has a worker with external_id {profile.external_id!r}",
                field="external_id",
            )
        return (await self._render([worker], "create"))[0]

    async def update(self, worker_id: int, patch: dict[str, Any]) -> WorkerView:
        """Merge ``patch`` (only the fields the client sent) into the stored profile.

        A worker acting on itself may name only ``WORKER_STATED_FIELDS``: naming any other
        field is a 403 that names them all, and nothing is stored.
        """
        worker, _ = await self._visible(worker_id)
        if not may_edit_worker(self.principal, worker):
            raise PermissionDenied("only the worker, its agency or an admin may change a worker")
        closed = fields_closed_to(self.principal, worker, patch)
        if closed:
            raise PermissionDenied(
                f"only the worker's agency or an admin may change {', '.join(closed)}; "
                f"a worker may change its own {', '.join(sorted(WORKER_STATED_FIELDS))}",
                field=closed[0],
            )
        stored = worker.model_dump(mode="json", exclude=_STORED_ONLY)
        profile = validate_merged(WorkerProfile, merge(stored, patch), "worker")
        try:
            async with self.conn.transaction():
                updated = await self.repo.replace(worker_id, profile)
        except asyncpg.UniqueViolationError:
            raise Conflict(
                f"the agency already has a worker with external_id {profile.external_id!r}",
                field="external_id",
            ) from None
        if updated is None:
            raise NotFound(f"no worker with id {worker_id}")
        return (await self._render([updated], "update"))[0]

    async def delete(self, worker_id: int) -> None:
        """Delete the worker and revoke its tokens, both in the caller's transaction: once it
        commits, the worker's own token is refused (401) on the next request."""
        worker, kind = await self._visible(worker_id)
        if not may_delete_worker(self.principal, worker):
            raise PermissionDenied("only the worker's agency or an admin may delete a worker")
        await self.repo.delete(worker_id)
        await TokenRepository(self.conn).revoke_subject("worker", worker_id)
        await self.audit.record(
            token_id=self.principal.token_id,
            role=self.principal.role,
            subject_id=self.principal.subject_id,
            worker_ids={worker_id: kind},
            action="delete",
        )
