"""How an interview is held and when it is for each party (issue 18, online interviews).

``mode`` is ``in_person`` (at the employer's booth at the venue) or ``online`` (with a link);
the meetings of an event use the same names. ``times`` gives the interview's start and end on
the event's clock, the employer's (Japan) and the worker's (from its province), because an
online interview between Sendai and Makassar is at two different local hours.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field, StringConstraints

from models.common import Name
from models.schemas.common import AttendanceMode, OnlineUrl, RequestModel

InterviewMode = AttendanceMode


def _language_code(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValueError("the language must be an ISO 639 code such as ja, id or en")
    return value


LanguageCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, max_length=3),
    AfterValidator(_language_code),
]
"""The interview language as an ISO 639 code (``ja``, ``id``, ``en``, ``jv`` ...)."""


class LocalTime(BaseModel):
    """An interview's start and end on one party's clock."""

    zone: str = Field(description="IANA zone, e.g. Asia/Tokyo or Asia/Makassar.")
    abbreviation: str = Field(description="The zone's short name at that date: JST, WIB, WITA.")
    start: AwareDatetime
    end: AwareDatetime


class InterviewTimes(BaseModel):
    """The same interview on the event's, the employer's and the worker's clock."""

    event: LocalTime
    employer: LocalTime
    worker: LocalTime | None = Field(
        description="Null when the worker's province is not recorded or not known."
    )


class InterviewDetailsUpdate(RequestModel):
    """A change to how an interview is held; fields left out keep their value.

    The organiser (or an admin) may change everything; the interview's employer only ``mode``
    and ``online_url``. An online interview needs its link, so switching to ``online`` without
    one stored needs ``online_url`` in the same request; switching to ``in_person`` drops it.
    """

    mode: InterviewMode | None = None
    online_url: OnlineUrl | None = None
    language: LanguageCode | None = None
    interpreter_needed: bool | None = None
    interpreter: Name | None = Field(
        None, description="The assigned interpreter's name or id; null to unassign."
    )

    model_config = RequestModel.model_config | {
        "json_schema_extra": {
            "examples": [
                {"mode": "online", "online_url": "https://meet.example.org/kurikoma-7"},
                {"language": "ja", "interpreter_needed": True, "interpreter": "Rina Putri"},
            ]
        }
    }


class InterpreterCount(BaseModel):
    interpreter: str
    interviews: int


class InterpreterSlot(BaseModel):
    """One slot's interviews that need an interpreter: how many, and who is booked."""

    slot: int
    start: AwareDatetime
    needed: int
    assigned: int
    unassigned: int
    interpreters: list[InterpreterCount]


class InterpreterLoad(BaseModel):
    """Interpreter load of an event: per slot, and per interpreter over the whole event."""

    event_id: int
    data: list[InterpreterSlot]
    interpreters: list[InterpreterCount]
