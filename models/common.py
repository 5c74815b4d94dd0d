"""Building blocks shared by every domain model: strict config, bounded and safe text types,
and the rules new input meets on the day it arrives.

Every model forbids unknown keys (a typo in an import file must be an error, not a silently
dropped column) and strips whitespace, so "N4 " and "N4" are the same level.

Text. Every text field of every input model is one of the types below, each with a
``TextRule`` or a pattern that admits none of the refused characters
(``tests/models/test_text_rules.py`` walks every request body and import row model and fails on
a ``str`` field with neither). What each refuses, with a 422 naming the field:

- all text: C0 control characters other than tab, line feed and carriage return (NUL reaches
  PostgreSQL, which refuses it), DEL and C1 controls (U+0080-U+009F: mis-decoded Windows-1252
  text), and the bidirectional embeddings, overrides and isolates U+202A-U+202E and
  U+2066-U+2069 ("Trojan Source", CVE-2021-42574: they make a name or a summary display in
  another order than it is stored, in the web page, the CSV exports and every client). No
  Indonesian, Japanese or English text needs them. (Unpaired surrogates, which UTF-8 cannot
  encode, are refused by pydantic itself.)
- single-line text (``ShortText``, e-mail, phone, web address): also tab and line breaks
  (LF, CR, U+2028, U+2029), which break CSV cells, log lines and the masked display name.
- names (``Name``: people, employers, tokens, events): also the bidirectional marks U+200E,
  U+200F and U+061C. They are invisible, so "Siti" and "Siti" + U+200F would be two people who
  look the same. Free text keeps them: text pasted from Arabic or Hebrew carries them, and a
  mark changes only how the characters next to it are ordered.
- identifiers and codes (``ExternalId``, ``Code``, phone numbers): their patterns admit none of
  the characters above (the error then reads "should match pattern").

The text rules hold for stored rows as well (they are part of the types): they do not depend on
the day, so a row that met them when it was written meets them for ever. (A row stored before
they existed with such a character would no longer read; NUL never could be stored.)

Dates relative to today. A birth date giving an age of 15 to 70, and test, certificate and
training dates not after today, are rules for *new input* only: the day moves on, and a
stored worker who was 70 when registered must stay readable, listable and rankable at 71.
They run when pydantic's validation context carries an ``InputCheck`` (``input_context()``):
the API's create bodies (``WorkerCreate``), PATCH after merging
(``matcher.access.validation.validate_merged``) and every import row
(``matcher.imports.pipeline``). Reading a stored row passes no context, so they never run there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

Lang = Literal["en", "ja", "id"]
LANGS: tuple[Lang, ...] = ("en", "ja", "id")

# -- text --------------------------------------------------------------------------------------

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_LINE_BREAKS = "\t\n\r\u2028\u2029"
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_BIDI_MARKS = "\u200e\u200f\u061c"


class TextRule:
    """A check of the characters of one kind of text; raises a 422-ready error naming the first
    refused character and its position. ``check`` is the validator the text types carry, and
    the marker the completeness test looks for, so every text field of an input model
    demonstrably has one."""

    __slots__ = ("_search", "kind")

    def __init__(self, kind: str, refused: str) -> None:
        self.kind = kind
        self._search = re.compile(f"[{refused}]").search

    def check(self, value: str) -> str:
        # Every refused character is non-printable (Cc, Cf, Zl, Zp), so most text takes only the
        # isprintable() test, in C. Stored rows are validated on every read, where a regex search
        # of every string nearly doubled a profile's parse (docs/benchmarks.md).
        if value.isprintable():
            return value
        found = self._search(value)
        if found is None:
            return value
        raise PydanticCustomError(
            "text_character",
            "must not contain {character}; found at character {position}",
            {"character": describe_character(found.group()), "position": found.start() + 1},
        )

    __call__ = check

    def __repr__(self) -> str:
        return f"TextRule({self.kind!r})"


@dataclass(frozen=True, slots=True)
class PatternRefusesControls:
    """Marker of a text type whose ``pattern`` admits none of the characters any rule refuses
    (identifiers, codes, phone numbers), so it needs no ``TextRule``: the pattern reports them
    ("should match pattern"). ``tests/models/test_text_rules.py`` checks the claim."""

    pattern: str


def describe_character(char: str) -> str:
    """A refused character in words, with its code point: 'a NUL character (U+0000)'."""
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return f"a NUL character ({code})"
    if char == "\t":
        return f"a tab ({code})"
    if char in "\n\r\u2028\u2029\x85":
        return f"a line break ({code})"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069" or char in _BIDI_MARKS:
        return f"a bidirectional text control ({code})"
    return f"a control character ({code})"


FREE_TEXT = TextRule("free text", _CONTROLS + _BIDI_CONTROLS)
"""Multi-line text: tab, LF and CR allowed; other controls and bidi overrides refused."""
SINGLE_LINE = TextRule("single line", _CONTROLS + _LINE_BREAKS + _BIDI_CONTROLS)
"""One line: no tab or line break either."""
NAME = TextRule("name", _CONTROLS + _LINE_BREAKS + _BIDI_CONTROLS + _BIDI_MARKS)
"""Names: not even the invisible bidi marks (also applied to agency ids named on imports)."""

EXTERNAL_ID_PATTERN = r"^[\w.\-:/]+$"
CODE_PATTERN = r"^[a-z0-9_]+$"

ExternalId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=64, pattern=EXTERNAL_ID_PATTERN
    ),
    PatternRefusesControls(EXTERNAL_ID_PATTERN),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(SINGLE_LINE.check),
]
"""A single line of text: a province, a scheme, a title, a certificate number."""
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(NAME.check),
]
"""The name of a person, an employer, a token or an event: one line, no bidi controls at all."""
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=5000), AfterValidator(FREE_TEXT.check)
]
"""Free text over several lines: a summary, a description."""
Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=CODE_PATTERN),
    PatternRefusesControls(CODE_PATTERN),
]

# -- dates -------------------------------------------------------------------------------------

# Real calendar dates only; the bounds keep typos such as 1099 or 2999 out of the data.
EARLIEST_DATE = date(1940, 1, 1)
LATEST_DATE = date(2100, 12, 31)

MIN_WORKER_AGE = 15
MAX_WORKER_AGE = 70
"""Ages a new or changed birth date may give today. Below 15 no one may work in Japan; 70 is
far above any SSW applicant and catches a birth year typed wrong (1925 for 1995)."""

_FURTHEST_AHEAD = timedelta(hours=14)


def input_today() -> date:
    """Today's date where it is latest on Earth (UTC+14, Kiribati).

    "Not after today" must not refuse a test passed today in Tokyo (UTC+9) on a server whose
    clock still reads yesterday (UTC): a date that is today anywhere is not in the future.
    """
    return (datetime.now(UTC) + _FURTHEST_AHEAD).date()


@dataclass(frozen=True, slots=True)
class InputCheck:
    """Validation context of new input: the day it is judged against, and the top-level fields
    carried over unchanged from a stored record (a PATCH that leaves them alone), which are not
    judged again."""

    today: date
    carried: frozenset[str] = frozenset()


INPUT_CHECK = "input_check"
"""The key of ``InputCheck`` in pydantic's validation context."""


def input_context(
    today: date | None = None, *, carried: frozenset[str] = frozenset()
) -> dict[str, InputCheck]:
    """The ``context=`` that makes a validation one of new input (see the module docstring)."""
    return {INPUT_CHECK: InputCheck(today or input_today(), carried)}


M = TypeVar("M", bound=BaseModel)


def validate_as_new_input(
    cls: type[M], data: Any, handler: Callable[[Any], M], info: ValidationInfo
) -> M:
    """Body of a ``model_validator(mode="wrap")`` for request bodies that are always new input
    (``WorkerCreate``): FastAPI validates them without a context, so one is supplied here."""
    context = info.context
    if isinstance(data, cls) or (isinstance(context, dict) and INPUT_CHECK in context):
        return handler(data)
    extra = context if isinstance(context, dict) else {}
    return cls.model_validate(data, context={**extra, **input_context()})


def input_check(info: ValidationInfo) -> InputCheck | None:
    """The ``InputCheck`` of a validation of new input, or ``None`` when reading a stored row."""
    context = info.context
    check = context.get(INPUT_CHECK) if isinstance(context, dict) else None
    return check if isinstance(check, InputCheck) else None


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
