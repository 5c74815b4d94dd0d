"""Employer schemas."""

from __future__ import annotations

from pydantic import ConfigDict

from models.common import ExternalId, LongText, Name, ShortText, StrictModel
from models.employer import Employer, EmployerProfile, WebAddress
from models.schemas.common import EMPLOYER_EXAMPLE


class EmployerCreate(EmployerProfile):
    """A new employer."""

    model_config = ConfigDict(json_schema_extra={"examples": [EMPLOYER_EXAMPLE]})


class EmployerUpdate(StrictModel):
    """A partial update of an employer; the merged profile is validated again."""

    external_id: ExternalId | None = None
    name: Name | None = None
    name_ja: Name | None = None
    prefecture: ShortText | None = None
    city: ShortText | None = None
    description: LongText | None = None
    website: WebAddress | None = None


class EmployerEmbed(EmployerUpdate):
    """An employer embedded in a vacancy (``POST /v1/vacancies``, vacancy imports), named by its
    external id.

    A new external id creates the employer, so ``name`` and ``prefecture`` are then required. A
    known one changes only the fields sent (``null`` clears an optional field) and keeps every
    other field as stored; ``{"external_id": "E-7"}`` alone just names it. The merged employer is
    validated as a whole, like a PATCH.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                EMPLOYER_EXAMPLE,
                {"external_id": EMPLOYER_EXAMPLE["external_id"], "city": "Sendai"},
            ]
        }
    )

    external_id: ExternalId


class EmployerPublic(Employer):
    """An employer as every role that may see it sees it."""


class EmployerList(StrictModel):
    data: list[EmployerPublic]
    count: int
    next_cursor: str | None = None
