"""Word lists the demo generator draws from, loaded from ``matcher/demo/data/*.json``.

The lists are data, not code, so that a domain expert can improve a Japanese duty phrase or an
Indonesian scheme name without touching the generator. Three files:

- ``occupations.json``: per occupation (every one of ``models/data/occupations.json``) Japanese
  vacancy titles and duties, Indonesian job titles, duties and workplaces, and BNSP-style
  certificate schemes (scheme name and code, qualification titles, LSP, KKNI level, SKKNI units).
- ``people.json``: Indonesian given and family names by ethnic group, the 38 provinces, e-mail
  domains, phone prefixes, LPK names, earlier unrelated jobs and education phrases.
- ``japan.json``: prefectures (Miyagi weighted heavily) with cities and place words for company
  names, field weights per region, company name patterns, benefits and working-hours phrases.

``digest`` hashes the three files so that cached benchmark data is regenerated when they change.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from models import occupations

_DATA_FILES = ("occupations.json", "people.json", "japan.json")


@dataclass(frozen=True, slots=True)
class CompetencyUnit:
    """One SKKNI-style unit of competency inside a scheme."""

    code: str
    title: str

    def label(self) -> str:
        """The unit as written on a certificate: code, then Indonesian title."""
        return f"{self.code} {self.title}"


@dataclass(frozen=True, slots=True)
class CertificationScheme:
    """A BNSP certification scheme (skema sertifikasi) run by one LSP."""

    scheme: str
    code: str
    qualification_id: str
    qualification_en: str
    issuer: str
    kkni_level: int
    kbli: str
    units: tuple[CompetencyUnit, ...]


@dataclass(frozen=True, slots=True)
class OccupationWords:
    """Everything the generator writes about one occupation."""

    code: str
    field: str
    category: str
    """The SSW job category (業務区分) the occupation belongs to (``models`` data)."""
    ja_titles: tuple[str, ...]
    ja_duties: tuple[str, ...]
    id_titles: tuple[str, ...]
    id_duties: tuple[str, ...]
    id_places: tuple[str, ...]
    schemes: tuple[CertificationScheme, ...]


@dataclass(frozen=True, slots=True)
class NameGroup:
    """Given and family names of one ethnic group, with the provinces it mostly lives in."""

    name: str
    weight: int
    provinces: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prefecture:
    """A Japanese prefecture: English name (as in the data contract), Japanese name, id prefix."""

    name: str
    ja: str
    code: str
    weight: int
    cities: tuple[tuple[str, str], ...]
    """(romaji, Japanese) pairs."""
    places: tuple[tuple[str, str], ...]
    """(romaji, Japanese) place words used in company names."""


@dataclass(frozen=True, slots=True)
class PreviousJob:
    """An unrelated earlier job (shop assistant, courier...) that many workers list."""

    title: str
    description: str


@dataclass(frozen=True, slots=True)
class DemoVocabulary:
    """All demo word lists, typed."""

    occupations: dict[str, OccupationWords]
    name_groups: tuple[NameGroup, ...]
    provinces: tuple[str, ...]
    email_domains: tuple[str, ...]
    phone_prefixes: tuple[str, ...]
    lpk: tuple[str, ...]
    previous_jobs: tuple[PreviousJob, ...]
    education: tuple[str, ...]
    majors: dict[str, str]
    prefectures: tuple[Prefecture, ...]
    generic_places: tuple[tuple[str, str], ...]
    field_weights_miyagi: dict[str, int]
    field_weights_other: dict[str, int]
    company_kinds: dict[str, tuple[tuple[str, str], ...]]
    benefits: tuple[str, ...]
    schedules: tuple[str, ...]
    english_titles: dict[str, str]
    digest: str


def _read(name: str) -> str:
    return resources.files("matcher.demo").joinpath("data", name).read_text(encoding="utf-8")


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value)


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in value)


def _scheme(row: dict[str, Any]) -> CertificationScheme:
    return CertificationScheme(
        scheme=row["scheme"],
        code=row["code"],
        qualification_id=row["qualification_id"],
        qualification_en=row["qualification_en"],
        issuer=row["issuer"],
        kkni_level=int(row["kkni"]),
        kbli=row["kbli"],
        units=tuple(CompetencyUnit(code, title) for code, title in row["units"]),
    )


@cache
def load_vocabulary() -> DemoVocabulary:
    """Load and check the word lists (cached: the files are read once per process).

    Raises ``ValueError`` when the occupation list and ``models`` disagree, so a new occupation
    in ``models/data/occupations.json`` cannot silently go without demo words.
    """
    texts = {name: _read(name) for name in _DATA_FILES}
    digest = hashlib.sha256("\0".join(texts[n] for n in _DATA_FILES).encode()).hexdigest()
    occ_raw: dict[str, Any] = json.loads(texts["occupations.json"])
    people: dict[str, Any] = json.loads(texts["people.json"])
    japan: dict[str, Any] = json.loads(texts["japan.json"])

    known = occupations()
    if set(occ_raw) != set(known):
        missing = sorted(set(known) - set(occ_raw))
        extra = sorted(set(occ_raw) - set(known))
        raise ValueError(f"demo occupations out of date: missing {missing}, unknown {extra}")
    words = {
        code: OccupationWords(
            code=code,
            field=known[code].field,
            category=known[code].category,
            ja_titles=_strs(row["ja_titles"]),
            ja_duties=_strs(row["ja_duties"]),
            id_titles=_strs(row["id_titles"]),
            id_duties=_strs(row["id_duties"]),
            id_places=_strs(row["id_places"]),
            schemes=tuple(_scheme(s) for s in row["schemes"]),
        )
        for code, row in occ_raw.items()
    }
    groups = tuple(
        NameGroup(
            name=g["name"],
            weight=int(g["weight"]),
            provinces=_strs(g["provinces"]),
            male=_strs(g["male"]),
            female=_strs(g["female"]),
            family=_strs(g["family"]),
        )
        for g in people["groups"]
    )
    prefectures = tuple(
        Prefecture(
            name=p["name"],
            ja=p["ja"],
            code=p["code"],
            weight=int(p["weight"]),
            cities=_pairs(p["cities"]),
            places=_pairs(p["places"]),
        )
        for p in japan["prefectures"]
    )
    return DemoVocabulary(
        occupations=words,
        name_groups=groups,
        provinces=_strs(people["provinces"]),
        email_domains=_strs(people["email_domains"]),
        phone_prefixes=_strs(people["phone_prefixes"]),
        lpk=_strs(people["lpk"]),
        previous_jobs=tuple(
            PreviousJob(j["title"], j["description"]) for j in people["previous_jobs"]
        ),
        education=_strs(people["education"]),
        majors={str(k): str(v) for k, v in people["majors"].items()},
        prefectures=prefectures,
        generic_places=_pairs(japan["generic_places"]),
        field_weights_miyagi={str(k): int(v) for k, v in japan["field_weights_miyagi"].items()},
        field_weights_other={str(k): int(v) for k, v in japan["field_weights_other"].items()},
        company_kinds={str(k): _pairs(v) for k, v in japan["company_kinds"].items()},
        benefits=_strs(japan["benefits"]),
        schedules=_strs(japan["schedules"]),
        english_titles={str(k): str(v) for k, v in japan["english_titles"].items()},
        digest=digest,
    )
