"""Worker schemas: the full view, the view without contact data, and the masked employer view."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ModelWrapValidatorHandler, ValidationInfo, model_validator

from models.common import (
    Code,
    ExternalId,
    LongText,
    ShortText,
    StrictModel,
    validate_as_new_input,
)
from models.schemas.common import WORKER_EXAMPLE, RequestModel
from models.worker import (
    SSW1_MAX_MONTHS,
    Certificate,
    CertificateStatus,
    Contact,
    Experience,
    InternTraining,
    JapaneseTest,
    Licence,
    SSWTest,
    Verification,
    Worker,
    WorkerProfile,
)


class WorkerCreate(WorkerProfile):
    """A new worker, in the data-contract shape. Always validated as new input (an age of 15 to
    70 today, no test, certificate or training dated after today), also where FastAPI validates
    the body without a validation context."""

    model_config = ConfigDict(json_schema_extra={"examples": [WORKER_EXAMPLE]})

    @model_validator(mode="wrap")
    @classmethod
    def _as_new_input(
        cls, data: Any, handler: ModelWrapValidatorHandler[WorkerCreate], info: ValidationInfo
    ) -> WorkerCreate:
        return validate_as_new_input(cls, data, handler, info)


class WorkerUpdate(StrictModel):
    """A partial update: given fields replace the stored ones (lists replace whole lists; an
    object such as ``contact`` replaces the stored object). The merged profile is validated
    again as a whole.

    A worker updating itself may send only ``summary``, ``contact``, ``preferred_fields``,
    ``preferred_prefectures``, ``available_from`` and ``discoverable``; every other field is
    attested by its agency and changed by that agency or an admin (403 naming the fields)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"discoverable": True, "province": "Jawa Timur"}]}
    )

    external_id: ExternalId | None = None
    full_name: ShortText | None = None
    birth_date: date | None = None
    province: ShortText | None = None
    summary: LongText | None = None
    contact: Contact | None = None
    japanese: list[JapaneseTest] | None = Field(None, max_length=20)
    certificates: list[Certificate] | None = Field(None, max_length=30)
    ssw_tests: list[SSWTest] | None = Field(None, max_length=20)
    intern_training: list[InternTraining] | None = Field(None, max_length=5)
    licences: list[Licence] | None = Field(None, max_length=10)
    experience: list[Experience] | None = Field(None, max_length=30)
    ssw1_months_used: int | None = Field(None, ge=0, le=SSW1_MAX_MONTHS)
    preferred_fields: list[Code] | None = Field(None, max_length=19)
    preferred_prefectures: list[ShortText] | None = Field(None, max_length=47)
    available_from: date | None = None
    discoverable: bool | None = None


class WorkerPublic(Worker):
    """A worker as its owner, the worker itself or an admin sees it (``view="full"``), or as
    another agency sees a discoverable worker (``view="contact_hidden"``, ``contact`` null)."""

    view: Literal["full", "contact_hidden"] = "full"


class CertificateMasked(StrictModel):
    """A certificate without its number: the number identifies the holder in BNSP's registry."""

    scheme: str
    scheme_code: str | None = None
    qualification_id: str | None = None
    qualification_en: str | None = None
    issuer: str
    kkni_level: int | None = None
    units: list[str] = Field(default_factory=list)
    issued_on: date
    expires_on: date | None = None
    status: CertificateStatus = "valid"
    verified: Verification = "self_declared"
    verified_on: date | None = None


class LicenceMasked(StrictModel):
    """A licence without its number, for the same reason as a certificate."""

    kind: str
    issued_on: date | None = None
    expires_on: date | None = None


class WorkerMasked(StrictModel):
    """What an employer or organiser sees before the worker is shortlisted or consents:
    shortened name, age instead of birth date, no contact data, no external id, no agency,
    no certificate numbers."""

    view: Literal["masked"] = "masked"
    id: int
    display_name: str = Field(examples=["Siti R."])
    age: int
    province: str | None = None
    summary: str | None = None
    japanese: list[JapaneseTest] = Field(default_factory=list)
    certificates: list[CertificateMasked] = Field(default_factory=list)
    ssw_tests: list[SSWTest] = Field(default_factory=list)
    intern_training: list[InternTraining] = Field(default_factory=list)
    licences: list[LicenceMasked] = Field(default_factory=list)
    experience: list[Experience] = Field(default_factory=list)
    ssw1_months_used: int = 0
    preferred_fields: list[str] = Field(default_factory=list)
    preferred_prefectures: list[str] = Field(default_factory=list)
    available_from: date | None = None


WorkerView = Annotated[WorkerPublic | WorkerMasked, Field(discriminator="view")]


class WorkerList(StrictModel):
    """A page of workers; ``count`` is the number of items in ``data``."""

    data: list[WorkerView]
    count: int
    next_cursor: str | None = None


class DisclosureCreate(RequestModel):
    """Let one employer see the worker's full profile (consent, or a shortlist for interview)."""

    employer_id: int = Field(ge=1, le=2**63 - 1)
    reason: Literal["consent", "shortlisted"] = "consent"
