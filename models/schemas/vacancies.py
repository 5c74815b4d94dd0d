"""Vacancy schemas."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from models.common import Code, ExternalId, LongText, ShortText, StrictModel
from models.schemas.common import VACANCY_EXAMPLE
from models.schemas.employers import EmployerEmbed
from models.vacancy import Preferences, Requirements, Vacancy, VacancyProfile, Visa


class VacancyCreate(VacancyProfile):
    """A new vacancy (a POST body or an import row); the employer is ``employer_id`` or an
    embedded ``employer``, created when new and otherwise changed only in the fields sent
    (``EmployerEmbed``).

    Every rule of ``VacancyProfile`` applies; only ``employer`` is narrower there (a whole
    profile). It is redeclared here rather than in the domain model because "only the fields
    sent" is a property of a request, not of a stored vacancy; mypy flags the change of type,
    which is deliberate: code that reads the embedded employer takes a ``VacancyCreate``.
    """

    model_config = ConfigDict(json_schema_extra={"examples": [VACANCY_EXAMPLE]})

    employer: EmployerEmbed | None = None  # type: ignore[assignment]


class VacancyUpdate(StrictModel):
    """A partial update. ``requirements`` and ``preferred`` are merged key by key; the employer
    cannot change."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"headcount": 3, "requirements": {"japanese": "N3"}}]}
    )

    external_id: ExternalId | None = None
    title: ShortText | None = None
    description: LongText | None = None
    ssw_field: Code | None = None
    occupation: Code | None = None
    visa: Visa | None = None
    prefecture: ShortText | None = None
    headcount: int | None = Field(None, ge=1, le=1000)
    salary_monthly_jpy: int | None = Field(None, ge=0, le=10_000_000)
    starts_on: date | None = None
    requirements: Requirements | None = None
    preferred: Preferences | None = None
    status: Literal["open", "closed"] | None = None


class VacancyPublic(Vacancy):
    """A vacancy as every role that may see it sees it."""


class VacancyList(StrictModel):
    data: list[VacancyPublic]
    count: int
    next_cursor: str | None = None
