"""Shortlists of an event: the registered workers ranked for every vacancy through the engine,
and the pins and exclusions of organisers and employers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matcher.access.errors import EngineUnavailable
from matcher.access.matching import MatchingEngineProtocol
from matcher.access.policy import WorkerViewKind, audited_views, worker_view
from matcher.access.principal import Principal
from matcher.access.workers import render_worker
from matcher.engine.results import MatchQuery, MatchResult, WorkerFilters
from matcher.errors import Conflict, NotFound, PermissionDenied
from matcher.events.core import (
    EventCore,
    ensure_open,
)
from matcher.storage.audit import AuditRepository, DisclosureBasis, DisclosureRepository
from matcher.storage.database import Connect, same_connection
from matcher.storage.events import (
    EventRecord,
    ShortlistRow,
)
from matcher.storage.workers import WorkerRepository
from models.common import Lang
from models.schemas.events import (
    DecisionUpdate,
    ShortlistBuilt,
    ShortlistEntry,
)
from models.worker import Worker

NO_CANDIDATE = "no such candidate for this vacancy"
"""The one detail an employer gets for a decision on a worker that is unknown, not registered
for the event, hidden from it, or neither shortlisted nor eligible: which case it was is not
the employer's to learn."""


Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ShortlistScope:
    """What one shortlist build ranks: every vacancy in the caller's scope, over the workers
    registered for the event and active."""

    event_id: int
    vacancy_ids: tuple[int, ...]
    worker_ids: frozenset[int]


async def rank_shortlist(
    engine: MatchingEngineProtocol,
    vacancy_id: int,
    worker_ids: frozenset[int],
    *,
    limit: int,
    lang: Lang,
) -> list[ShortlistRow]:
    """The shortlist rows of one vacancy: the engine's ranking restricted to ``worker_ids``,
    with its reasons and gaps in ``lang``."""
    if not worker_ids:
        return []
    results = await engine.match_vacancy(
        vacancy_id, MatchQuery(limit=limit, lang=lang), WorkerFilters(worker_ids=worker_ids)
    )
    ranked = (r for r in results if r.subject_id in worker_ids)
    return [
        ShortlistRow(
            vacancy_id=vacancy_id,
            worker_id=r.subject_id,
            rank=rank,
            score=min(1.0, max(0.0, r.score)),
            eligible=r.eligible,
            reasons=tuple(r.reasons),
            gaps=tuple(r.gaps),
        )
        for rank, r in enumerate(ranked, start=1)
    ]


async def build_shortlists(
    connect: Connect,
    principal: Principal,
    engine: MatchingEngineProtocol,
    event_id: int,
    *,
    limit_per_vacancy: int,
    lang: Lang,
    progress: Progress | None = None,
) -> ShortlistBuilt:
    """Rank the registered workers for every vacancy of the event (an employer: its own).

    No connection is held while the engine ranks (it takes the engine's own): the scope is
    read in one unit of work, then each vacancy's shortlist is replaced in one of its own, so a
    build that stops half-way leaves every shortlist whole (old or new) and running it again
    finishes it. ``progress(done, total)`` counts vacancies."""
    async with connect() as conn:
        scope = await EventShortlists(conn, principal).shortlist_scope(event_id)
    total = len(scope.vacancy_ids)
    entries = 0
    shortlisted: set[int] = set()
    for done, vacancy_id in enumerate(scope.vacancy_ids, start=1):
        rows = await rank_shortlist(
            engine, vacancy_id, scope.worker_ids, limit=limit_per_vacancy, lang=lang
        )
        async with connect() as conn:
            await EventShortlists(conn, principal).store_shortlist(event_id, vacancy_id, rows)
        entries += len(rows)
        shortlisted.update(row.worker_id for row in rows)
        if progress is not None:
            progress(done, total)
    return ShortlistBuilt(vacancies=total, entries=entries, workers=len(shortlisted))


