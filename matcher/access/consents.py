"""ConsentService: a worker's consents and interview acceptances, as one caller may see and
change them (DOMAIN.md "Consent and personal data"; docs/privacy.md).

Who: the worker itself, its agency (recording consent collected on paper: the signed form's
reference is required) and admins. Anyone else gets what ``WorkerService`` gives for the
worker: 404 when it cannot see the worker, 403 when it can but consent is not its to give.

What each purpose does once recorded:

- ``contact_sharing``: read by ``DisclosureRepository.disclosed_to`` on every request, so the
  employers in scope see the full profile from the next request on, and stop seeing it from
  the request after the withdrawal;
- ``employer_ranking``: sets the profile's ``discoverable`` (the engine follows through the
  change log); withdrawing the consent clears it;
- ``event_participation``: withdrawing it cancels the registration at that event and the
  interviews still scheduled there (processing for that purpose stops).

The caller's dependency owns the transaction; nothing here commits.
"""

from __future__ import annotations

from datetime import date

from matcher.access.policy import CONSENT_SCOPES, consent_given_by, may_manage_consents
from matcher.access.principal import Principal
from matcher.access.workers import WorkerService
from matcher.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from matcher.storage.connection import Connection
from matcher.storage.consents import ConsentRecord, ConsentRepository, InterviewRef, NewConsent
from matcher.storage.employers import EmployerRepository
from matcher.storage.events import EventRepository
from matcher.storage.workers import WorkerRepository
from models.schemas.consents import ConsentCreate, ConsentPublic, InterviewAcceptance
from models.worker import Worker, WorkerProfile

_STORED_ONLY = {"id", "agency_id", "version", "created_at", "updated_at"}
_ACCEPTABLE = frozenset({"scheduled"})


def consent_public(c: ConsentRecord) -> ConsentPublic:
    return ConsentPublic(
        id=c.id,
        worker_id=c.worker_id,
        purpose=c.purpose,
        scope=c.scope,
        employer_id=c.employer_id,
        event_id=c.event_id,
        given_by=c.given_by,
        form_reference=c.form_reference,
        recorded_by_role=c.recorded_by_role,
        given_at=c.given_at,
        withdrawn_at=c.withdrawn_at,
        withdrawn_by_role=c.withdrawn_by_role,
        in_force=c.in_force,
    )


def acceptance_public(i: InterviewRef) -> InterviewAcceptance:
    return InterviewAcceptance(
        interview_id=i.id,
        event_id=i.event_id,
        employer_id=i.employer_id,
        status=i.status,
        accepted=i.accepted_at is not None,
        accepted_at=i.accepted_at,
    )


def _check_target(body: ConsentCreate) -> None:
    """The purpose allows the scope, and the scope names exactly the target it needs."""
    allowed = CONSENT_SCOPES[body.purpose]
    if body.scope not in allowed:
        raise InvalidInput(
            f"a {body.purpose} consent has scope {' or '.join(sorted(allowed))}, not {body.scope}",
            field="scope",
        )
    needs = {"employer": "employer_id", "event": "event_id"}.get(body.scope)
    for name in ("employer_id", "event_id"):
        given = getattr(body, name) is not None
        if name == needs and not given:
            raise InvalidInput(f"scope {body.scope} needs {name}", field=name)
        if name != needs and given:
            raise InvalidInput(f"{name} does not belong to scope {body.scope}", field=name)


