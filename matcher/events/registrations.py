"""Registrations of an event: employers with their vacancies and booths, workers (by their
agency, themselves or the organiser), cancellations and a worker's ranking of employers."""

from __future__ import annotations

from collections.abc import Sequence

from matcher.errors import InvalidInput, NotFound, PermissionDenied
from matcher.events.core import (
    EventCore,
    ensure_open,
)
from matcher.storage.employers import EmployerRepository
from matcher.storage.events import (
    EventRecord,
)
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from models.schemas.events import (
    EmployerRegistrationCreate,
    EmployerRegistrationPublic,
    WorkerRegistrationCreate,
    WorkerRegistrationPublic,
)
from models.worker import Worker


class EventRegistrations(EventCore):
    async def _check_slots(self, event_id: int, slots: Sequence[int] | None) -> None:
        if slots is None:
            return
        known = {s.slot_no for s in await self.repo.slots(event_id)}
        unknown = sorted(set(slots) - known)
        if unknown:
            raise InvalidInput(f"unknown slot numbers: {unknown}", field="available_slots")

    async def register_employer(
        self, event_id: int, body: EmployerRegistrationCreate
    ) -> EmployerRegistrationPublic:
        event = await self.managed(event_id, "register employers")
        ensure_open(event, "register employers")
        employer = await EmployerRepository(self.conn).get(body.employer_id)
        if employer is None:
            raise NotFound(f"no employer with id {body.employer_id}", field="employer_id")
        vacancies = await VacancyRepository(self.conn).get_many(body.vacancy_ids)
        foreign = sorted(
            v
            for v in set(body.vacancy_ids)
            if v not in vacancies or vacancies[v].employer_id != employer.id
        )
        if foreign:
            raise InvalidInput(
                f"vacancies {foreign} are not vacancies of employer {employer.id}",
                field="vacancy_ids",
            )
        await self._check_slots(event.id, body.available_slots)
        slot_count = len(body.available_slots or await self.repo.slots(event.id))
        await self.repo.register_employer(
            event.id,
            employer.id,
            booths=body.booths,
            max_interviews=(
                body.max_interviews if body.max_interviews is not None else body.booths * slot_count
            ),
            available_slots=body.available_slots,
            vacancy_ids=sorted(set(body.vacancy_ids)),
        )
        regs = await self.employer_registrations(event.id)
        return next(r for r in regs if r.employer_id == employer.id)

    async def employer_registrations(self, event_id: int) -> list[EmployerRegistrationPublic]:
        """Employers of the event; an employer sees only its own registration."""
        await self.visible(event_id)
        p = self.principal
        only = p.subject_id if p.role == "employer" else None
        regs = await self.repo.employer_registrations(event_id, only)
        names, _ = await self.repo.names([r.employer_id for r in regs], [])
        return [
            EmployerRegistrationPublic(
                employer_id=r.employer_id,
                employer_name=names.get(r.employer_id, ""),
                vacancy_ids=list(r.vacancy_ids),
                booths=r.booths,
                max_interviews=r.max_interviews,
                available_slots=None if r.available_slots is None else list(r.available_slots),
            )
            for r in regs
        ]

    async def _acting_worker(self, event: EventRecord, worker_id: int | None) -> Worker:
        """The worker the caller may register or act for at this event (``NotFound`` for a
        worker of another tenant)."""
        p = self.principal
        if p.role == "worker":
            worker_id = worker_id or p.subject_id
            if worker_id != p.subject_id:
                raise NotFound(f"no worker with id {worker_id}")
        if worker_id is None:
            raise InvalidInput("worker_id is required", field="worker_id")
        worker = await WorkerRepository(self.conn).get(worker_id)
        allowed = worker is not None and (
            self.owns(event)
            or p.acts_for("worker", worker.id)
            or p.acts_for("agency", worker.agency_id)
        )
        if worker is None or not allowed:
            if p.role == "employer":
                raise PermissionDenied("employers do not register workers")
            raise NotFound(f"no worker with id {worker_id}")
        return worker

    async def register_worker(
        self, event_id: int, body: WorkerRegistrationCreate
    ) -> WorkerRegistrationPublic:
        event = await self.visible(event_id)
        ensure_open(event, "register workers")
        worker = await self._acting_worker(event, body.worker_id)
        await self._check_slots(event.id, body.available_slots)
        await self.repo.register_worker(
            event.id,
            worker.id,
            max_interviews=body.max_interviews,
            available_slots=body.available_slots,
        )
        return (await self._worker_regs(event.id, [worker.id]))[0]

    async def _worker_regs(
        self, event_id: int, worker_ids: Sequence[int] | None = None, agency_id: int | None = None
    ) -> list[WorkerRegistrationPublic]:
        regs = await self.repo.worker_registrations(
            event_id, worker_ids=worker_ids, agency_id=agency_id
        )
        return [
            WorkerRegistrationPublic(
                worker_id=r.worker_id,
                max_interviews=r.max_interviews,
                available_slots=None if r.available_slots is None else list(r.available_slots),
                ranking=list(r.ranking),
                status=r.status,
            )
            for r in regs
        ]

    async def worker_registrations(self, event_id: int) -> list[WorkerRegistrationPublic]:
        """All registrations (organiser, admin), an agency's own workers, a worker's own."""
        event = await self.visible(event_id)
        p = self.principal
        if self.owns(event):
            return await self._worker_regs(event_id)
        if p.role == "agency":
            return await self._worker_regs(event_id, agency_id=p.subject_id or 0)
        if p.role == "worker":
            return await self._worker_regs(event_id, [p.subject_id or 0])
        raise PermissionDenied("employers see candidates through their shortlists")

    async def cancel_worker(self, event_id: int, worker_id: int) -> int:
        """Cancel a registration and the worker's scheduled interviews (re-plan to fill them)."""
        event = await self.visible(event_id)
        worker = await self._acting_worker(event, worker_id)
        if not await self.repo.set_worker_status(event.id, worker.id, "cancelled"):
            raise NotFound(f"worker {worker.id} is not registered for event {event.id}")
        return await self.repo.cancel_worker_interviews(event.id, worker.id)

    async def rank_employers(
        self, event_id: int, worker_id: int, employer_ids: Sequence[int]
    ) -> WorkerRegistrationPublic:
        event = await self.visible(event_id)
        ensure_open(event, "rank employers")
        worker = await self._acting_worker(event, worker_id)
        if len(set(employer_ids)) != len(employer_ids):
            raise InvalidInput("an employer is ranked twice", field="employer_ids")
        registered = {r.employer_id for r in await self.repo.employer_registrations(event.id)}
        unknown = sorted(set(employer_ids) - registered)
        if unknown:
            raise InvalidInput(
                f"employers {unknown} are not registered for this event", field="employer_ids"
            )
        if not await self.repo.worker_registrations(event.id, worker_ids=[worker.id]):
            raise NotFound(f"worker {worker.id} is not registered for event {event.id}")
        await self.repo.set_worker_ranking(event.id, worker.id, employer_ids)
        return (await self._worker_regs(event.id, [worker.id]))[0]
