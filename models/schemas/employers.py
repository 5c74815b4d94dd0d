"""Employer schemas."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from models.common import ExternalId, LongText, ShortText, StrictModel
from models.employer import Employer, EmployerProfile
from models.schemas.common import EMPLOYER_EXAMPLE


class EmployerCreate(EmployerProfile):
    """A new employer."""

    model_config = ConfigDict(json_schema_extra={"examples": [EMPLOYER_EXAMPLE]})


class EmployerUpdate(StrictModel):
    """A partial update of an employer; the merged profile is validated again."""

    external_id: ExternalId | None = None
    name: ShortText | None = None
    name_ja: ShortText | None = None
    prefecture: ShortText | None = None
    city: ShortText | None = None
    description: LongText | None = None
    website: str | None = Field(None, max_length=300, pattern=r"^https?://\S+$")


class EmployerPublic(Employer):
    """An employer as every role that may see it sees it."""


class EmployerList(StrictModel):
    data: list[EmployerPublic]
    count: int
    next_cursor: str | None = None
