"""Text rules: control characters and bidi controls are refused by name, in every input model.

Before these rules a NUL in a summary reached PostgreSQL (the 422 then echoed its encoding
error) and a right-to-left override in a name was stored and displayed reversed.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import types
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

import api.routes
from models.common import FREE_TEXT, NAME, SINGLE_LINE, PatternRefusesControls, TextRule
from models.employer import EmployerProfile
from models.schemas.events import EventCreate
from models.schemas.tokens import TokenCreate
from models.schemas.vacancies import VacancyCreate
from models.worker import WorkerProfile
from tests import factories


def _errors(model: type[BaseModel], data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"summary": "tiga\x00tahun"}, "summary", "a NUL character (U+0000)"),
        ({"full_name": "Siti\x00"}, "full_name", "a NUL character (U+0000)"),
        ({"full_name": "Siti\u202eitiS"}, "full_name", "bidirectional text control (U+202E)"),
        ({"full_name": "Siti\u200f Rahma"}, "full_name", "bidirectional text control (U+200F)"),
        ({"full_name": "Siti\u2066x\u2069"}, "full_name", "U+2066"),
        ({"full_name": "Siti\nRahma"}, "full_name", "a line break (U+000A)"),
        ({"province": "Jawa\tBarat"}, "province", "a tab (U+0009)"),
        ({"province": "Jawa\u2028Barat"}, "province", "a line break (U+2028)"),
        ({"summary": "ok\u202dreversed"}, "summary", "U+202D"),
        ({"summary": "\x1b[31mred"}, "summary", "a control character (U+001B)"),
        ({"summary": "smart \x93quotes\x94"}, "summary", "a control character (U+0093)"),
        ({"contact": {"email": "siti\x00@example.org"}}, "contact.email", "NUL"),
        ({"preferred_prefectures": ["Miyagi\x07"]}, "preferred_prefectures.0", "U+0007"),
        ({"experience": [{"title": "Cook\x00", "years": 1}]}, "experience.0.title", "NUL"),
    ],
)
def test_refused_characters_are_named_at_their_field(
    override: dict[str, Any], field: str, fragment: str
) -> None:
    errors = _errors(WorkerProfile, factories.worker_data(**override))
    assert field in errors, errors
    assert fragment in errors[field]
    assert "found at character" in errors[field]


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"external_id": "AG1-\x00001"}, "external_id"),
        ({"external_id": "AG1-\u200e1"}, "external_id"),
        ({"contact": {"phone": "+62 812\x00"}}, "contact.phone"),
        ({"preferred_fields": ["nursing\x00care"]}, "preferred_fields.0"),
    ],
)
def test_identifiers_refuse_them_by_their_pattern(override: dict[str, Any], field: str) -> None:
    errors = _errors(WorkerProfile, factories.worker_data(**override))
    assert "should match pattern" in errors[field]


def test_unpaired_surrogates_are_refused_by_pydantic_itself() -> None:
    assert "summary" in _errors(WorkerProfile, factories.worker_data(summary="a \ud800 b"))


def test_ordinary_text_in_every_language_is_kept() -> None:
    worker = WorkerProfile.model_validate(
        factories.worker_data(
            full_name="Ni Luh Putu Ayu Ṡ. O'Brien-Sasaki 佐々木",
            summary="Baris satu\n\tBaris dua\r\n介護の経験三年。👩‍⚕️ نص عربي\u200f.",
            province="Nusa Tenggara Barat",
        )
    )
    assert worker.summary is not None and "\n\t" in worker.summary
    assert "\u200f" in worker.summary, "free text keeps the bidi marks of pasted RTL text"
    assert worker.full_name.endswith("佐々木")


def test_the_ends_are_stripped_before_the_characters_are_checked() -> None:
    worker = WorkerProfile.model_validate(
        factories.worker_data(full_name="  Siti Rahmawati\n", external_id=" AG1-1\t")
    )
    assert (worker.full_name, worker.external_id) == ("Siti Rahmawati", "AG1-1")


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (EmployerProfile, factories.employer_data(name="Sendai\u202e Kaigo"), "name"),
        (EmployerProfile, factories.employer_data(name_ja="仙台\u200e介護"), "name_ja"),
        (EmployerProfile, factories.employer_data(website="https://a.example/\x00"), "website"),
        (EmployerProfile, factories.employer_data(description="a\x00b"), "description"),
        (VacancyCreate, factories.vacancy_data(title="介護\x00職員"), "title"),
        (
            VacancyCreate,
            factories.vacancy_data(employer=factories.employer_data(name="Sendai\u202e")),
            "employer.name",
        ),
        (TokenCreate, {"name": "ops\u202e", "role": "admin"}, "name"),
        (
            EventCreate,
            {"name": "Job fair\u2067", "online": True, "starts_on": "2026-12-05"},
            "name",
        ),
    ],
)
def test_every_kind_of_input_refuses_them(
    model: type[BaseModel], data: dict[str, Any], field: str
) -> None:
    errors = _errors(model, data)
    assert field in errors, errors
    assert "must not contain" in errors[field]


def test_every_refused_character_fails_the_printable_fast_path() -> None:
    """``TextRule.check`` skips its search for printable text: sound only while no refused
    character is printable."""
    assert not any(char.isprintable() for char in REFUSED)
    assert all(char in REFUSED or char.isprintable() for char in "Siti 佐々木 ṡ")


def test_rules_differ_by_kind_of_text() -> None:
    assert FREE_TEXT("a\tb\nc\r\n") == "a\tb\nc\r\n"
    assert FREE_TEXT("عربي\u200f") == "عربي\u200f"
    assert SINGLE_LINE("عربي\u200f") == "عربي\u200f"
    for rule in (SINGLE_LINE, NAME):
        with pytest.raises(ValueError, match="tab"):
            rule("a\tb")
    with pytest.raises(ValueError, match=r"U\+200F"):
        NAME("عربي\u200f")
    for rule in (FREE_TEXT, SINGLE_LINE, NAME):
        for char in "\x00\x08\x0b\x1f\x7f\x85\x9f\u202a\u202e\u2066\u2069":
            with pytest.raises(ValueError, match="must not contain"):
                rule(f"x{char}y")


# -- every text field of every input model has a rule ------------------------------------------

CLOSED_VOCABULARIES = {
    "WorkerSearchFilters.min_japanese",  # pattern ^(N[1-5]|A2)$
    "Requirements.japanese",  # one of REQUIREMENT_LEVELS
    "Preferences.japanese",
    "EventCreate.timezone",  # an IANA zone name that ZoneInfo knows
    "EventUpdate.timezone",  # the same check (known_time_zone)
    "WorkerPool.min_japanese",  # one of LEVEL_RANK
    "InterviewDetailsUpdate.language",  # an ISO 639 code, [a-z]{2,3}
}
"""``str`` fields that accept only the members of a fixed list: no text is stored from them."""


REFUSED = "\x00\x01\x08\t\n\x0b\x0c\r\x1b\x1f\x7f\x85\x9f\u2028\u2029" + "".join(
    map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
)
"""Characters one rule or another refuses."""
PATTERNS: set[str] = set()
"""The patterns marked ``PatternRefusesControls`` the walk met."""


def _has_rule(metadata: list[Any]) -> bool:
    for item in metadata:
        if isinstance(item, PatternRefusesControls):
            PATTERNS.add(item.pattern)
            return True
        func = getattr(item, "func", None)
        if isinstance(func, TextRule) or isinstance(getattr(func, "__self__", None), TextRule):
            return True
    return False


def _text_fields(
    annotation: Any, metadata: list[Any], where: str, seen: set[type[BaseModel]]
) -> Iterator[tuple[str, bool]]:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        yield from _text_fields(base, [*metadata, *extra], where, seen)
    elif origin is Literal:
        return
    elif origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            yield from _text_fields(arg, metadata, where, seen)
    elif origin is not None:  # list[...], dict[...], tuple[...]
        for arg in get_args(annotation):
            yield from _text_fields(arg, [], f"{where}[]", seen)
    elif annotation is str:
        yield where, _has_rule(metadata)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _model_text_fields(annotation, seen)


def _model_text_fields(
    model: type[BaseModel], seen: set[type[BaseModel]]
) -> Iterator[tuple[str, bool]]:
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        yield from _text_fields(
            info.annotation, list(info.metadata), f"{model.__name__}.{name}", seen
        )


def _request_bodies() -> set[type[BaseModel]]:
    bodies: set[type[BaseModel]] = set()
    for module_info in pkgutil.iter_modules(api.routes.__path__):
        module = importlib.import_module(f"api.routes.{module_info.name}")
        for route in module.router.routes:
            if isinstance(route, APIRoute) and route.body_field is not None:
                annotation = route.body_field.field_info.annotation
                args = get_args(annotation) or (annotation,)
                bodies |= {a for a in args if isinstance(a, type) and issubclass(a, BaseModel)}
    return bodies


def test_every_text_field_of_every_input_model_has_a_rule() -> None:
    bodies = _request_bodies()
    assert {"WorkerCreate", "WorkerUpdate", "TokenCreate", "EventCreate"} <= {
        b.__name__ for b in bodies
    }, "the route walk found the request bodies"
    import_rows: set[type[BaseModel]] = {WorkerProfile, VacancyCreate, EmployerProfile}
    seen: set[type[BaseModel]] = set()
    fields = dict(
        leaf
        for model in sorted(bodies | import_rows, key=lambda m: m.__name__)
        for leaf in _model_text_fields(model, seen)
    )
    assert len(fields) > 40, fields
    unguarded = sorted(
        where
        for where, guarded in fields.items()
        if not guarded and where.removesuffix("[]") not in CLOSED_VOCABULARIES
    )
    assert unguarded == [], (
        "give these fields a text type of models.common (ShortText, LongText, Name, ...)"
    )
    assert len(PATTERNS) >= 3, PATTERNS
    for pattern in PATTERNS:  # each marked pattern admits no refused character
        assert re.fullmatch(pattern, "1234567"), pattern
        assert not any(re.fullmatch(pattern, f"123{char}4567") for char in REFUSED), pattern


def test_the_walk_finds_a_text_field_without_a_rule() -> None:
    class Careless(BaseModel):
        note: str | None = None
        tags: list[str] = []
        level: Literal["a", "b"] = "a"

    assert dict(_model_text_fields(Careless, set())) == {
        "Careless.note": False,
        "Careless.tags[]": False,
    }
