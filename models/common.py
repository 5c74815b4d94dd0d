"""Building blocks shared by every domain model: strict config and bounded types.

Every model forbids unknown keys (a typo in an import file must be an error, not a silently
dropped column) and strips whitespace, so "N4 " and "N4" are the same level.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Lang = Literal["en", "ja", "id"]
LANGS: tuple[Lang, ...] = ("en", "ja", "id")

ExternalId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\w.\-:/]+$"),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$"),
]

# Real calendar dates only; the bounds keep typos such as 1099 or 2999 out of the data.
EARLIEST_DATE = date(1940, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class StrictModel(BaseModel):
    """Base of every domain model: unknown keys rejected, whitespace stripped, immutable."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def bounded_list(max_items: int) -> object:
    """A ``Field`` for list attributes: bounded so one row cannot carry thousands of entries."""
    return Field(default_factory=list, max_length=max_items)


def _plausible(value: date) -> date:
    if not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValueError(f"must be between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


PlausibleDate = Annotated[date, AfterValidator(_plausible)]
"""A real calendar date within the plausible range; the error is reported on the field itself."""
