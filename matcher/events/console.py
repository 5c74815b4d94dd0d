"""What the organiser console adds to ``EventService`` (issue 18): editing an event, previewing
its slots and a (re-)plan before anything is stored, registering workers in bulk, and the names
the console's grid shows.

Every method is the event owner's (its organiser, or an admin), like planning: another
organiser's event is missing (404), any other role is refused (403). The slot preview is the
exception: it touches no event, so any organiser or admin may ask for it. Slots come from
``event_slots`` and plans from ``EventService.solve_event``: the previews run the code that
stores, they are not copies of it.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC

from matcher.access.policy import audited_views, require_role
from matcher.access.workers import render_worker
from matcher.errors import Conflict, InvalidInput, NotFound
from matcher.events.problem import slot_end, to_rows
from matcher.events.service import (
    EventService,
    PlanOutcome,
    ensure_open,
    event_slots,
    unplaced_public,
)
from matcher.storage.agencies import AgencyRepository
from matcher.storage.audit import AuditRepository
from matcher.storage.events import EventRecord
from matcher.storage.workers import WorkerPageFilter, WorkerRepository
from models.japanese import level_rank
from models.schemas.event_console import (
    AgencyLabel,
    EventParticipants,
    EventUpdate,
    PlanPreview,
    RowError,
    SlotPreview,
    SlotPreviewRequest,
    VacancyLabel,
    WorkerBulkRegistered,
    WorkerBulkRegistration,
)
from models.schemas.events import EventPublic, SlotPublic, TimetableRequest

POOL_PAGE = 500


class EventConsoleService(EventService):
    """``EventService`` with the organiser console's operations."""

    # -- the event itself ------------------------------------------------------------------

    async def update(self, event_id: int, body: EventUpdate) -> EventPublic:
        """Change the fields sent; new slots only while nothing depends on the old ones.

        Interviews point at slot numbers (their history too), and so do registrations that
        name the slots they are free in: renumbering slots under them would silently move
        people to other times, so that is a 409 naming the field that asked for it."""
        event = await self.managed(event_id, "edit the event")
        ensure_open(event, "edit the event")
        changes = {name: getattr(body, name) for name in body.model_fields_set}
        slot_field = "slot_plan" if body.slot_plan is not None else "slots"
        new_slots = None
        if body.slot_plan is not None or body.slots is not None:
            new_slots = event_slots(body.slot_plan, body.slots)
            if await self.repo.count_interviews(event.id):
                raise Conflict(
                    "the event has interviews (planned or recorded); its slots can no longer "
                    "change. Edit the name, venue, time zone or dates instead.",
                    field=slot_field,
                )
            if await self.repo.count_slot_bound_registrations(event.id):
                raise Conflict(
                    "registrations name slot numbers they are available in; clear them "
                    "before the slots change",
                    field=slot_field,
                )
        online = changes.get("online", event.online)
        venue = changes.get("venue", event.venue)
        if not online and venue is None:
            raise InvalidInput("an event needs a venue unless it is online", field="venue")
        starts_on = changes.get("starts_on", event.starts_on)
        # ends_on null means a one-day event, as when creating one.
        ends_on = (changes["ends_on"] or starts_on) if "ends_on" in changes else event.ends_on
        if ends_on < starts_on:
            raise InvalidInput("ends_on must not be before starts_on", field="ends_on")
        columns = {k: v for k, v in changes.items() if k not in ("slot_plan", "slots")}
        columns.update(starts_on=starts_on, ends_on=ends_on)
        updated = await self.repo.update_event(event.id, columns)
        if new_slots is not None:
            await self.repo.replace_slots(event.id, new_slots)
        return await self._public(updated)

    def preview_slots(self, body: SlotPreviewRequest) -> SlotPreview:
        """The slots a day plan gives, numbered as an event would store them."""
        require_role(self.principal, "admin", "organizer", action="plan event slots")
        # In UTC, as stored slots come back from PostgreSQL: the preview equals the event.
        slots = [(start.astimezone(UTC), m) for start, m in event_slots(body.slot_plan, body.slots)]
        return SlotPreview(
            data=[
                SlotPublic(id=n, start=start, end=slot_end(start, minutes), minutes=minutes)
                for n, (start, minutes) in enumerate(slots, 1)
            ],
            count=len(slots),
        )

    # -- registering workers in bulk -------------------------------------------------------

    async def _agency_id(self, external_id: str, field: str) -> int:
        agency = await AgencyRepository(self.conn).by_external_id(external_id)
        if agency is None:
            raise NotFound(f"no agency with external id {external_id!r}", field=field)
        return agency.id

    async def register_workers_bulk(
        self, event_id: int, body: WorkerBulkRegistration
    ) -> WorkerBulkRegistered:
        """Register the workers a list of external ids or an agency's pool names.

        A pool gives only workers who opted in to be discoverable (DOMAIN.md: the organiser
        sees an event's participants, not every agency's pool); a worker named by external id
        is registered as the single registration would. Ids that name nobody, or several
        workers of different agencies, come back as row errors; the rest are registered."""
        event = await self.managed(event_id, "register workers")
        ensure_open(event, "register workers")
        errors: list[RowError] = []
        chosen: list[int] = []
        if body.external_ids is not None:
            agency_id = (
                await self._agency_id(body.agency_external_id, "agency_external_id")
                if body.agency_external_id is not None
                else None
            )
            found = await self.repo.worker_ids_by_external_id(body.external_ids, agency_id)
            seen: set[str] = set()
            for row, value in enumerate(body.external_ids, 1):
                ids = found.get(value, [])
                if value in seen:
                    continue
                seen.add(value)
                if not ids:
                    message = f"no worker with external id {value!r}"
                    errors.append(
                        RowError(row=row, value=value, field="external_ids", message=message)
                    )
                elif len(ids) > 1:
                    message = (
                        f"{len(ids)} workers of different agencies have external id {value!r}; "
                        "name the agency"
                    )
                    errors.append(
                        RowError(row=row, value=value, field="external_ids", message=message)
                    )
                else:
                    chosen.append(ids[0])
        else:
            assert body.pool is not None
            pool = body.pool
            filters = WorkerPageFilter(
                agency_id=await self._agency_id(pool.agency_external_id, "pool.agency_external_id"),
                discoverable_only=True,
                ssw_field=pool.ssw_field,
                min_japanese_rank=level_rank(pool.min_japanese) if pool.min_japanese else None,
                province=pool.province,
                available_by=pool.available_by,
            )
            workers = WorkerRepository(self.conn)
            after = 0
            while len(chosen) < pool.limit:
                page = await workers.page(
                    filters, after_id=after, limit=min(POOL_PAGE, pool.limit - len(chosen))
                )
                if not page:
                    break
                chosen.extend(w.id for w in page)
                after = page[-1].id
        registered = await self.repo.register_workers_many(event.id, chosen, body.max_interviews)
        total = len(await self.repo.worker_registrations(event.id, active_only=True))
        return WorkerBulkRegistered(
            registered=registered,
            already=len(chosen) - registered,
            matched=len(chosen),
            total=total,
            errors=errors,
        )

    # -- planning --------------------------------------------------------------------------

    async def check_plannable(self, event_id: int) -> EventRecord:
        """The event, if the caller may plan it and it has what a plan needs: 409 naming
        ``employers``, ``workers`` or ``shortlists`` for the first missing, so the page can
        say what to do first."""
        event = await self.check_may_plan(event_id)
        if not await self.repo.employer_registrations(event.id):
            raise Conflict("register companies with their vacancies first", field="employers")
        if not await self.repo.worker_registrations(event.id, active_only=True):
            raise Conflict("register workers first", field="workers")
        if not await self.repo.shortlist(event.id):
            raise Conflict("build the shortlists before planning", field="shortlists")
        return event

    async def preview_plan(self, event_id: int, request: TimetableRequest) -> PlanPreview:
        """Solve as planning would and say what would change, storing nothing (on this
        service's one connection; the API previews as a job)."""
        event = await self.check_plannable(event_id)
        return await self.compare_plan(event, request, await self.solve_event(event, request))

    async def compare_plan(
        self, event: EventRecord, request: TimetableRequest, outcome: PlanOutcome
    ) -> PlanPreview:
        """What storing ``outcome`` would change against the stored timetable."""
        active = await self.repo.worker_registrations(event.id, active_only=True)
        stored = [i for i in await self.repo.interviews(event.id) if i.status == "scheduled"]
        before = {(i.employer_id, i.worker_id): (i.slot_no, i.booth) for i in stored}
        after = {
            (i.employer_id, i.worker_id): (i.slot_no, i.booth) for i in to_rows(outcome.timetable)
        }
        unchanged = sum(before.get(pair) == place for pair, place in after.items())
        moved = sum(pair in before and before[pair] != place for pair, place in after.items())
        dropped = sum(pair not in after for pair in before)
        added = sum(pair not in before for pair in after)
        booked = Counter(worker for _, worker in after)
        return PlanPreview(
            mode=request.mode,
            replan=request.replan,
            current=len(stored),
            interviews=len(after),
            unchanged=unchanged,
            moved=moved,
            dropped=dropped,
            added=added,
            changes=moved + dropped + added,
            unplaced=unplaced_public(outcome.timetable),
            workers_without_interview=[r.worker_id for r in active if not booked[r.worker_id]],
            solve_seconds=round(outcome.solve_seconds, 3),
        )

    # -- names for the grid ----------------------------------------------------------------

    async def participants(self, event_id: int) -> EventParticipants:
        """Registered workers as the organiser sees participants (name without contact data;
        every such read audited), the event's vacancies with titles, and the agencies (not
        the self-registration placeholder) the organiser may invite to meet companies."""
        event = await self.managed(event_id, "list the participants")
        regs = await self.repo.worker_registrations(event.id)
        found = await WorkerRepository(self.conn).get_many([r.worker_id for r in regs])
        workers = [found[r.worker_id] for r in regs if r.worker_id in found]
        kinds, bases = await self._worker_kinds(event, workers)
        await AuditRepository(self.conn).record(
            token_id=self.principal.token_id,
            role=self.principal.role,
            subject_id=self.principal.subject_id,
            worker_ids=audited_views(self.principal, workers, kinds),
            action="event_participants",
            bases=bases,
        )
        per_agency = Counter(w.agency_id for w in workers)
        return EventParticipants(
            workers=[render_worker(w, kinds[w.id], self.today) for w in workers if w.id in kinds],
            agencies=[
                AgencyLabel(
                    agency_id=a.id,
                    external_id=a.external_id,
                    name=a.name,
                    registered_workers=per_agency[a.id],
                )
                for a in await AgencyRepository(self.conn).list()
                if a.kind != "self"
            ],
            vacancies=[
                VacancyLabel(
                    vacancy_id=r["vacancy_id"],
                    employer_id=r["employer_id"],
                    title=r["title"],
                    ssw_field=r["ssw_field"],
                    category=r["category"],
                )
                for r in await self.repo.vacancy_labels(event.id)
            ],
        )
