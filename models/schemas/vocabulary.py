"""The reference data the page and clients need to label codes: fields, job categories,
licence kinds, schemes and occupations, each with its labels in en/ja/id."""

from __future__ import annotations

from datetime import date

from models.common import StrictModel


class Labels(StrictModel):
    """A name in the three languages of the product."""

    en: str
    ja: str
    id: str


class FieldEntry(StrictModel):
    code: str
    labels: Labels
    valid_from: date


class CategoryEntry(StrictModel):
    code: str
    field: str
    labels: Labels
    japanese_ssw1: str | None
    japanese_ssw2: str | None
    ssw2_from: date | None
    dispatch_allowed: bool
    licences: list[str]
    valid_from: date
    valid_to: date | None


class LicenceEntry(StrictModel):
    code: str
    labels: Labels
    expires: bool


class SchemeEntry(StrictModel):
    code: str
    labels: Labels
    aliases: list[str]
    kkni_level: int | None
    fields: list[str]
    categories: list[str]


class OccupationEntry(StrictModel):
    code: str
    field: str
    category: str
    labels: Labels


class PrefectureEntry(StrictModel):
    """A prefecture of Japan by its JIS code, with the other ways it is written."""

    code: str
    labels: Labels
    aliases: list[str]


class Vocabulary(StrictModel):
    """Everything ``GET /v1/vocabulary`` returns (sources: docs/eligibility.md)."""

    fields: list[FieldEntry]
    categories: list[CategoryEntry]
    licence_kinds: list[LicenceEntry]
    schemes: list[SchemeEntry]
    occupations: list[OccupationEntry]
    prefectures: list[PrefectureEntry]
