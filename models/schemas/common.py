"""The error shape (RFC 9457 problem details) and the examples shared by the schema modules."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from models.common import SINGLE_LINE

PROBLEM_BASE = "https://ssw-matcher.dev/problems/"
"""Every problem ``type`` is this base plus a stable code (``not-found``, ``validation`` ...)."""


AttendanceMode = Literal["in_person", "online"]
"""How an interview or a meeting is held: at the booth, or online with a link."""


def _https_only(value: str) -> str:
    """Only https links: a meeting link carries the room's key, and http sends it in clear."""
    if not value.startswith("https://") or len(value) <= len("https://"):
        raise ValueError("the link must be an https:// address")
    if any(c.isspace() for c in value):
        raise ValueError("the link must not contain spaces")
    return value


OnlineUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(SINGLE_LINE.check),
    AfterValidator(_https_only),
]
"""The link of an online interview or meeting: one https address, at most 500 characters."""


class RequestModel(BaseModel):
    """Base of request bodies that are not domain models: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FieldError(BaseModel):
    """One failing field of a validation problem, as a dotted path (``certificates.0.expires_on``)."""

    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details; served as ``application/problem+json``."""

    type: str = Field(examples=[PROBLEM_BASE + "not-found"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no worker with id 17"])
    errors: list[FieldError] | None = Field(
        None, description="Validation problems only: the failing fields."
    )


WORKER_EXAMPLE: dict[str, Any] = {
    "external_id": "AG1-000123",
    "full_name": "Siti Rahmawati",
    "birth_date": "1999-03-14",
    "province": "Jawa Barat",
    "summary": "Berpengalaman merawat lansia di panti wreda selama tiga tahun.",
    "contact": {"email": "siti@example.org", "phone": "+62 812 3456 7890"},
    "japanese": [{"test": "JLPT", "level": "N4", "passed_on": "2024-07-07"}],
    "certificates": [
        {
            "number": "62090 2513 3 0108289 2024",
            "scheme": "Caregiver (Perawat Lansia)",
            "scheme_code": "SKM-CG-01",
            "issuer": "LSP Kesehatan",
            "kkni_level": 2,
            "units": ["Memberikan bantuan mandi"],
            "issued_on": "2023-05-01",
            "expires_on": "2026-05-01",
        }
    ],
    "ssw_tests": [{"field": "nursing_care", "passed_on": "2024-02-01"}],
    "experience": [{"title": "Caregiver", "field": "nursing_care", "years": 3}],
    "preferred_fields": ["nursing_care"],
    "preferred_prefectures": ["Miyagi"],
    "available_from": "2025-01-01",
    "discoverable": True,
}

EMPLOYER_EXAMPLE: dict[str, Any] = {
    "external_id": "E-SENDAI-KAIGO",
    "name": "Sendai Kaigo Co.",
    "prefecture": "Miyagi",
}

VACANCY_EXAMPLE: dict[str, Any] = {
    "external_id": "MYG-0042",
    "employer": EMPLOYER_EXAMPLE,
    "title": "介護職員",
    "description": "特別養護老人ホームでの入浴・食事・排泄介助。",
    "ssw_field": "nursing_care",
    "occupation": "elderly_care",
    "visa": "ssw1",
    "prefecture": "Miyagi",
    "headcount": 2,
    "salary_monthly_jpy": 210000,
    "starts_on": "2025-10-01",
    "requirements": {
        "japanese": "N4",
        "ssw_test": True,
        "certificates": ["Caregiver"],
        "min_kkni_level": None,
        "min_experience_years": None,
        "min_age": 18,
    },
    "preferred": {"japanese": "N3", "certificates": [], "experience_years": 2},
}
