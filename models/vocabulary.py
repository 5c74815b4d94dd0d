"""SSW fields and occupations as data, with labels in English, Japanese and Indonesian.

The SSW field list is a *dated* list that Japan extends (three fields were added in January 2026
for 2027), so it lives in ``data/ssw_fields.json`` rather than in an enum: adding a field is a data
change, and ``active_on`` answers whether a field accepts workers on a given start date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from models.common import Lang


@dataclass(frozen=True, slots=True)
class SSWField:
    """One field of the Specified Skilled Worker programme."""

    code: str
    en: str
    ja: str
    id: str
    valid_from: date

    def label(self, lang: Lang) -> str:
        """The field's name in ``lang``."""
        return {"en": self.en, "ja": self.ja, "id": self.id}[lang]

    def active_on(self, day: date) -> bool:
        """Whether the field accepts SSW workers on ``day``."""
        return day >= self.valid_from


@dataclass(frozen=True, slots=True)
class Occupation:
    """A job within an SSW field (e.g. seafood processing within food and beverage manufacturing)."""

    code: str
    field: str
    category: str
    en: str
    ja: str
    id: str

    def label(self, lang: Lang) -> str:
        """The occupation's name in ``lang``."""
        return {"en": self.en, "ja": self.ja, "id": self.id}[lang]


def _load_json(name: str) -> list[dict[str, str]]:
    text = resources.files("models").joinpath("data", name).read_text(encoding="utf-8")
    data: list[dict[str, str]] = json.loads(text)
    return data


@cache
def ssw_fields() -> dict[str, SSWField]:
    """All SSW fields by code, in the official order."""
    return {
        row["code"]: SSWField(
            code=row["code"],
            en=row["en"],
            ja=row["ja"],
            id=row["id"],
            valid_from=date.fromisoformat(row["from"]),
        )
        for row in _load_json("ssw_fields.json")
    }


@cache
def occupations() -> dict[str, Occupation]:
    """All occupations by code; each belongs to one SSW field."""
    fields = ssw_fields()
    result: dict[str, Occupation] = {}
    for row in _load_json("occupations.json"):
        if row["field"] not in fields:
            raise ValueError(f"occupation {row['code']} names unknown field {row['field']}")
        result[row["code"]] = Occupation(**row)
    return result


def field_label(code: str, lang: Lang) -> str:
    """Label of a field code, or the code itself when unknown (labels never raise)."""
    field = ssw_fields().get(code)
    return field.label(lang) if field else code


def occupation_label(code: str, lang: Lang) -> str:
    """Label of an occupation code, or the code itself when it is free text."""
    occupation = occupations().get(code)
    return occupation.label(lang) if occupation else code.replace("_", " ")


def validate_field_code(code: str) -> str:
    """Return ``code`` when it is a known SSW field, else raise with the list of valid codes."""
    if code not in ssw_fields():
        raise ValueError(f"unknown SSW field {code!r}; expected one of: {', '.join(ssw_fields())}")
    return code


@cache
def occupation_phrases() -> dict[str, list[str]]:
    """Example phrases per occupation (titles, duties, BNSP schemes) in Japanese, Indonesian and
    English, with the occupation's own labels first: what an occupation looks like in free text."""
    text = (
        resources.files("models")
        .joinpath("data", "occupation_phrases.json")
        .read_text(encoding="utf-8")
    )
    raw: dict[str, dict[str, list[str]]] = json.loads(text)
    result: dict[str, list[str]] = {}
    for code, occupation in occupations().items():
        groups = raw.get(code, {})
        phrases = [occupation.en, occupation.ja, occupation.id]
        for group in ("ja", "id", "en", "schemes"):
            phrases.extend(groups.get(group, []))
        result[code] = list(dict.fromkeys(p for p in phrases if p))
    return result
