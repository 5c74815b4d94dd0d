"""A worker's profile as the data contract defines it (DOMAIN.md, "Data contract").

``WorkerProfile`` is what an agency or a worker sends; ``Worker`` is the stored record with the
database id and owner. Certificates carry their own status so that an expired or revoked
certificate is visible but never satisfies a requirement.

The rules relative to today (an age of 15 to 70, no test, certificate or training dated after
today) are ``WorkerProfile`` validators that run only for new input (``models.common``,
"Dates relative to today"): a stored worker stays readable as the calendar moves on.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from models.categories import licence_kinds, validate_category, validate_licence_kind
from models.common import (
    MAX_WORKER_AGE,
    MIN_WORKER_AGE,
    SINGLE_LINE,
    Code,
    ExternalId,
    LongText,
    Name,
    PatternRefusesControls,
    PlausibleDate,
    ShortText,
    StrictModel,
    input_check,
)
from models.japanese import JapaneseLevel, JapaneseTestName, validate_test_level
from models.vocabulary import validate_field_code

CertificateStatus = Literal["valid", "expired", "revoked", "suspended"]
Verification = Literal["self_declared", "agency_checked", "registry_checked"]
SSW1_MAX_MONTHS = 60
"""SSW(i) is limited to five years in total (DOMAIN.md, "Job categories")."""
PHONE_PATTERN = r"^\+?[0-9 ()\-]{6,24}$"
Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=PHONE_PATTERN),
    PatternRefusesControls(PHONE_PATTERN),
]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=254, pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"
    ),
    AfterValidator(SINGLE_LINE.check),
]
"""An address of the form local@domain.tld. Deliverability is not ours to check, and a full
RFC 5322 validator costs more per row than everything else in a profile."""


class JapaneseTest(StrictModel):
    """A passed Japanese-language test (JLPT N1..N5, JFT-Basic A2, or the care test)."""

    test: JapaneseTestName
    level: JapaneseLevel
    passed_on: PlausibleDate | None = None

    @model_validator(mode="after")
    def _level_exists_for_test(self) -> JapaneseTest:
        validate_test_level(self.test, self.level)
        return self


class Certificate(StrictModel):
    """A BNSP competency certificate issued by an LSP against a scheme of SKKNI units."""

    number: ShortText
    registration_number: ShortText | None = None
    scheme: ShortText
    scheme_code: ShortText | None = None
    qualification_id: ShortText | None = Field(None, description="Qualification title (Indonesian)")
    qualification_en: ShortText | None = Field(None, description="Qualification title (English)")
    issuer: ShortText
    kkni_level: int | None = Field(None, ge=1, le=9)
    units: list[ShortText] = Field(default_factory=list, max_length=60)
    issued_on: PlausibleDate
    expires_on: PlausibleDate | None = None
    status: CertificateStatus = "valid"
    verified: Verification = "self_declared"
    verified_on: PlausibleDate | None = None
    verified_by: ShortText | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Certificate:
        if self.expires_on is not None and self.expires_on <= self.issued_on:
            raise ValueError("expires_on must be after issued_on")
        if self.verified != "self_declared" and self.verified_on is None:
            raise ValueError(f"verified_on is required when verified is {self.verified!r}")
        return self

    def valid_on(self, day: date) -> bool:
        """True when the certificate can be shown valid on ``day``.

        Only status ``valid`` counts (expired, revoked and suspended never do), from its issue
        date until its expiry date (exclusive). Without an expiry date its validity is unknown
        (BNSP certificates carry one), so it does not count (DOMAIN.md, "Certificates").
        """
        if self.status != "valid" or self.expires_on is None:
            return False
        return self.issued_on <= day < self.expires_on


class SSWTest(StrictModel):
    """A passed SSW skill test of one job category (level 1 for SSW(i), 2 for SSW(ii)).

    ``category`` may be left out only where the field has a single category; elsewhere a test
    without one is kept but proves nothing (DOMAIN.md: it is unknown, so not met)."""

    field: Code
    category: Code | None = None
    passed_on: PlausibleDate | None = None
    level: Literal[1, 2] = 1

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        return validate_field_code(value)

    @field_validator("category")
    @classmethod
    def _category_of_field(cls, value: str | None, info: ValidationInfo) -> str | None:
        field = info.data.get("field")
        return value if value is None or field is None else validate_category(field, value)


TrainingProgramme = Literal["technical_intern_training_ii", "employment_for_skill_development"]
Completion = Literal["good_standing", "incomplete"]


class InternTraining(StrictModel):
    """Completed (or not) Technical Intern Training (ii), or its successor programme.

    Only completion in good standing exempts, and only from the tests of the category its job
    type is related to (``category``, or a ``job_type`` the data maps to one); ``completion``
    absent means unknown, which exempts from nothing (DOMAIN.md, "Job categories")."""

    field: Code
    category: Code | None = None
    job_type: ShortText | None = None
    programme: TrainingProgramme = "technical_intern_training_ii"
    completed_on: PlausibleDate
    completion: Completion | None = None

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        return validate_field_code(value)

    @field_validator("category")
    @classmethod
    def _category_of_field(cls, value: str | None, info: ValidationInfo) -> str | None:
        field = info.data.get("field")
        return value if value is None or field is None else validate_category(field, value)


class Licence(StrictModel):
    """A licence (a Japanese driving licence, a forklift certificate...); expired never counts."""

    kind: Code
    number: ShortText | None = None
    issued_on: PlausibleDate | None = None
    expires_on: PlausibleDate | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return validate_licence_kind(value)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Licence:
        if (
            self.issued_on is not None
            and self.expires_on is not None
            and self.expires_on <= self.issued_on
        ):
            raise ValueError("expires_on must be after issued_on")
        return self

    def valid_on(self, day: date) -> bool:
        """Held on ``day``: issued by then (when dated) and not expired. A kind that expires
        but carries no expiry date cannot be shown valid, so it is not."""
        if self.issued_on is not None and day < self.issued_on:
            return False
        if self.expires_on is None:
            return not licence_kinds()[self.kind].expires
        return day < self.expires_on


class Experience(StrictModel):
    """Work experience; ``field`` (an SSW field code) lets it count towards a vacancy's field.

    ``supervisory`` (team leader, foreman, mandor) is what SSW(ii) asks for in most fields;
    absent means unknown."""

    title: ShortText
    field: Code | None = None
    occupation: Code | None = None
    years: float = Field(ge=0, le=50)
    supervisory: bool | None = None
    description: LongText | None = None

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str | None) -> str | None:
        return None if value is None else validate_field_code(value)


class Contact(StrictModel):
    """Contact data: hidden from employers until shortlisted or consented (DOMAIN.md)."""

    email: Email | None = None
    phone: Phone | None = None


_EVENT_DATE = {
    "japanese": "passed_on",
    "ssw_tests": "passed_on",
    "certificates": "issued_on",
    "intern_training": "completed_on",
    "licences": "issued_on",
}
"""The date of each list item that says when it happened, which therefore cannot be ahead."""


class WorkerProfile(StrictModel):
    """The contract shape of a worker, as imported and as created through the API."""

    external_id: ExternalId
    full_name: Name
    birth_date: PlausibleDate
    province: ShortText | None = None
    summary: LongText | None = None
    contact: Contact | None = None
    japanese: list[JapaneseTest] = Field(default_factory=list, max_length=20)
    certificates: list[Certificate] = Field(default_factory=list, max_length=30)
    ssw_tests: list[SSWTest] = Field(default_factory=list, max_length=20)
    intern_training: list[InternTraining] = Field(default_factory=list, max_length=5)
    licences: list[Licence] = Field(default_factory=list, max_length=10)
    experience: list[Experience] = Field(default_factory=list, max_length=30)
    ssw1_months_used: int = Field(0, ge=0, le=SSW1_MAX_MONTHS)
    preferred_fields: list[Code] = Field(default_factory=list, max_length=19)
    preferred_prefectures: list[ShortText] = Field(default_factory=list, max_length=47)
    available_from: PlausibleDate | None = None
    discoverable: bool = False

    @field_validator("preferred_fields")
    @classmethod
    def _known_fields(cls, value: list[str]) -> list[str]:
        return [validate_field_code(code) for code in value]

    @model_validator(mode="after")
    def _judged_against_today(self, info: ValidationInfo) -> WorkerProfile:
        """New input only: the birth date gives an age of 15 to 70 today (a birth date in 2030
        once made a gap read "-3 years"), and a test is passed, a certificate issued and a
        training completed on a day that has come (``expires_on`` and ``available_from`` may
        well be ahead). Fields a PATCH carried over unchanged are not judged again.

        One model validator rather than one per field: stored rows are validated on every read
        and skip it at the cost of one call. Its errors therefore come once the row is
        otherwise valid, each located at its date (``certificates.1.issued_on``).
        """
        check = input_check(info)
        if check is None:
            return self
        errors: list[InitErrorDetails] = []
        if "birth_date" not in check.carried:
            problem = _age_problem(self.birth_date, check.today)
            if problem is not None:
                errors.append(
                    InitErrorDetails(
                        type=problem, loc=("birth_date",), input=self.birth_date.isoformat()
                    )
                )
        for name, attribute in _EVENT_DATE.items():
            if name in check.carried:
                continue
            for i, item in enumerate(getattr(self, name)):
                day: date | None = getattr(item, attribute)
                if day is not None and day > check.today:
                    errors.append(
                        InitErrorDetails(
                            type=PydanticCustomError(
                                "date_in_future",
                                "must not be in the future ({day} is after today)",
                                {"day": day.isoformat()},
                            ),
                            loc=(name, i, attribute),
                            input=day.isoformat(),
                        )
                    )
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    @model_validator(mode="after")
    def _plausible_dates(self) -> WorkerProfile:
        numbers = [c.number for c in self.certificates]
        if len(numbers) != len(set(numbers)):
            raise ValueError("certificates: the same certificate number appears twice")
        kinds = [licence.kind for licence in self.licences]
        if len(kinds) != len(set(kinds)):
            raise ValueError("licences: the same kind appears twice (keep the current licence)")
        return self

    def age_on(self, day: date) -> int:
        """Completed years of age on ``day`` (inline: the ranker calls it per candidate)."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


def age_between(birth_date: date, day: date) -> int:
    """Completed years of age on ``day`` of someone born on ``birth_date``."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def _age_problem(birth_date: date, today: date) -> PydanticCustomError | None:
    if birth_date > today:
        return PydanticCustomError(
            "birth_date_in_future",
            "must not be in the future ({value} is after today)",
            {"value": birth_date.isoformat()},
        )
    age = age_between(birth_date, today)
    if not MIN_WORKER_AGE <= age <= MAX_WORKER_AGE:
        return PydanticCustomError(
            "implausible_age",
            "gives an age of {age} today; a worker must be {low} to {high} years old",
            {"age": age, "low": MIN_WORKER_AGE, "high": MAX_WORKER_AGE},
        )
    return None


class Worker(WorkerProfile):
    """A stored worker: the profile plus its database identity and owner."""

    id: int
    agency_id: int
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None