class ConsentService:
    def __init__(
        self, conn: Connection, principal: Principal, *, today: date | None = None
    ) -> None:
        self.conn = conn
        self.principal = principal
        self.workers = WorkerService(conn, principal, today=today)
        self.repo = ConsentRepository(conn)

    async def _owned(self, worker_id: int, action: str) -> Worker:
        """The worker when the caller may manage its consents (404 if it cannot see it)."""
        worker, _ = await self.workers._visible(worker_id)
        if not may_manage_consents(self.principal, worker):
            raise PermissionDenied(f"only the worker, its agency or an admin may {action}")
        return worker

    async def list(self, worker_id: int) -> list[ConsentPublic]:
        await self._owned(worker_id, "see a worker's consents")
        return [consent_public(c) for c in await self.repo.for_worker(worker_id)]

    async def give(self, worker_id: int, body: ConsentCreate) -> ConsentPublic:
        worker = await self._owned(worker_id, "record a worker's consent")
        _check_target(body)
        given_by = consent_given_by(self.principal, worker)
        if given_by == "agency" and body.form_reference is None:
            raise InvalidInput(
                "a consent recorded on the worker's behalf needs the signed form's reference",
                field="form_reference",
            )
        if body.employer_id is not None and not await EmployerRepository(self.conn).get(
            body.employer_id
        ):
            raise NotFound(f"no employer with id {body.employer_id}", field="employer_id")
        if body.event_id is not None and not await self.repo.event_exists(body.event_id):
            raise NotFound(f"no event with id {body.event_id}", field="event_id")
        new = NewConsent(
            worker_id=worker.id,
            purpose=body.purpose,
            scope=body.scope,
            employer_id=body.employer_id,
            event_id=body.event_id,
            given_by=given_by,
            form_reference=body.form_reference,
            recorded_by_role=self.principal.role,
            recorded_by_subject=self.principal.subject_id,
        )
        created = await self.repo.create(new)
        if created is None:
            existing = await self.repo.in_force_like(new)
            raise Conflict(
                f"consent {existing.id if existing else '?'} with this purpose and scope is "
                "already in force; withdraw it first to record a new one",
                field="purpose",
            )
        if created.purpose == "employer_ranking":
            await self._set_discoverable(worker, True)
        return consent_public(created)

    async def withdraw(self, worker_id: int, consent_id: int) -> ConsentPublic:
        """Withdraw a consent from now on: the record stays (as proof of what was allowed
        until now), the processing it allowed stops with the next request."""
        worker = await self._owned(worker_id, "withdraw a worker's consent")
        found = await self.repo.get(consent_id)
        if found is None or found.worker_id != worker.id:
            raise NotFound(f"worker {worker.id} has no consent with id {consent_id}")
        withdrawn = await self.repo.withdraw(consent_id, self.principal.role)
        if withdrawn is None:
            raise Conflict(f"consent {consent_id} was already withdrawn", field="consent_id")
        if withdrawn.purpose == "employer_ranking" and not await self.repo.has_in_force(
            worker.id, "employer_ranking"
        ):
            await self._set_discoverable(worker, False)
        if withdrawn.purpose == "event_participation" and withdrawn.event_id is not None:
            events = EventRepository(self.conn)
            await events.set_worker_status(withdrawn.event_id, worker.id, "cancelled")
            await events.cancel_worker_interviews(withdrawn.event_id, worker.id)
        return consent_public(withdrawn)

    async def set_interview_acceptance(
        self, worker_id: int, interview_id: int, accepted: bool
    ) -> InterviewAcceptance:
        """Accept a scheduled interview (its employer then sees the worker in full while the
        interview stands) or decline it (the disclosure ends now; the interview stays on the
        timetable for the organiser to cancel or re-plan)."""
        worker = await self._owned(worker_id, "accept or decline a worker's interview")
        interview = await self.repo.interview(interview_id)
        if interview is None or interview.worker_id != worker.id:
            raise NotFound(f"worker {worker.id} has no interview with id {interview_id}")
        if accepted and interview.status not in _ACCEPTABLE:
            raise Conflict(
                f"interview {interview_id} is {interview.status}; only a scheduled interview "
                "can be accepted",
                field="interview_id",
            )
        updated = await self.repo.set_acceptance(interview_id, accepted)
        assert updated is not None
        return acceptance_public(updated)

    async def _set_discoverable(self, worker: Worker, value: bool) -> None:
        if worker.discoverable == value:
            return
        document = worker.model_dump(mode="json", exclude=_STORED_ONLY)
        profile = WorkerProfile.model_validate({**document, "discoverable": value})
        await WorkerRepository(self.conn).replace(worker.id, profile)
