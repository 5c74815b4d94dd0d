"""A Japanese employer that posts vacancies and attends business-matching events."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from models.common import SINGLE_LINE, ExternalId, LongText, Name, ShortText, StrictModel

WebAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=300, pattern=r"^https?://\S+$"),
    AfterValidator(SINGLE_LINE.check),
]
"""An http(s) address; ``\\S`` alone would let a NUL or a bidi override through."""


class EmployerProfile(StrictModel):
    """The contract shape of an employer."""

    external_id: ExternalId
    name: Name
    name_ja: Name | None = None
    prefecture: ShortText
    city: ShortText | None = None
    description: LongText | None = None
    website: WebAddress | None = None


class Employer(EmployerProfile):
    """A stored employer."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
