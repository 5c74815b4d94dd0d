"""A vacancy with explicit required and preferred conditions (DOMAIN.md, "Matching rules").

Required conditions are hard: a worker who cannot be shown to meet one is not eligible.
Preferred conditions only raise the score. The two are separate objects so that nobody has
to guess which is which.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator, model_validator

from models.common import (
    Code,
    ExternalId,
    LongText,
    PlausibleDate,
    ShortText,
    StrictModel,
)
from models.employer import EmployerProfile
from models.japanese import REQUIREMENT_LEVELS
from models.vocabulary import validate_field_code

Visa = Literal["ssw1", "ssw2"]


def _check_level(value: str | None) -> str | None:
    if value is not None and value not in REQUIREMENT_LEVELS:
        raise ValueError(
            f"unknown Japanese level {value!r}; expected one of {list(REQUIREMENT_LEVELS)}"
        )
    return value


class Requirements(StrictModel):
    """Hard requirements. ``None`` means the vacancy sets no such requirement."""

    japanese: str | None = "N4"
    ssw_test: bool = True
    certificates: list[ShortText] = Field(default_factory=list, max_length=10)
    min_kkni_level: int | None = Field(None, ge=1, le=9)
    min_experience_years: float | None = Field(None, ge=0, le=50)
    min_age: int | None = Field(18, ge=15, le=80)
    max_age: int | None = Field(None, ge=15, le=80)

    @field_validator("japanese")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        return _check_level(value)

    @model_validator(mode="after")
    def _ages_in_order(self) -> Requirements:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValueError("max_age must not be below min_age")
        return self


class Preferences(StrictModel):
    """Soft conditions: they raise the score, never exclude."""

    japanese: str | None = None
    certificates: list[ShortText] = Field(default_factory=list, max_length=10)
    experience_years: float | None = Field(None, ge=0, le=50)

    @field_validator("japanese")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        return _check_level(value)


class VacancyProfile(StrictModel):
    """The contract shape of a vacancy; the employer is an id or an embedded profile."""

    external_id: ExternalId
    employer_id: int | None = None
    employer: EmployerProfile | None = None
    title: ShortText
    description: LongText | None = None
    ssw_field: Code
    occupation: Code | None = None
    visa: Visa = "ssw1"
    prefecture: ShortText | None = None
    headcount: int = Field(1, ge=1, le=1000)
    salary_monthly_jpy: int | None = Field(None, ge=0, le=10_000_000)
    starts_on: PlausibleDate | None = None
    requirements: Requirements = Field(default_factory=Requirements)
    preferred: Preferences = Field(default_factory=Preferences)

    @field_validator("ssw_field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        return validate_field_code(value)

    @model_validator(mode="after")
    def _employer_named_once(self) -> VacancyProfile:
        if (self.employer_id is None) == (self.employer is None):
            raise ValueError("give exactly one of employer_id or employer")
        return self


class Vacancy(StrictModel):
    """A stored vacancy, always bound to one employer."""

    id: int
    employer_id: int
    external_id: ExternalId
    title: ShortText
    description: LongText | None = None
    ssw_field: Code
    occupation: Code | None = None
    visa: Visa = "ssw1"
    prefecture: ShortText | None = None
    headcount: int = 1
    salary_monthly_jpy: int | None = None
    starts_on: PlausibleDate | None = None
    requirements: Requirements = Field(default_factory=Requirements)
    preferred: Preferences = Field(default_factory=Preferences)
    status: Literal["open", "closed"] = "open"
    created_at: datetime | None = None
    updated_at: datetime | None = None
