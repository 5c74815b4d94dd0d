"""Company-meets-sending-organisation schemas: the agencies at an event, the meeting plan, the
per-pair way of meeting (in person or online) and what each agency is asked about.

The shapes are the contract the organiser page reads (docs/events.md, "Company meets sending
organisation")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from models.schemas.common import AttendanceMode, OnlineUrl, RequestModel

SlotNo = int
MeetingMode = AttendanceMode
PlanMode = Literal["optimal"]
MeetingExportKind = Literal["employer", "agency", "html"]


class AgencyAtEvent(RequestModel):
    """A sending organisation at the event: `tables` meetings at once, in `present_slots`
    (null: every slot)."""

    agency_id: int = Field(ge=1, le=2**63 - 1)
    tables: int = Field(1, ge=1, le=50)
    present_slots: list[SlotNo] | None = Field(None, min_length=1, max_length=200)


class AgencyRegistrationUpdate(RequestModel):
    """The event's whole list of agencies; an agency left out is removed with its meetings."""

    agencies: list[AgencyAtEvent] = Field(max_length=500)


class AgencyRegistrationPublic(BaseModel):
    agency_id: int
    external_id: str
    agency_name: str
    tables: int
    present_slots: list[SlotNo] | None


class AgencyRegistrationList(BaseModel):
    data: list[AgencyRegistrationPublic]
    count: int


class MeetingPlanRequest(RequestModel):
    mode: PlanMode = Field("optimal", description="Maximum total value (the only mode).")
    replan: bool = Field(False, description="Keep every unaffected meeting where it is.")
    time_limit_s: float | None = Field(None, gt=0, le=600)


class OfferedWorker(BaseModel):
    worker_id: int
    name: str
    score: float


class VacancyOffer(BaseModel):
    """One of the company's vacancies and the agency's workers counted for it."""

    vacancy_id: int
    title: str
    ssw_field: str
    category: str | None = Field(None, description="The vacancy's job category (業務区分).")
    prefecture: str | None = None
    salary_monthly_jpy: int | None = None
    starts_on: date | None = None
    headcount: int
    workers: list[OfferedWorker]


class MeetingPublic(BaseModel):
    id: int
    employer_id: int
    employer_name: str
    employer_name_ja: str | None = Field(None, description="The company's Japanese name, if known.")
    agency_id: int
    agency_name: str
    slot: SlotNo
    start: datetime
    end: datetime
    table: int = Field(description="The agency's table (1..tables).")
    booth: int = Field(description="The company's booth, free of interviews in that slot.")
    value: float = Field(description="What the agency's pool offers the company (see docs).")
    workers: int = Field(description="The agency's workers counted in the value.")
    seats: int = Field(description="The company's headcount over its vacancies at the event.")
    pinned: bool
    mode: MeetingMode
    online_url: str | None
    plan_mode: PlanMode
    offers: list[VacancyOffer] | None = Field(
        None, description="Agency callers only: the vacancies and which of its workers fit."
    )


class MeetingList(BaseModel):
    data: list[MeetingPublic]
    count: int


UnplacedMeetingReason = Literal["nothing_to_offer", "no_common_slot", "not_selected"]


class UnplacedMeeting(BaseModel):
    """A pair without a meeting: pinned but with nothing to offer, never both free in one
    slot, or left out because capacity went to pairs worth more."""

    employer_id: int
    agency_id: int
    value: float
    reason: UnplacedMeetingReason


class MeetingsPlanned(MeetingList):
    mode: PlanMode
    total_value: float
    kept: int = Field(description="Meetings that kept their slot and table (re-planning).")
    pairs: int = Field(description="(company, agency) pairs with something to offer.")
    unplaced: list[UnplacedMeeting]
    solve_seconds: float


class MeetingPin(RequestModel):
    pinned: bool


class MeetingUpdate(RequestModel):
    """How a meeting is held; kept for the (company, agency) pair across re-plans."""

    mode: MeetingMode | None = None
    online_url: OnlineUrl | None = None

    @model_validator(mode="after")
    def _something(self) -> MeetingUpdate:
        if not self.model_fields_set:
            raise ValueError("give mode, online_url or both")
        return self
