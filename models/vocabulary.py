"""SSW fields and occupations as data, with labels in English, Japanese and Indonesian.

The SSW field list is a *dated* list that Japan extends (three fields were added in January 2026
for 2027), so it lives in ``data/ssw_fields.json`` rather than in an enum: adding a field is a data
change, and ``active_on`` answers whether a field accepts workers on a given start date.

Occupations are trades (``data/occupations.json``, docs/taxonomy.md): each sits in one SSW job
category, carries its ISCO-08, KBJI 2014 and MHLW classification groups, and the words job
sheets and agency profiles use for it per language. The file is validated on load
(``OccupationTaxonomy``), so a category of another field or a colliding alias fails at start-up
rather than as a silent non-match in ranking. Codes never go away: a replaced code stays valid
as an alias (``resolve_occupation``).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.common import LANGS, Lang


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
    """A trade within an SSW job category (a formwork carpenter, not "construction").

    ``isco08`` is the ILO ISCO-08 unit group; ``kbji2014`` Indonesia's KBJI 2014 code (built on
    ISCO-08: where only the four-digit group is certain, that group is given and ``note`` says
    so); ``mhlw`` the group of the MHLW occupational classification (厚生労働省編職業分類) the
    trade falls in, when one maps. ``terms`` is what the trade is called in job sheets and
    agency profiles, per language (jargon and abbreviations included); ``duties`` what a worker
    of the trade does, with its tools and materials, in Japanese and Indonesian (job sheets and
    agency profiles often describe the work instead of naming the trade); ``misspellings`` are
    spellings seen in agency text, kept apart so that nobody mistakes them for the trade's name.
    """

    code: str
    field: str
    category: str
    en: str
    ja: str
    id: str
    isco08: str | None = None
    kbji2014: str | None = None
    mhlw: str | None = None
    aliases: tuple[str, ...] = ()
    terms: tuple[tuple[Lang, tuple[str, ...]], ...] = ()
    duties: tuple[tuple[Lang, tuple[str, ...]], ...] = ()
    misspellings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    uncertain: bool = False
    note: str | None = None

    def label(self, lang: Lang) -> str:
        """The occupation's name in ``lang``."""
        return {"en": self.en, "ja": self.ja, "id": self.id}[lang]

    def terms_in(self, lang: Lang) -> tuple[str, ...]:
        """The trade's vocabulary in ``lang`` (without its label)."""
        return dict(self.terms).get(lang, ())

    def duties_in(self, lang: Lang) -> tuple[str, ...]:
        """What a worker of the trade does, with tools and materials, in ``lang``."""
        return dict(self.duties).get(lang, ())


class OccupationTerms(BaseModel):
    """Vocabulary of one trade per language, as written in the data file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ja: list[str] = Field(min_length=1)
    id: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


class OccupationDuties(BaseModel):
    """Duties, tools and materials of one trade in Japanese and Indonesian, as written in the
    data file: the words of job sheets and agency profiles that describe the work."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ja: list[str] = Field(min_length=1)
    id: list[str] = Field(min_length=1)


class OccupationRecord(BaseModel):
    """One entry of ``data/occupations.json``: validated on load, so a typo in a category code
    or a missing vocabulary is an error at start-up, not a silent non-match in ranking."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    field: str
    category: str
    en: str = Field(min_length=1)
    ja: str = Field(min_length=1)
    id: str = Field(min_length=1)
    isco08: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    kbji2014: str | None = Field(default=None, pattern=r"^[0-9]{4,5}$")
    mhlw: str | None = None
    aliases: list[str] = Field(default_factory=list)
    terms: OccupationTerms
    duties: OccupationDuties
    misspellings: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    uncertain: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _uncertain_says_why(self) -> OccupationRecord:
        if self.uncertain and not self.note:
            raise ValueError(
                f"{self.code}: an uncertain mapping needs a note saying what is uncertain"
            )
        return self


class Source(BaseModel):
    """A public document the taxonomy's codes and vocabularies come from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(pattern=r"^https://")
    title: str
    publisher: str


