"""Business-matching event schemas: events and slots, registrations, shortlists, the interview
timetable, outcomes and the summary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, BaseModel, Field, field_validator, model_validator

from models.common import Lang, Name, ShortText
from models.schemas.common import RequestModel
from models.schemas.interviews import InterviewMode, InterviewTimes
from models.schemas.workers import WorkerView

ID = Field(ge=1, le=2**63 - 1)
SlotNo = int
Mode = Literal["optimal", "stable"]
"""How a timetable was planned: the solver's optimum, or worker-proposing stable matching."""
OutcomeStatus = Literal["no_show", "passed", "offer", "hired", "declined", "cancelled"]
InterviewStatus = Literal[
    "scheduled", "cancelled", "no_show", "passed", "offer", "hired", "declined"
]
"""The states of an interview (``matcher.events.TRANSITIONS`` says which follow which)."""
RegistrationStatus = Literal["registered", "cancelled"]
DecisionKind = Literal["pin", "exclude"]
ExportKind = Literal["employer", "worker", "room", "html"]


def known_time_zone(value: str) -> str:
    """``value`` if it names an IANA time zone (creating and editing an event check it)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}") from None
    return value


class BreakIn(RequestModel):
    start: AwareDatetime
    end: AwareDatetime


class DayPlanIn(RequestModel):
    """One day cut into slots: from `day_start` to `day_end`, `slot_minutes` each, `gap_minutes`
    between them, skipping `breaks`."""

    day_start: AwareDatetime
    day_end: AwareDatetime
    slot_minutes: int = Field(ge=5, le=480)
    gap_minutes: int = Field(0, ge=0, le=120)
    breaks: list[BreakIn] = Field(default_factory=list, max_length=10)


class SlotIn(RequestModel):
    start: AwareDatetime
    minutes: int = Field(ge=5, le=480)


class EventCreate(RequestModel):
    """A new event. Give the slots either as `slot_plan` (generated) or `slots` (explicit)."""

    name: Name
    venue: ShortText | None = None
    online: bool = False
    timezone: str = Field("Asia/Jakarta", max_length=64, description="IANA zone for printing.")
    starts_on: date
    ends_on: date | None = None
    min_interviews_per_worker: int = Field(0, ge=0, le=20)
    slot_plan: list[DayPlanIn] | None = Field(None, min_length=1, max_length=14)
    slots: list[SlotIn] | None = Field(None, min_length=1, max_length=200)
    organizer_id: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Admins only: the organiser that runs the event."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_time_zone(value)

    @model_validator(mode="after")
    def _consistent(self) -> EventCreate:
        if (self.slot_plan is None) == (self.slots is None):
            raise ValueError("give exactly one of slot_plan and slots")
        if not self.online and self.venue is None:
            raise ValueError("an event needs a venue unless it is online")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class SlotPublic(BaseModel):
    id: SlotNo = Field(description="Slot number within the event, from 1 in time order.")
    start: datetime
    end: datetime
    minutes: int


class EventPublic(BaseModel):
    id: int
    organizer_id: int
    name: str
    venue: str | None
    online: bool
    timezone: str
    starts_on: date
    ends_on: date
    min_interviews_per_worker: int
    slots: list[SlotPublic]
    status: Literal["open", "closed"] = "open"
    closed_at: datetime | None = Field(
        default=None,
        description="When the organiser closed the event: registrations, shortlists, plans and "
        "the way of meeting no longer change; outcomes and exports go on.",
    )


class EventList(BaseModel):
    data: list[EventPublic]
    count: int


class EmployerRegistrationCreate(RequestModel):
    """An employer at the event with the vacancies it brings (booths = parallel tables)."""

    employer_id: int = ID
    vacancy_ids: list[int] = Field(min_length=1, max_length=50)
    booths: int = Field(1, ge=1, le=50)
    max_interviews: int | None = Field(
        None, ge=0, le=5000, description="Defaults to booths x slots."
    )
    available_slots: list[SlotNo] | None = Field(None, max_length=200)


class EmployerRegistrationPublic(BaseModel):
    employer_id: int
    employer_name: str
    vacancy_ids: list[int]
    booths: int
    max_interviews: int
    available_slots: list[SlotNo] | None


class EmployerRegistrationList(BaseModel):
    data: list[EmployerRegistrationPublic]
    count: int


class WorkerRegistrationCreate(RequestModel):
    """A worker at the event. Workers registering themselves may leave out `worker_id`."""

    worker_id: int | None = Field(None, ge=1, le=2**63 - 1)
    max_interviews: int = Field(3, ge=0, le=50)
    available_slots: list[SlotNo] | None = Field(None, max_length=200)


class WorkerRegistrationPublic(BaseModel):
    worker_id: int
    max_interviews: int
    available_slots: list[SlotNo] | None
    ranking: list[int] = Field(
        description="Employer ids the worker would like to meet, best first."
    )
    status: RegistrationStatus


class WorkerRegistrationList(BaseModel):
    data: list[WorkerRegistrationPublic]
    count: int


class EmployerRankingUpdate(RequestModel):
    employer_ids: list[int] = Field(max_length=200, description="Best first; no repeats.")


class ShortlistBuild(RequestModel):
    limit_per_vacancy: int = Field(30, ge=1, le=200)
    lang: Lang = "en"


class ShortlistBuilt(BaseModel):
    vacancies: int
    entries: int = Field(description="Shortlist places filled: one per worker and vacancy.")
    workers: int = Field(description="Distinct workers on at least one shortlist.")


class DecisionUpdate(RequestModel):
    """`pin` promises the interview; `exclude` rules the worker out for every vacancy of the
    employer; `null` clears the decision."""

    decision: DecisionKind | None


class ShortlistEntry(BaseModel):
    vacancy_id: int
    rank: int
    score: float
    eligible: bool
    reasons: list[str]
    gaps: list[str]
    decision: DecisionKind | None
    worker: WorkerView


class ShortlistList(BaseModel):
    data: list[ShortlistEntry]
    count: int


class TimetableRequest(RequestModel):
    mode: Mode = "optimal"
    replan: bool = Field(
        False, description="Keep every unaffected scheduled interview where it is."
    )
    min_interviews_per_worker: int | None = Field(
        None, ge=0, le=20, description="Optimal mode only; defaults to the event's setting."
    )
    time_limit_s: float | None = Field(None, gt=0, le=600)


class InterviewPublic(BaseModel):
    id: int
    employer_id: int
    worker_id: int
    vacancy_id: int
    slot: SlotNo
    start: datetime
    end: datetime
    booth: int
    score: float
    plan_mode: Mode = Field(description="How the timetable that placed it was planned.")
    status: InterviewStatus
    mode: InterviewMode = Field(description="In person at the booth, or online with the link.")
    online_url: str | None
    language: str | None = Field(description="ISO 639 code of the interview language.")
    interpreter_needed: bool
    interpreter: str | None
    times: InterviewTimes


class UnplacedPublic(BaseModel):
    employer_id: int
    worker_id: int
    vacancy_id: int
    reason: str


class TimetablePublic(BaseModel):
    data: list[InterviewPublic]
    count: int


class TimetablePlanned(TimetablePublic):
    mode: Mode
    total_score: float
    kept: int = Field(description="Interviews that kept their slot and booth (re-planning).")
    unplaced: list[UnplacedPublic]
    solve_seconds: float


class OutcomeUpdate(RequestModel):
    status: OutcomeStatus


class SummaryRow(BaseModel):
    key: str
    interviews: int
    offers: int
    hires: int
    no_shows: int


class EmployerSummaryRow(BaseModel):
    """One employer's counts; the name is null for an employer deleted since."""

    employer_id: int
    employer_name: str | None
    interviews: int
    offers: int
    hires: int
    no_shows: int


class EventSummary(BaseModel):
    event_id: int
    interviews: int
    offers: int
    hires: int
    no_shows: int
    by_field: list[SummaryRow] = Field(description="Per SSW field; `key` is the field code.")
    by_employer: list[EmployerSummaryRow] = Field(description="Per employer, by id.")
