"""The scheme catalogue: BNSP certification schemes with names in id/en/ja, as editable data.

A Japanese employer writes 介護 and an agency's certificate says "Caregiver (Perawat Lansia)":
the catalogue (``data/schemes.json``) is what ties the two, and tells which SSW fields and job
categories a scheme is relevant to (KKNI minimums count only relevant certificates). Names are
compared as sets of normalised tokens (``name_tokens``):

* a required name **resolves** to the schemes whose code equals it, else to the schemes with a
  name or alias containing every token of it ("Caregiver" resolves to every caregiver scheme);
* a certificate **belongs** to the scheme whose code equals its ``scheme_code``, else to the
  first scheme one of whose names or aliases has exactly the tokens of its scheme name or of a
  qualification title.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from models.categories import ssw_categories
from models.common import Lang

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=65_536)
def name_tokens(text: str) -> frozenset[str]:
    """The set of normalised tokens of ``text`` (empty for text without letters or digits).

    NFKC and case folding, split on anything that is not a letter or digit (underscores
    included), so "SKM-CG-01" is ``skm cg 01``. Cached: scheme names come from a small national
    catalogue and ranking tokenises them for every candidate."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return frozenset(token for token in _SEPARATORS.split(folded) if token)


@dataclass(frozen=True, slots=True)
class Scheme:
    """One certification scheme of the catalogue."""

    code: str
    id: str
    en: str
    ja: str
    aliases: tuple[str, ...]
    kkni_level: int | None
    fields: frozenset[str]
    categories: frozenset[str]

    def label(self, lang: Lang) -> str:
        """The scheme's name in ``lang``."""
        return {"en": self.en, "ja": self.ja, "id": self.id}[lang]

    def names(self) -> tuple[str, ...]:
        """Every name the scheme goes by: code, the three labels, then the aliases."""
        return (self.code, self.id, self.en, self.ja, *self.aliases)


def _scheme(row: dict[str, Any]) -> Scheme:
    aliases = [alias for group in ("id", "en", "ja") for alias in row["aliases"].get(group, [])]
    return Scheme(
        code=row["code"],
        id=row["id"],
        en=row["en"],
        ja=row["ja"],
        aliases=tuple(dict.fromkeys(aliases)),
        kkni_level=row.get("kkni_level"),
        fields=frozenset(row.get("fields", [])),
        categories=frozenset(row.get("categories", [])),
    )


@cache
def schemes() -> dict[str, Scheme]:
    """The catalogue by code, checked: fields and categories must exist and agree."""
    categories = ssw_categories()
    text = resources.files("models").joinpath("data", "schemes.json").read_text("utf-8")
    result: dict[str, Scheme] = {}
    for row in json.loads(text)["schemes"]:
        scheme = _scheme(row)
        for code in scheme.categories:
            if code not in categories or categories[code].field not in scheme.fields:
                raise ValueError(f"scheme {scheme.code}: category {code} is not of its fields")
        if scheme.code in result:
            raise ValueError(f"scheme {scheme.code} appears twice")
        result[scheme.code] = scheme
    return result


@cache
def _by_code() -> dict[frozenset[str], Scheme]:
    return {name_tokens(s.code): s for s in schemes().values()}


@cache
def _name_index() -> tuple[tuple[frozenset[str], Scheme], ...]:
    return tuple((name_tokens(name), s) for s in schemes().values() for name in s.names())


@lru_cache(maxsize=4096)
def resolve_scheme_name(name: str) -> tuple[Scheme, ...]:
    """The schemes a required certificate name means (empty: the name resolves to nothing)."""
    wanted = name_tokens(name)
    if not wanted:
        return ()
    exact = _by_code().get(wanted)
    if exact is not None:
        return (exact,)
    found = {s.code: s for tokens, s in _name_index() if wanted <= tokens}
    return tuple(found.values())


@lru_cache(maxsize=65_536)
def scheme_of_names(scheme_code: str | None, *names: str | None) -> Scheme | None:
    """The scheme a certificate with this code and these names belongs to (None: unknown)."""
    if scheme_code:
        exact = _by_code().get(name_tokens(scheme_code))
        if exact is not None:
            return exact
    for name in names:
        if not name:
            continue
        tokens = name_tokens(name)
        for candidate, scheme in _name_index():
            if candidate == tokens:
                return scheme
    return None
