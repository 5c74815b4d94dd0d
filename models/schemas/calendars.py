"""The day agenda: the caller's interviews at one event with the names and titles a day page
and a calendar file show (issue 18, "Employer and worker pages for the day")."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models.schemas.events import InterviewPublic


class AgendaEvent(BaseModel):
    id: int
    name: str
    venue: str | None
    online: bool
    timezone: str


class AgendaEmployer(BaseModel):
    id: int
    name: str
    name_ja: str | None = Field(description="The Japanese name, where the profile has one.")


class AgendaVacancy(BaseModel):
    id: int
    title: str
    ssw_field: str
    field_label: str = Field(description="The field in the language asked for.")
    category: str | None
    category_label: str | None = Field(description="The job category in the language asked for.")


class AgendaWorker(BaseModel):
    id: int
    name: str = Field(
        description="The full name where the caller may see it (the worker itself, its agency, "
        "the organiser, an employer it is disclosed to), otherwise shortened."
    )
    disclosed: bool = Field(description="Whether ``name`` is the full name.")


class AgendaEntry(BaseModel):
    interview: InterviewPublic
    employer: AgendaEmployer
    vacancy: AgendaVacancy
    worker: AgendaWorker


class Agenda(BaseModel):
    event: AgendaEvent
    data: list[AgendaEntry]
    count: int
