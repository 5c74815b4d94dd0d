"""A Japanese employer that posts vacancies and attends business-matching events."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from models.common import ExternalId, LongText, ShortText, StrictModel


class EmployerProfile(StrictModel):
    """The contract shape of an employer."""

    external_id: ExternalId
    name: ShortText
    name_ja: ShortText | None = None
    prefecture: ShortText
    city: ShortText | None = None
    description: LongText | None = None
    website: str | None = Field(None, max_length=300, pattern=r"^https?://\S+$")


class Employer(EmployerProfile):
    """A stored employer."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
