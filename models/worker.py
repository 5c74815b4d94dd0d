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

CertificateStatus = Literal["valid", "expired", "revoked"]
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

    @model_validator(mode="after")
    def _dates_in_order(self) -> Certificate:
        if self.expires_on is not None and self.expires_on <= self.issued_on:
            raise ValueError("expires_on must be after issued_on")
        return self

    def valid_on(self, day: date) -> bool:
        """True when the certificate is neither revoked nor expired on ``day``.

        A certificate marked ``expired`` never counts, even if its expiry date is missing;
        a ``valid`` one counts until its expiry date (exclusive). No expiry date on a valid
        certificate means it does not expire.
        """
        if self.status != "valid":
            return False
        if day < self.issued_on:
            return False
        return self.expires_on is None or day < self.expires_on


class SSWTest(StrictModel):
    """A passed SSW skill test in one field (level 1 for SSW(i), 2 for SSW(ii))."""

    field: Code
    passed_on: PlausibleDate | None = None
    level: Literal[1, 2] = 1

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        return validate_field_code(value)


class InternTraining(StrictModel):
    """Completed Technical Intern Training (ii): exempts from the tests (DOMAIN.md, SSW)."""

    field: Code
    completed_on: PlausibleDate

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        return validate_field_code(value)


class Experience(StrictModel):
    """Work experience; ``field`` (an SSW field code) lets it count towards a vacancy's field."""

    title: ShortText
    field: Code | None = None
    occupation: Code | None = None
    years: float = Field(ge=0, le=50)
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
    experience: list[Experience] = Field(default_factory=list, max_length=30)
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
