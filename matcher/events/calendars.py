"""CalendarService: how interviews are held, interpreter load, the day agenda and .ics files.

Who may do what (DOMAIN.md "Who sees what", the rules of ``EventService``):

- details (mode, link, language, interpreter): the event's organiser and admins change all of
  them; the interview's employer changes how it is held (``mode``, ``online_url``) and nothing
  else. Anyone else gets what ``EventService`` gives for an interview it may not touch.
- interpreter load: organiser and admins.
- agenda and calendar file: the caller's own view, the same interviews as its timetable (the
  whole event for the organiser, an employer's own, an agency's workers', a worker's own).

Worker names in the agenda and the calendar follow the timetable export: in full for the
organiser, the worker itself and its agency, for an employer only once the worker is disclosed
to it (otherwise shortened); every full name shown to someone other than the worker is audited
as a contact-hidden view. The caller's dependency owns the transaction; nothing here commits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vUri

from matcher.access.principal import Principal
from matcher.access.workers import short_name
from matcher.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from matcher.events.details import InterviewContext, load_context
from matcher.events.exports import ExportFile
from matcher.events.service import EventService, ensure_open
from matcher.storage.audit import AuditRepository, DisclosureBasis, DisclosureRepository
from matcher.storage.connection import Connection
from matcher.storage.events import EventRecord, InterviewRecord
from matcher.storage.interview_details import (
    EmployerNames,
    InterviewDetails,
    InterviewDetailsRepository,
    VacancyLabels,
)
from models.categories import category_label
from models.common import Lang
from models.schemas.calendars import (
    Agenda,
    AgendaEmployer,
    AgendaEntry,
    AgendaEvent,
    AgendaVacancy,
    AgendaWorker,
)
from models.schemas.events import InterviewPublic
from models.schemas.interviews import (
    InterpreterCount,
    InterpreterLoad,
    InterpreterSlot,
    InterviewDetailsUpdate,
    LocalTime,
)
from models.vocabulary import field_label

ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"
EMPLOYER_FIELDS = frozenset({"mode", "online_url"})
"""What an employer may change on its own interviews: how it is held and the link it sends."""

_TEXT: dict[str, dict[Lang, str]] = {
    "summary": {
        "en": "Interview: {employer}",
        "ja": "面接: {employer}",
        "id": "Wawancara: {employer}",
    },
    "with": {"en": "Candidate: {worker}", "ja": "候補者: {worker}", "id": "Kandidat: {worker}"},
    "vacancy": {"en": "Vacancy: {title}", "ja": "求人: {title}", "id": "Lowongan: {title}"},
    "employer_time": {
        "en": "Employer's time: {time}",
        "ja": "企業側の時刻: {time}",
        "id": "Waktu perusahaan: {time}",
    },
    "worker_time": {
        "en": "Candidate's time: {time}",
        "ja": "候補者側の時刻: {time}",
        "id": "Waktu kandidat: {time}",
    },
    "worker_zone_unknown": {
        "en": "Candidate's time zone: unknown (no province recorded)",
        "ja": "候補者のタイムゾーン: 不明（州が未登録）",
        "id": "Zona waktu kandidat: tidak diketahui (provinsi belum dicatat)",
    },
    "event_time": {
        "en": "Event time: {time}",
        "ja": "会場の時刻: {time}",
        "id": "Waktu acara: {time}",
    },
    "online": {"en": "Online: {url}", "ja": "オンライン: {url}", "id": "Daring: {url}"},
    "online_no_link": {
        "en": "Online (the link is not set yet)",
        "ja": "オンライン（リンク未設定）",
        "id": "Daring (tautan belum diatur)",
    },
    "booth": {
        "en": "{venue}, booth {booth}",
        "ja": "{venue} ブース{booth}",
        "id": "{venue}, stan {booth}",
    },
    "language": {
        "en": "Language: {language}",
        "ja": "言語: {language}",
        "id": "Bahasa: {language}",
    },
    "interpreter": {
        "en": "Interpreter: {interpreter}",
        "ja": "通訳: {interpreter}",
        "id": "Penerjemah: {interpreter}",
    },
    "interpreter_unassigned": {
        "en": "Interpreter needed (not assigned yet)",
        "ja": "通訳が必要（未手配）",
        "id": "Perlu penerjemah (belum ditugaskan)",
    },
}

_LANGUAGES: dict[str, dict[Lang, str]] = {
    "ja": {"en": "Japanese", "ja": "日本語", "id": "Bahasa Jepang"},
    "id": {"en": "Indonesian", "ja": "インドネシア語", "id": "Bahasa Indonesia"},
    "en": {"en": "English", "ja": "英語", "id": "Bahasa Inggris"},
}
"""Names of the interview languages most events use; another code is shown as the code."""


def text(key: str, lang: Lang, **params: object) -> str:
    return _TEXT[key][lang].format(**params)


def language_name(code: str, lang: Lang) -> str:
    return _LANGUAGES.get(code, {}).get(lang, code)


def _clock(t: LocalTime) -> str:
    """``2025-08-20 10:00-10:20 JST (Asia/Tokyo)``: 24-hour, unambiguous in every language."""
    return f"{t.start:%Y-%m-%d %H:%M}\u2013{t.end:%H:%M} {t.abbreviation} ({t.zone})"


class CalendarService:
    def __init__(self, conn: Connection, principal: Principal) -> None:
        self.conn = conn
        self.principal = principal
        self.events = EventService(conn, principal)
        self.repo = InterviewDetailsRepository(conn)

    # -- details -----------------------------------------------------------------------------

    async def update_details(
        self, event_id: int, interview_id: int, body: InterviewDetailsUpdate
    ) -> InterviewPublic:
        """Change how one interview is held (see the module docstring for who may)."""
        event = await self.events.visible(event_id)
        interview = await self.events.repo.interview(interview_id)
        p = self.principal
        missing = f"no interview with id {interview_id} at event {event.id}"
        if interview is None or interview.event_id != event.id:
            raise NotFound(missing)
        owns = self.events.owns(event)
        if not (owns or p.acts_for("employer", interview.employer_id)):
            if p.role == "employer":
                raise NotFound(missing)
            raise PermissionDenied(
                "only the organiser, an admin or the interview's employer changes its details"
            )
        sent = body.model_fields_set
        if not owns:
            closed = sorted(sent - EMPLOYER_FIELDS)
            if closed:
                raise PermissionDenied(
                    "an employer sets only how its interview is held (mode, online_url); "
                    "the organiser sets the language and interpreter",
                    field=closed[0],
                )
        ensure_open(event, "change how an interview is held")
        if interview.status == "cancelled":
            raise Conflict("the interview is cancelled; its details can no longer change")
        context = await load_context(self.conn, event, [interview])
        details = _changed(context.details_of(interview), body, sent)
        if details.interpreter is not None and (
            "interpreter" in sent or "interpreter_needed" in sent
        ):
            busy = [
                i
                for i in await self.repo.interpreter_bookings(
                    event.id, interview.slot_no, details.interpreter
                )
                if i != interview.id
            ]
            if busy:
                raise Conflict(
                    f"{details.interpreter} is already assigned to interview {busy[0]} in the "
                    "same slot",
                    field="interpreter",
                )
        await self.repo.save(event.id, details)
        context.details[(details.employer_id, details.worker_id)] = details
        return context.public(interview)

    async def interpreters(self, event_id: int) -> InterpreterLoad:
        """Per slot: interviews needing an interpreter, how many have one, who is booked."""
        event = await self.events.managed(event_id, "see the interpreter load")
        interviews = await self.events.repo.interviews(event.id, include_cancelled=False)
        context = await load_context(self.conn, event, interviews)
        per_slot: dict[int, list[InterviewDetails]] = {}
        for i in interviews:
            d = context.details_of(i)
            if d.interpreter_needed:
                per_slot.setdefault(i.slot_no, []).append(d)
        overall: Counter[str] = Counter()
        rows = []
        for slot_no in sorted(per_slot):
            needing = per_slot[slot_no]
            booked = Counter(d.interpreter for d in needing if d.interpreter is not None)
            overall.update(booked)
            assigned = sum(booked.values())
            rows.append(
                InterpreterSlot(
                    slot=slot_no,
                    start=context.slots[slot_no].starts_at,
                    needed=len(needing),
                    assigned=assigned,
                    unassigned=len(needing) - assigned,
                    interpreters=_counts(booked),
                )
            )
        return InterpreterLoad(event_id=event.id, data=rows, interpreters=_counts(overall))

    # -- agenda and calendar -----------------------------------------------------------------

    async def agenda(self, event_id: int, lang: Lang) -> Agenda:
        """The caller's interviews at the event, soonest first, with names and titles."""
        event, entries = await self._agenda(event_id, lang, action="event_agenda")
        return Agenda(
            event=AgendaEvent(
                id=event.id,
                name=event.name,
                venue=event.venue,
                online=event.online,
                timezone=event.timezone,
            ),
            data=entries,
            count=len(entries),
        )

    async def calendar(self, event_id: int, lang: Lang) -> ExportFile:
        """The agenda as an iCalendar file: one VEVENT per interview, in the event's zone."""
        event, entries = await self._agenda(event_id, lang, action="event_calendar")
        content = render_ics(event, entries, lang, stamp=datetime.now(UTC))
        return ExportFile(f"event-{event.id}-calendar.ics", ICS_MEDIA_TYPE, content)

    async def _agenda(
        self, event_id: int, lang: Lang, *, action: str
    ) -> tuple[EventRecord, list[AgendaEntry]]:
        event = await self.events.visible(event_id)
        interviews = [
            i for i in await self.events.visible_interviews(event) if i.status != "cancelled"
        ]
        context = await load_context(self.conn, event, interviews)
        interviews.sort(key=lambda i: (context.slots[i.slot_no].starts_at, i.booth, i.id))
        return event, await self._entries(event, interviews, context, lang, action=action)

    async def _entries(
        self,
        event: EventRecord,
        interviews: list[InterviewRecord],
        context: InterviewContext,
        lang: Lang,
        *,
        action: str,
    ) -> list[AgendaEntry]:
        employers = await self.repo.employer_names(sorted({i.employer_id for i in interviews}))
        vacancies = await self.repo.vacancy_labels(sorted({i.vacancy_id for i in interviews}))
        names = await self.repo.worker_names(sorted({i.worker_id for i in interviews}))
        named, bases = await self._named(event, interviews)
        p = self.principal
        await AuditRepository(self.conn).record(
            token_id=p.token_id,
            role=p.role,
            subject_id=p.subject_id,
            worker_ids=sorted(w for w in named if not p.acts_for("worker", w)),
            action=action,
            view="contact_hidden",
            bases=bases,
        )
        return [
            AgendaEntry(
                interview=context.public(i),
                employer=_employer(employers.get(i.employer_id), i.employer_id),
                vacancy=_vacancy(vacancies.get(i.vacancy_id), i.vacancy_id, lang),
                worker=AgendaWorker(
                    id=i.worker_id,
                    name=(
                        names.get(i.worker_id, "")
                        if i.worker_id in named
                        else short_name(names.get(i.worker_id, ""))
                    ),
                    disclosed=i.worker_id in named,
                ),
            )
            for i in interviews
        ]

    async def _named(
        self, event: EventRecord, interviews: list[InterviewRecord]
    ) -> tuple[set[int], Mapping[int, DisclosureBasis]]:
        """Workers whose full name the caller sees, and for an employer why."""
        worker_ids = sorted({i.worker_id for i in interviews})
        p = self.principal
        if p.role == "employer":
            if p.subject_id is None:
                return set(), {}
            bases = await DisclosureRepository(self.conn).disclosed_to(p.subject_id, worker_ids)
            return set(bases), bases
        # The organiser's and admin's whole event, an agency's own workers, a worker itself:
        # ``visible_interviews`` already limited the interviews to those.
        return set(worker_ids), {}