class EventShortlists(EventCore):
    def _engine(self) -> MatchingEngineProtocol:
        if self.engine is None:
            raise EngineUnavailable("the matching engine is not running; try again later")
        return self.engine

    async def _vacancies_in_scope(self, event: EventRecord) -> dict[int, int]:
        """vacancy id -> employer id for the vacancies the caller may handle."""
        p = self.principal
        regs = await self.repo.employer_registrations(event.id)
        if self.owns(event):
            return {v: r.employer_id for r in regs for v in r.vacancy_ids}
        if p.role == "employer":
            return {
                v: r.employer_id
                for r in regs
                if r.employer_id == p.subject_id
                for v in r.vacancy_ids
            }
        raise PermissionDenied("only the organiser, an admin or the employer may do this")

    async def shortlist_scope(self, event_id: int) -> ShortlistScope:
        """What building the event's shortlists ranks, if the caller may build them now: the
        vacancies it may handle and the workers registered and active."""
        event = await self.visible(event_id)
        ensure_open(event, "build shortlists")
        vacancies = await self._vacancies_in_scope(event)
        active = await self.repo.worker_registrations(event.id, active_only=True)
        return ShortlistScope(
            event_id=event.id,
            vacancy_ids=tuple(sorted(vacancies)),
            worker_ids=frozenset(r.worker_id for r in active),
        )

    async def store_shortlist(
        self, event_id: int, vacancy_id: int, rows: Sequence[ShortlistRow]
    ) -> None:
        """Replace one vacancy's shortlist, checking again that the caller may (the event may
        have closed, or the vacancy left it, while it was ranked)."""
        event = await self.visible(event_id)
        ensure_open(event, "build shortlists")
        if vacancy_id not in await self._vacancies_in_scope(event):
            raise Conflict(
                f"vacancy {vacancy_id} is no longer registered for this event", field="vacancies"
            )
        await self.repo.replace_shortlist(event.id, vacancy_id, rows)

    async def build_shortlists(
        self, event_id: int, *, limit_per_vacancy: int = 30, lang: Lang = "en"
    ) -> ShortlistBuilt:
        """Rank and store on this service's one connection (command line, demo event); the
        API builds as a job (``matcher.jobs.events``)."""
        return await build_shortlists(
            same_connection(self.conn),
            self.principal,
            self._engine(),
            event_id,
            limit_per_vacancy=limit_per_vacancy,
            lang=lang,
        )

    async def _worker_kinds(
        self, event: EventRecord, workers: Sequence[Worker]
    ) -> tuple[dict[int, WorkerViewKind], dict[int, DisclosureBasis]]:
        """How participants of the event are shown, with the basis of each employer's full
        view: organisers see names without contact data; employers see them masked until
        disclosed by a consent or an accepted interview (registering for an event is consent
        to be seen, masked, by its employers)."""
        p = self.principal
        if p.is_admin:
            return {w.id: "full" for w in workers}, {}
        if self.owns(event):
            return {w.id: "contact_hidden" for w in workers}, {}
        if p.role == "employer" and p.subject_id is not None:
            disclosed = await DisclosureRepository(self.conn).disclosed_to(
                p.subject_id, [w.id for w in workers]
            )
            return {w.id: "full" if w.id in disclosed else "masked" for w in workers}, disclosed
        return {}, {}

    async def shortlist(self, event_id: int, vacancy_id: int | None = None) -> list[ShortlistEntry]:
        event = await self.visible(event_id)
        vacancies = await self._vacancies_in_scope(event)
        if vacancy_id is not None and vacancy_id not in vacancies:
            raise NotFound(f"vacancy {vacancy_id} is not shortlisted at event {event.id}")
        rows = await self.repo.shortlist(
            event.id, vacancy_ids=[vacancy_id] if vacancy_id is not None else sorted(vacancies)
        )
        decisions = {
            (d.vacancy_id, d.worker_id): d.decision for d in await self.repo.decisions(event.id)
        }
        found = await WorkerRepository(self.conn).get_many(sorted({r.worker_id for r in rows}))
        kinds, bases = await self._worker_kinds(event, list(found.values()))
        await AuditRepository(self.conn).record(
            token_id=self.principal.token_id,
            role=self.principal.role,
            subject_id=self.principal.subject_id,
            worker_ids=audited_views(self.principal, list(found.values()), kinds),
            action="event_shortlist",
            bases=bases,
        )
        views = {
            w.id: render_worker(w, kinds[w.id], self.today) for w in found.values() if w.id in kinds
        }
        return [
            ShortlistEntry(
                vacancy_id=r.vacancy_id,
                rank=r.rank,
                score=r.score,
                eligible=r.eligible,
                reasons=list(r.reasons),
                gaps=list(r.gaps),
                decision=decisions.get((r.vacancy_id, r.worker_id)),
                worker=views[r.worker_id],
            )
            for r in rows
            if r.worker_id in views
        ]

    async def decide(
        self, event_id: int, vacancy_id: int, worker_id: int, body: DecisionUpdate
    ) -> None:
        """Pin or exclude a registered worker for a vacancy of the event (or clear it).

        Organisers and admins may decide on any active registration, ineligible and
        non-discoverable workers included (a pin is the organiser's promise). An employer may
        decide only on a *candidate* of its vacancy (``_employer_candidate``): a pin leads to an
        interview, and an interview discloses the worker's full profile, so pinning anyone else
        would let an employer read workers it may not even see.
        """
        event = await self.visible(event_id)
        ensure_open(event, "pin or exclude candidates")
        vacancies = await self._vacancies_in_scope(event)
        if vacancy_id not in vacancies:
            raise NotFound(f"vacancy {vacancy_id} is not at event {event.id}")
        listed = await self.repo.shortlist(event.id, vacancy_ids=[vacancy_id])
        row = next((r for r in listed if r.worker_id == worker_id), None)
        registered = bool(
            await self.repo.worker_registrations(event.id, worker_ids=[worker_id], active_only=True)
        )
        owns = self.owns(event)
        if not registered:
            raise NotFound(
                f"worker {worker_id} is not registered for event {event.id}"
                if owns
                else NO_CANDIDATE
            )
        hit: MatchResult | None = None
        if not owns and row is None:
            hit = await self._employer_candidate(event, vacancy_id, worker_id, body.decision)
        if body.decision == "pin" and row is None:
            if hit is None:
                hit = await self._ranking(vacancy_id, worker_id)
            await self.repo.upsert_shortlist(
                event.id, [_pin_row(vacancy_id, worker_id, len(listed) + 1, hit)]
            )
        await self.repo.set_decision(event.id, vacancy_id, worker_id, body.decision)

    async def _employer_candidate(
        self, event: EventRecord, vacancy_id: int, worker_id: int, decision: str | None
    ) -> MatchResult | None:
        """Check that an active registration the shortlist left out is still a candidate the
        calling employer may decide on, and return its ranking for the vacancy.

        Candidates: workers on the vacancy's shortlist (checked by the caller), workers the
        employer may see by ``worker_view`` (discoverable, or already disclosed to it) *and*
        eligible for the vacancy, and, to clear a decision, any worker that has one for the
        vacancy. Every refusal is the same ``NotFound(NO_CANDIDATE)`` as an unknown or
        unregistered worker id, so the answer tells the employer nothing about who is
        registered or hidden (OWASP API1).
        """
        if decision is None and any(
            d.vacancy_id == vacancy_id and d.worker_id == worker_id
            for d in await self.repo.decisions(event.id)
        ):
            return None
        p = self.principal
        worker = await WorkerRepository(self.conn).get(worker_id)
        if worker is None or p.subject_id is None:
            raise NotFound(NO_CANDIDATE)
        disclosed = await DisclosureRepository(self.conn).disclosed_to(p.subject_id, [worker_id])
        if worker_view(p, worker, disclosed=worker_id in disclosed) is None:
            raise NotFound(NO_CANDIDATE)
        # Only a visible worker reaches the engine, so a 503 here reveals nothing hidden.
        self._engine()
        hit = await self._ranking(vacancy_id, worker_id)
        if hit is None or not hit.eligible:
            raise NotFound(NO_CANDIDATE)
        return hit

    async def _ranking(self, vacancy_id: int, worker_id: int) -> MatchResult | None:
        """The engine's ranking of one worker for a vacancy, eligible or not (``None`` when
        the engine is not running or does not rank the worker)."""
        if self.engine is None:
            return None
        results = await self.engine.match_vacancy(
            vacancy_id,
            MatchQuery(limit=1, include_ineligible=True),
            WorkerFilters(worker_ids=frozenset({worker_id})),
        )
        return next((r for r in results if r.subject_id == worker_id), None)


def _pin_row(vacancy_id: int, worker_id: int, rank: int, hit: MatchResult | None) -> ShortlistRow:
    """A shortlist row for a pinned worker the ranking left out (possibly ineligible)."""
    if hit is None:
        return ShortlistRow(vacancy_id, worker_id, rank, 0.0, False, (), ("not ranked",))
    return ShortlistRow(
        vacancy_id,
        worker_id,
        rank,
        min(1.0, max(0.0, hit.score)),
        hit.eligible,
        tuple(hit.reasons),
        tuple(hit.gaps),
    )
