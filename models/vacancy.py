"""A vacancy with explicit required and preferred conditions (DOMAIN.md, "Matching rules").

Required conditions are hard: a worker who cannot be shown to meet one is not eligible.
Preferred conditions only raise the score. The two are separate objects so that nobody has
to guess which is which.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from models.categories import (
    SSWCategory,
    categories_of,
    single_category,
    ssw_categories,
    validate_licence_kind,
)
from models.common import (
    Code,
    ExternalId,
    LongText,
    PlausibleDate,
    ShortText,
    StrictModel,
    input_check,
    input_today,
)
from models.employer import EmployerProfile
from models.japanese import REQUIREMENT_LEVELS
from models.schemes import resolve_scheme_name
from models.vocabulary import occupations, validate_field_code

Visa = Literal["ssw1", "ssw2"]
Employment = Literal["direct", "dispatch"]


def _check_level(value: str | None) -> str | None:
    if value is not None and value not in REQUIREMENT_LEVELS:
        raise ValueError(
            f"unknown Japanese level {value!r}; expected one of {list(REQUIREMENT_LEVELS)}"
        )
    return value


class Requirements(StrictModel):
    """Hard requirements. ``None`` means the vacancy sets no such requirement.

    ``japanese`` is what the employer asks for; the level the visa itself needs in the job
    category (N4 for most SSW(i) jobs, N3 for taxi and bus drivers, none for most SSW(ii)) is
    applied by the eligibility rules whatever this says, so it is not defaulted here.
    ``licences`` are the licences the worker must already hold on the start date."""

    japanese: str | None = None
    ssw_test: bool = True
    certificates: list[ShortText] = Field(default_factory=list, max_length=10)
    licences: list[Code] = Field(default_factory=list, max_length=5)
    min_kkni_level: int | None = Field(None, ge=1, le=9)
    min_experience_years: float | None = Field(None, ge=0, le=50)
    min_age: int | None = Field(18, ge=15, le=80)
    max_age: int | None = Field(None, ge=15, le=80)

    @field_validator("japanese")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        return _check_level(value)

    @field_validator("licences")
    @classmethod
    def _known_licences(cls, value: list[str]) -> list[str]:
        return [validate_licence_kind(code) for code in dict.fromkeys(value)]

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
    category: Code | None = None
    occupation: Code | None = None
    visa: Visa = "ssw1"
    employment: Employment = "direct"
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

    @model_validator(mode="before")
    @classmethod
    def _single_category_filled(cls, data: object) -> object:
        """A field with one job category needs no ``category``: it is filled in."""
        if isinstance(data, dict) and data.get("category") is None:
            field = data.get("ssw_field")
            only = single_category(field) if isinstance(field, str) else None
            if only is not None:
                return {**data, "category": only.code}
        return data

    @model_validator(mode="after")
    def _employer_named_once(self) -> VacancyProfile:
        if (self.employer_id is None) == (self.employer is None):
            raise ValueError("give exactly one of employer_id or employer")
        return self

    @model_validator(mode="after")
    def _lawful(self, info: ValidationInfo) -> VacancyProfile:
        """Refuse what the law forbids, each error at the field that says it: a category not
        named where the field has several, dispatch outside agriculture and fishery, SSW(ii)
        where the category offers none on the start date, certificate names the scheme
        catalogue cannot resolve. A single-category field gets its category filled in."""
        errors: list[InitErrorDetails] = []

        def refuse(loc: tuple[str | int, ...], kind: str, text: str, **ctx: object) -> None:
            errors.append(
                InitErrorDetails(
                    type=PydanticCustomError(kind, text, ctx or None),
                    loc=loc,
                    input=getattr(self, str(loc[0]), None) if len(loc) == 1 else None,
                )
            )

        category = ssw_categories().get(self.category or "")
        if self.category is not None and (category is None or category.field != self.ssw_field):
            refuse(
                ("category",),
                "unknown_category",
                "is not a job category of {field}; expected one of: {expected}",
                field=self.ssw_field,
                expected=", ".join(c.code for c in categories_of(self.ssw_field)),
            )
            category = None
        elif self.category is None:
            refuse(
                ("category",),
                "category_required",
                "is required: the field {field} has several job categories ({expected})",
                field=self.ssw_field,
                expected=", ".join(c.code for c in categories_of(self.ssw_field)),
            )
        if category is not None:
            occupation = occupations().get(self.occupation or "")
            if occupation is not None and occupation.category != category.code:
                refuse(
                    ("occupation",),
                    "occupation_of_other_category",
                    "{occupation} belongs to the job category {other}, not {category}",
                    occupation=occupation.code,
                    other=occupation.category,
                    category=category.code,
                )
            if self.employment == "dispatch" and not category.dispatch_allowed:
                refuse(
                    ("employment",),
                    "dispatch_not_allowed",
                    "dispatch employment is allowed only in agriculture and fishery, not in {field}",
                    field=self.ssw_field,
                )
            check = input_check(info)
            on = self.starts_on or (check.today if check else input_today())
            if self.visa == "ssw2" and not category.offers_ssw2_on(on):
                refuse(
                    ("visa",),
                    "ssw2_not_offered",
                    "the job category {category} offers no SSW(ii) on {day}",
                    category=category.code,
                    day=on.isoformat(),
                )
        for group, names in (
            ("requirements", self.requirements.certificates),
            ("preferred", self.preferred.certificates),
        ):
            for i, name in enumerate(names):
                if not resolve_scheme_name(name):
                    refuse(
                        (group, "certificates", i),
                        "unknown_certificate",
                        "'{name}' matches no scheme of the catalogue (give a scheme code or a "
                        "scheme name in Indonesian, English or Japanese)",
                        name=name,
                    )
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self


def _category_for(vacancy: VacancyProfile | Vacancy) -> SSWCategory | None:
    """The vacancy's job category: named, else its occupation's, else the field's only one."""
    categories = ssw_categories()
    if vacancy.category is not None:
        return categories.get(vacancy.category)
    if vacancy.occupation is not None:
        occupation = occupations().get(vacancy.occupation)
        if occupation is not None and occupation.field == vacancy.ssw_field:
            return categories.get(occupation.category)
    return single_category(vacancy.ssw_field)


def vacancy_category(vacancy: VacancyProfile | Vacancy) -> SSWCategory | None:
    """The job category a vacancy is judged in (None: unknown, so no skill test can match).

    Stored vacancies from before categories existed carry none: their occupation's category,
    or the field's single category, is taken; otherwise the category is unknown."""
    category = _category_for(vacancy)
    if category is None or category.field != vacancy.ssw_field:
        return None
    return category


class Vacancy(StrictModel):
    """A stored vacancy, always bound to one employer."""

    id: int
    employer_id: int
    external_id: ExternalId
    title: ShortText
    description: LongText | None = None
    ssw_field: Code
    category: Code | None = None
    occupation: Code | None = None
    visa: Visa = "ssw1"
    employment: Employment = "direct"
    prefecture: ShortText | None = None
    headcount: int = 1
    salary_monthly_jpy: int | None = None
    starts_on: PlausibleDate | None = None
    requirements: Requirements = Field(default_factory=Requirements)
    preferred: Preferences = Field(default_factory=Preferences)
    status: Literal["open", "closed"] = "open"
    created_at: datetime | None = None
    updated_at: datetime | None = None
