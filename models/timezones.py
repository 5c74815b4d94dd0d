"""Whose clock an interview time is read on: a worker's zone from its province, employers' Japan.

An online interview between an employer in Sendai and a worker in Makassar is at 10:00 for one
and 09:00 for the other, so every interview carries both local times (issue 18). Indonesia has
three legal zones (WIB, WITA, WIT); which province is in which is data with its sources
(``data/indonesia_provinces.json``), like the SSW fields. Every employer of the programme is in
Japan, which has one zone and no daylight saving time.

Province names are free text in worker profiles, written as agencies write them ("Jawa Barat",
"DKI Jakarta", "Prov. Bali", "West Java"); the lookup folds case, spacing and a leading
"Provinsi"/"Prov." and knows the English names and common short forms. A province it does not
know gives no zone: the page then says the worker's zone is unknown instead of guessing one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

JAPAN_ZONE = "Asia/Tokyo"
"""The zone of every employer: SSW employers are in Japan (one zone, no daylight saving)."""

_PREFIX = re.compile(r"^(provinsi|prov\.?|province of)\s+")
_SPACES = re.compile(r"[\s_.-]+")


@dataclass(frozen=True, slots=True)
class Province:
    """One province: its official Indonesian name, English name and IANA zone."""

    name: str
    en: str
    zone: str
    wilayah_waktu: str


def _key(text: str) -> str:
    folded = _SPACES.sub(" ", text.strip().casefold())
    return _PREFIX.sub("", folded).strip()


@lru_cache(maxsize=1)
def _rows() -> list[dict[str, object]]:
    text = resources.files("models").joinpath("data", "indonesia_provinces.json").read_text("utf-8")
    rows: list[dict[str, object]] = json.loads(text)["provinces"]
    return rows


@lru_cache(maxsize=1)
def provinces() -> dict[str, Province]:
    """The 38 provinces by official name, loaded once from the package data."""
    return {
        str(r["name"]): Province(
            str(r["name"]), str(r["en"]), str(r["zone"]), str(r["wilayah_waktu"])
        )
        for r in _rows()
    }


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Province]:
    found: dict[str, Province] = {}
    for row in _rows():
        province = provinces()[str(row["name"])]
        aliases = row["aliases"]
        assert isinstance(aliases, list)
        for spelling in (str(row["name"]), str(row["en"]), *map(str, aliases)):
            found[_key(spelling)] = province
    return found


def province_of(text: str | None) -> Province | None:
    """The province a free-text name means, or ``None`` when it is unknown or empty."""
    if not text:
        return None
    return _by_key().get(_key(text))


def worker_zone(province: str | None) -> str | None:
    """The IANA zone of a worker living in ``province`` (``None``: unknown province)."""
    found = province_of(province)
    return found.zone if found else None