class OccupationTaxonomy(BaseModel):
    """The whole ``data/occupations.json``: cross-entry rules (unique codes and aliases, known
    fields, categories of the entry's own field, cited sources) are checked here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = Field(alias="_about")
    retrieved_on: date
    sources: dict[str, Source]
    occupations: list[OccupationRecord]

    @model_validator(mode="after")
    def _consistent(self) -> OccupationTaxonomy:
        # Imported here: models.categories reads ssw_fields from this module.
        from models.categories import ssw_categories

        fields = ssw_fields()
        categories = ssw_categories()
        taken: set[str] = set()
        for occupation in self.occupations:
            if occupation.code in taken:
                raise ValueError(f"occupation code {occupation.code} appears twice")
            taken.add(occupation.code)
        for occupation in self.occupations:
            if occupation.field not in fields:
                raise ValueError(
                    f"occupation {occupation.code} names unknown field {occupation.field}"
                )
            category = categories.get(occupation.category)
            if category is None or category.field != occupation.field:
                raise ValueError(
                    f"occupation {occupation.code}: {occupation.category} is not a job category "
                    f"of {occupation.field}"
                )
            for key in occupation.sources:
                if key not in self.sources:
                    raise ValueError(f"occupation {occupation.code} cites unknown source {key}")
            for alias in occupation.aliases:
                if alias in taken:
                    raise ValueError(
                        f"alias {alias} of {occupation.code} is already a code or alias"
                    )
                taken.add(alias)
        return self


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
def occupation_taxonomy() -> OccupationTaxonomy:
    """The validated taxonomy document, with its sources."""
    text = resources.files("models").joinpath("data", "occupations.json").read_text("utf-8")
    return OccupationTaxonomy.model_validate_json(text)


@cache
def occupations() -> dict[str, Occupation]:
    """All occupations by canonical code; each belongs to one job category of one SSW field.
    Aliases are not keys: pass a code through ``resolve_occupation`` first."""
    return {
        row.code: Occupation(
            code=row.code,
            field=row.field,
            category=row.category,
            en=row.en,
            ja=row.ja,
            id=row.id,
            isco08=row.isco08,
            kbji2014=row.kbji2014,
            mhlw=row.mhlw,
            aliases=tuple(row.aliases),
            terms=(
                ("ja", tuple(row.terms.ja)),
                ("id", tuple(row.terms.id)),
                ("en", tuple(row.terms.en)),
            ),
            duties=(("ja", tuple(row.duties.ja)), ("id", tuple(row.duties.id))),
            misspellings=tuple(row.misspellings),
            sources=tuple(row.sources),
            uncertain=row.uncertain,
            note=row.note,
        )
        for row in occupation_taxonomy().occupations
    }


@cache
def _canonical_codes() -> dict[str, str]:
    result: dict[str, str] = {}
    for occupation in occupations().values():
        result[occupation.code] = occupation.code
        for alias in occupation.aliases:
            result[alias] = occupation.code
    return result


def resolve_occupation(code: str) -> str:
    """The canonical code of an occupation code or alias (codes of earlier versions of the
    taxonomy stay valid as aliases). Raises ``KeyError`` for a code that is neither."""
    return _canonical_codes()[code.strip()]


@cache
def _occupation_terms() -> dict[str, dict[Lang, tuple[str, ...]]]:
    result: dict[str, dict[Lang, tuple[str, ...]]] = {}
    for code, occupation in occupations().items():
        per_lang: dict[Lang, tuple[str, ...]] = {}
        for lang in LANGS:
            words = [
                occupation.label(lang),
                *occupation.terms_in(lang),
                *occupation.duties_in(lang),
            ]
            if lang == "id":
                # Misspellings are agency text, written in Latin script: Indonesian and
                # English share them, and the Indonesian list is where agency wording lives.
                words.extend(occupation.misspellings)
            unique: dict[str, str] = {}
            for word in words:
                unique.setdefault(word.casefold(), word)
            per_lang[lang] = tuple(w for w in unique.values() if w)
        result[code] = per_lang
    return result


def occupation_terms() -> dict[str, dict[Lang, list[str]]]:
    """Per canonical occupation code, its words per language: the label first, then the
    trade's terms (jargon, abbreviations), its duties, tools and materials (``ja``, ``id``),
    and in ``id`` also the misspellings seen in agency text. What a lexical signal matches a profile or a job sheet against. A fresh copy: callers
    may change it."""
    return {
        code: {lang: list(words) for lang, words in per_lang.items()}
        for code, per_lang in _occupation_terms().items()
    }


def field_label(code: str, lang: Lang) -> str:
    """Label of a field code, or the code itself when unknown (labels never raise)."""
    field = ssw_fields().get(code)
    return field.label(lang) if field else code


def occupation_label(code: str, lang: Lang) -> str:
    """Label of an occupation code or alias, or the code itself when it is free text."""
    occupation = occupations().get(_canonical_codes().get(code, code))
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


class Prefecture(BaseModel):
    """One of Japan's 47 prefectures (``models/data/prefectures.json``, JIS X 0401)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    en: str
    ja: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: Lang) -> str:
        """The Japanese name on Japanese pages, the romaji one elsewhere."""
        return self.ja if lang == "ja" else self.en


@cache
def prefectures() -> dict[str, Prefecture]:
    """The prefectures by JIS code, in the official order."""
    data = json.loads(
        resources.files("models").joinpath("data", "prefectures.json").read_text(encoding="utf-8")
    )
    return {row["code"]: Prefecture(**row) for row in data["prefectures"]}


@cache
def _prefecture_names() -> dict[str, Prefecture]:
    names: dict[str, Prefecture] = {}
    for prefecture in prefectures().values():
        for name in (prefecture.en, prefecture.ja, *prefecture.aliases):
            names[unicodedata.normalize("NFKC", name).casefold()] = prefecture
    return names


def find_prefecture(name: str) -> Prefecture | None:
    """The prefecture a name means (宮城県, 宮城, Miyagi, miyagi-ken ...), or ``None``."""
    return _prefecture_names().get(unicodedata.normalize("NFKC", name).strip().casefold())
