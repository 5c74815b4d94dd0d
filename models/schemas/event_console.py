"""Schemas of the organiser console (issue 18): editing an event, previewing its slots,
registering workers in bulk, previewing a (re-)plan, and the names the console shows.

The console runs an event from the web page; every shape here is also plain API.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from models.common import Code, ExternalId, Name, ShortText
from models.japanese import LEVEL_RANK
from models.schemas.common import RequestModel
from models.schemas.events import DayPlanIn, SlotIn, SlotPublic, UnplacedPublic, known_time_zone
from models.schemas.workers import WorkerView


class EventUpdate(RequestModel):
    """The fields to change; a field left out keeps its value. New slots (`slot_plan` or
    `slots`) replace the old ones only while the event has no interview and no registration
    names slot numbers (409 naming the field otherwise)."""

    name: Name | None = None
    venue: ShortText | None = None
    online: bool | None = None
    timezone: str | None = Field(None, max_length=64)
    starts_on: date | None = None
    ends_on: date | None = None
    min_interviews_per_worker: int | None = Field(None, ge=0, le=20)
    slot_plan: list[DayPlanIn] | None = Field(None, min_length=1, max_length=14)
    slots: list[SlotIn] | None = Field(None, min_length=1, max_length=200)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else known_time_zone(value)

    @model_validator(mode="after")
    def _one_slot_source(self) -> EventUpdate:
        if self.slot_plan is not None and self.slots is not None:
            raise ValueError("give at most one of slot_plan and slots")
        for name in ("name", "online", "timezone", "starts_on", "min_interviews_per_worker"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class SlotPreviewRequest(RequestModel):
    """A day plan (or explicit slots) to cut into slots without storing anything."""

    slot_plan: list[DayPlanIn] | None = Field(None, min_length=1, max_length=14)
    slots: list[SlotIn] | None = Field(None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _exactly_one(self) -> SlotPreviewRequest:
        if (self.slot_plan is None) == (self.slots is None):
            raise ValueError("give exactly one of slot_plan and slots")
        return self


class SlotPreview(BaseModel):
    data: list[SlotPublic] = Field(description="The slots the event would get, numbered from 1.")
    count: int


class WorkerPool(RequestModel):
    """Workers of one agency's pool who opted in to be discoverable, filtered."""

    agency_external_id: ExternalId
    ssw_field: Code | None = None
    min_japanese: str | None = Field(None, description="Lowest level, e.g. N4 or A2.")
    province: ShortText | None = None
    available_by: date | None = None
    limit: int = Field(500, ge=1, le=5000)

    @field_validator("min_japanese")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        if value is not None and value not in LEVEL_RANK:
            raise ValueError(f"unknown Japanese level {value!r}; one of {sorted(LEVEL_RANK)}")
        return value


class WorkerBulkRegistration(RequestModel):
    """Register many workers at once: by external id (a pasted list or a CSV column; with
    `agency_external_id` when ids repeat across agencies) or from an agency's pool."""

    external_ids: list[ExternalId] | None = Field(None, min_length=1, max_length=5000)
    agency_external_id: ExternalId | None = None
    pool: WorkerPool | None = None
    max_interviews: int = Field(3, ge=0, le=50)

    @model_validator(mode="after")
    def _exactly_one(self) -> WorkerBulkRegistration:
        if (self.external_ids is None) == (self.pool is None):
            raise ValueError("give exactly one of external_ids and pool")
        return self


class RowError(BaseModel):
    row: int = Field(description="1-based position in `external_ids`.")
    value: str
    field: str
    message: str


class WorkerBulkRegistered(BaseModel):
    registered: int = Field(description="Workers newly registered (or revived) by this call.")
    already: int = Field(description="Workers named that were registered already.")
    matched: int = Field(description="Workers the list or the pool named.")
    total: int = Field(description="Active registrations of the event afterwards.")
    errors: list[RowError]


class PlanPreview(BaseModel):
    """What planning now would do, compared with the stored timetable; nothing is stored.

    Interviews are compared per employer and worker: `moved` keeps the pair in another slot
    or booth, `dropped` loses it, `added` is new; `changes` = moved + dropped + added."""

    mode: Literal["optimal", "stable"]
    replan: bool
    current: int = Field(description="Scheduled interviews stored now.")
    interviews: int = Field(description="Interviews of the new plan.")
    unchanged: int
    moved: int
    dropped: int
    added: int
    changes: int
    unplaced: list[UnplacedPublic]
    workers_without_interview: list[int] = Field(
        description="Active registrations with no interview in the new plan."
    )
    solve_seconds: float


class VacancyLabel(BaseModel):
    vacancy_id: int
    employer_id: int
    title: str
    ssw_field: str
    category: str | None


class AgencyLabel(BaseModel):
    """A sending organisation the organiser may invite to meet companies (agencies are
    organisations, not personal data)."""

    agency_id: int
    external_id: str
    name: str
    registered_workers: int = Field(description="Its workers registered for this event.")


class EventParticipants(BaseModel):
    """Who takes part, as the organiser may see them: registered workers without contact data
    (audited), the event's vacancies with their titles, and every agency."""

    workers: list[WorkerView]
    vacancies: list[VacancyLabel]
    agencies: list[AgencyLabel]