def _changed(
    current: InterviewDetails, body: InterviewDetailsUpdate, sent: set[str]
) -> InterviewDetails:
    """The details after applying the fields of ``body`` that were sent, checked as a whole."""
    for name in ("mode", "interpreter_needed"):
        if name in sent and getattr(body, name) is None:
            raise InvalidInput(f"{name} cannot be null", field=name)
    mode = body.mode if body.mode is not None else current.mode
    online_url = body.online_url if "online_url" in sent else current.online_url
    if mode == "in_person":
        if "online_url" in sent and body.online_url is not None:
            raise InvalidInput(
                'an in-person interview has no link: send mode "online" with it',
                field="online_url",
            )
        online_url = None
    elif online_url is None:
        # Named "mode", as for meetings: the change asked for is what cannot stand alone.
        raise InvalidInput(
            "an online interview needs its link: send online_url (https://) too", field="mode"
        )
    needed = (
        body.interpreter_needed
        if body.interpreter_needed is not None
        else current.interpreter_needed
    )
    interpreter = body.interpreter if "interpreter" in sent else current.interpreter
    if "interpreter" in sent and interpreter is not None and "interpreter_needed" not in sent:
        needed = True  # assigning someone says an interpreter is needed
    if not needed:
        if "interpreter" in sent and interpreter is not None:
            raise InvalidInput(
                "an interpreter is assigned only when one is needed", field="interpreter"
            )
        interpreter = None
    return InterviewDetails(
        employer_id=current.employer_id,
        worker_id=current.worker_id,
        mode=mode,
        online_url=online_url,
        language=body.language if "language" in sent else current.language,
        interpreter_needed=needed,
        interpreter=interpreter,
    )


