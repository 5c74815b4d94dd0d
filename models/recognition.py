"""Recognition of a BNSP scheme in place of an SSW skill test (DOMAIN.md, "Certificates").

Mutual recognition is an aim of the two governments, not a rule in force: the table is empty by
default and an admin adds entries, each dated and sourced. While an entry is in force on a
vacancy's start date, a valid certificate of the scheme counts as the category's SSW(i) skill
test, and the reason names the recognition and its source.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from models.categories import ssw_categories
from models.common import PlausibleDate, ShortText, StrictModel
from models.schemes import schemes

Replaces = Literal["skill_test"]


class RecognitionFields(StrictModel):
    """What an entry says; checked against the catalogues only when it is posted, so that a
    stored entry stays readable after the catalogue is edited."""

    scheme_code: ShortText
    category: ShortText
    replaces: Replaces = "skill_test"
    effective_from: PlausibleDate
    effective_to: PlausibleDate | None = None
    source: ShortText = Field(pattern=r"^https://\S+$", description="The URL of the source")

    def in_force_on(self, day: date) -> bool:
        """Whether the entry applies on ``day`` (``effective_to`` is exclusive)."""
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class RecognitionCreate(RecognitionFields):
    """An entry as an admin posts it."""

    @field_validator("scheme_code")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value not in schemes():
            raise ValueError(f"{value!r} is not a scheme code of the scheme catalogue")
        return value

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in ssw_categories():
            raise ValueError(f"{value!r} is not a job category code")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> RecognitionCreate:
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "date_order", "effective_to must be after effective_from"
                        ),
                        loc=("effective_to",),
                        input=self.effective_to.isoformat(),
                    )
                ],
            )
        return self


class Recognition(RecognitionFields):
    """A stored entry."""

    id: int
    created_at: datetime | None = None
