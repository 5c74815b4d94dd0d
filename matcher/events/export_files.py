"""The event's timetable exports as files: CSV per employer, worker or room, and printable
HTML (rendered by ``matcher.events.exports``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from matcher.access.workers import short_name
from matcher.errors import InvalidInput, PermissionDenied
from matcher.events.core import (
    EventCore,
)
from matcher.events.exports import (
    CSV_MEDIA_TYPE,
    ExportFile,
    ExportRow,
    render_csv,
    render_html,
)
from matcher.events.problem import slot_end
from matcher.storage.audit import AuditRepository, DisclosureBasis, DisclosureRepository
from matcher.storage.workers import WorkerRepository


class EventExports(EventCore):
    async def export(self, event_id: int, kind: str) -> ExportFile:
        """The timetable as CSV (``employer``, ``worker``, ``room``) or printable ``html``.

        Organisers and admins export the whole event, an employer its own interviews; worker
        names are shortened for an employer unless the worker is disclosed to it.
        """
        event = await self.visible(event_id)
        p = self.principal
        if not (self.owns(event) or p.role == "employer"):
            raise PermissionDenied("only the organiser, an admin or an employer exports")
        interviews = [i for i in await self.visible_interviews(event) if i.status != "cancelled"]
        slots = {s.slot_no: s for s in await self.repo.slots(event.id)}
        employers, vacancies = await self.repo.names(
            sorted({i.employer_id for i in interviews}), sorted({i.vacancy_id for i in interviews})
        )
        workers = await WorkerRepository(self.conn).get_many(
            sorted({i.worker_id for i in interviews})
        )
        disclosed: dict[int, DisclosureBasis] = {}
        if p.role == "employer" and p.subject_id is not None:
            disclosed = await DisclosureRepository(self.conn).disclosed_to(
                p.subject_id, list(workers)
            )

        named = {w for w in workers if self.owns(event) or w in disclosed}
        # Full names without contact data: audited as a contact-hidden read of each worker.
        await AuditRepository(self.conn).record(
            token_id=p.token_id,
            role=p.role,
            subject_id=p.subject_id,
            worker_ids=sorted(named),
            action="event_export",
            view="contact_hidden",
            bases=disclosed,
        )

        def name(worker_id: int) -> str:
            worker = workers.get(worker_id)
            if worker is None:
                return ""
            return worker.full_name if worker_id in named else short_name(worker.full_name)

        rows = [
            ExportRow(
                event_id=event.id,
                slot=i.slot_no,
                start=slots[i.slot_no].starts_at,
                end=slot_end(slots[i.slot_no].starts_at, slots[i.slot_no].minutes),
                employer_id=i.employer_id,
                employer_name=employers.get(i.employer_id, ""),
                booth=i.booth,
                worker_id=i.worker_id,
                worker_name=name(i.worker_id),
                vacancy_id=i.vacancy_id,
                vacancy_title=vacancies.get(i.vacancy_id, ("", ""))[0],
                ssw_field=vacancies.get(i.vacancy_id, ("", ""))[1],
                score=i.score,
                status=i.status,
            )
            for i in interviews
        ]
        tz = ZoneInfo(event.timezone)
        if kind == "html":
            html = render_html(
                rows,
                event_name=event.name,
                venue=event.venue or "online",
                tz=tz,
                slots=[
                    (s.slot_no, s.starts_at, slot_end(s.starts_at, s.minutes))
                    for s in slots.values()
                ],
            )
            return ExportFile(
                f"event-{event.id}-timetable.html", "text/html; charset=utf-8", html.encode()
            )
        if kind not in ("employer", "worker", "room"):
            raise InvalidInput(f"unknown export kind {kind!r}", field="kind")
        return ExportFile(
            f"event-{event.id}-{kind}.csv", CSV_MEDIA_TYPE, render_csv(rows, kind, tz)
        )