def _counts(counter: Counter[str]) -> list[InterpreterCount]:
    return [
        InterpreterCount(interpreter=name, interviews=n)
        for name, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    ]


def _employer(found: EmployerNames | None, employer_id: int) -> AgendaEmployer:
    if found is None:
        return AgendaEmployer(id=employer_id, name=f"#{employer_id}", name_ja=None)
    return AgendaEmployer(id=found.id, name=found.name, name_ja=found.name_ja)


def _vacancy(found: VacancyLabels | None, vacancy_id: int, lang: Lang) -> AgendaVacancy:
    if found is None:
        return AgendaVacancy(
            id=vacancy_id,
            title=f"#{vacancy_id}",
            ssw_field="",
            field_label="",
            category=None,
            category_label=None,
        )
    return AgendaVacancy(
        id=found.id,
        title=found.title,
        ssw_field=found.ssw_field,
        field_label=field_label(found.ssw_field, lang),
        category=found.category,
        category_label=category_label(found.category, lang) if found.category else None,
    )


def render_ics(
    event: EventRecord, entries: list[AgendaEntry], lang: Lang, *, stamp: datetime
) -> bytes:
    """An iCalendar (RFC 5545) file of ``entries``: times in the event's zone with its
    VTIMEZONE, the link of online interviews as LOCATION and URL, the booth of in-person ones,
    and both parties' local times in the description (calendar apps show only their own)."""
    cal = Calendar()
    cal.add("prodid", "-//ssw-matcher//event interviews//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", event.name)
    zone = ZoneInfo(event.timezone)
    for entry in entries:
        i = entry.interview
        employer = (
            entry.employer.name_ja
            if lang == "ja" and entry.employer.name_ja
            else entry.employer.name
        )
        vevent = Event()
        vevent.add("uid", f"interview-{i.id}@ssw-matcher")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", i.start.astimezone(zone))
        vevent.add("dtend", i.end.astimezone(zone))
        vevent.add(
            "summary", f"{text('summary', lang, employer=employer)} \u00b7 {entry.vacancy.title}"
        )
        vevent.add("status", "CONFIRMED")
        lines = [
            text("with", lang, worker=entry.worker.name),
            text("vacancy", lang, title=_vacancy_line(entry.vacancy)),
        ]
        if i.mode == "online":
            place = i.online_url or text("online_no_link", lang)
            lines.append(text("online", lang, url=i.online_url) if i.online_url else place)
            if i.online_url:
                vevent.add("url", vUri(i.online_url))
        else:
            place = text("booth", lang, venue=event.venue or event.name, booth=i.booth)
            lines.append(place)
        vevent.add("location", place)
        lines.append(text("employer_time", lang, time=_clock(i.times.employer)))
        if i.times.worker is not None:
            lines.append(text("worker_time", lang, time=_clock(i.times.worker)))
        else:
            lines.append(text("worker_zone_unknown", lang))
        if i.times.event.zone not in (i.times.employer.zone, getattr(i.times.worker, "zone", None)):
            lines.append(text("event_time", lang, time=_clock(i.times.event)))
        if i.language:
            lines.append(text("language", lang, language=language_name(i.language, lang)))
        if i.interpreter:
            lines.append(text("interpreter", lang, interpreter=i.interpreter))
        elif i.interpreter_needed:
            lines.append(text("interpreter_unassigned", lang))
        vevent.add("description", "\n".join(lines))
        cal.add_component(vevent)
    cal.add_missing_timezones()
    content: bytes = cal.to_ical()
    return content


def _vacancy_line(v: AgendaVacancy) -> str:
    labels = [x for x in (v.field_label, v.category_label) if x]
    # A single-category field repeats the field as its category: say it once.
    unique = list(dict.fromkeys(labels))
    return f"{v.title} ({' / '.join(unique)})" if unique else v.title
