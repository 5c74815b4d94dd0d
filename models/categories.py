"""SSW job categories (業務区分), licence kinds and training programmes, as sourced data.

Japan tests, exempts and admits per job category inside a field (DOMAIN.md, "Job categories"),
so the category, not the field, is the unit of eligibility. The facts (tests, Japanese levels,
SSW(ii) availability and experience, licences, intern-training job types, dates) live in
``data/ssw_categories.json`` with the source of each; this module only reads them. Category codes
are unique across fields, and a field with a single category uses the field's code for it.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from models.common import Lang
from models.vocabulary import ssw_fields

Visa = Literal["ssw1", "ssw2"]
Exemption = Literal["skill_test", "japanese"]


@dataclass(frozen=True, slots=True)
class Labelled:
    """Something with a name in English, Japanese and Indonesian."""

    en: str
    ja: str
    id: str

    def label(self, lang: Lang) -> str:
        """The name in ``lang``."""
        return {"en": self.en, "ja": self.ja, "id": self.id}[lang]


@dataclass(frozen=True, slots=True)
class LicenceRule:
    """A licence a category's work needs, and whether it may be obtained after arrival."""

    kind: str
    visas: frozenset[str]
    may_obtain_in_japan: bool
    preparatory_stay_months: int | None


@dataclass(frozen=True, slots=True)
class SSW2Terms:
    """When SSW(ii) is offered in a category and the practical experience it asks for."""

    offered_from: date
    supervisory: bool
    supervisory_years: float | None
    experience: Labelled


@dataclass(frozen=True, slots=True)
class SSWCategory:
    """One job category of one SSW field (see the module docstring)."""

    code: str
    field: str
    names: Labelled
    japanese_ssw1: str | None
    japanese_ssw2: str | None
    ssw2: SSW2Terms | None
    licences: tuple[LicenceRule, ...]
    intern_job_types: tuple[str, ...]
    dispatch_allowed: bool
    valid_from: date
    valid_to: date | None
    skill_test_names: tuple[str, ...]

    def label(self, lang: Lang) -> str:
        """The category's name in ``lang``."""
        return self.names.label(lang)

    def active_on(self, day: date) -> bool:
        """Whether the category admits SSW workers on ``day`` (its field must be open too)."""
        if day < self.valid_from or (self.valid_to is not None and day >= self.valid_to):
            return False
        return ssw_fields()[self.field].active_on(day)

    def offers_ssw2_on(self, day: date) -> bool:
        """Whether an SSW(ii) permit can be granted in this category on ``day``."""
        return self.ssw2 is not None and day >= self.ssw2.offered_from and self.active_on(day)

    def legal_japanese(self, visa: Visa) -> str | None:
        """The Japanese level the visa itself requires in this category (None: no test)."""
        return self.japanese_ssw1 if visa == "ssw1" else self.japanese_ssw2


@dataclass(frozen=True, slots=True)
class LicenceKind:
    """A licence code the contract accepts; ``expires`` says whether it carries an expiry date."""

    code: str
    names: Labelled
    expires: bool

    def label(self, lang: Lang) -> str:
        """The licence's name in ``lang``."""
        return self.names.label(lang)


@dataclass(frozen=True, slots=True)
class Programme:
    """A training programme whose completion in good standing exempts from SSW(i) tests."""

    code: str
    names: Labelled
    related_exempts: frozenset[Exemption]
    unrelated_exempts: frozenset[Exemption]
    japanese_exempt_up_to: str | None
    valid_from: date | None

    def label(self, lang: Lang) -> str:
        """The programme's name in ``lang``."""
        return self.names.label(lang)


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _names(row: dict[str, Any]) -> Labelled:
    return Labelled(en=row["en"], ja=row["ja"], id=row["id"])


def _category(row: dict[str, Any]) -> SSWCategory:
    ssw2 = row.get("ssw2")
    terms = None
    if ssw2 is not None:
        experience = ssw2.get("experience") or {}
        terms = SSW2Terms(
            offered_from=date.fromisoformat(ssw2["from"]),
            supervisory=bool(experience.get("supervisory", False)),
            supervisory_years=experience.get("years"),
            experience=Labelled(
                en=experience.get("en", ""),
                ja=experience.get("ja", ""),
                id=experience.get("id", ""),
            ),
        )
    tests = row.get("skill_tests", {})
    return SSWCategory(
        code=row["code"],
        field=row["field"],
        names=_names(row),
        japanese_ssw1=row["japanese"]["ssw1"],
        japanese_ssw2=row["japanese"]["ssw2"],
        ssw2=terms,
        licences=tuple(
            LicenceRule(
                kind=rule["kind"],
                visas=frozenset(rule.get("visas", ["ssw1", "ssw2"])),
                may_obtain_in_japan=bool(rule.get("may_obtain_in_japan", False)),
                preparatory_stay_months=rule.get("preparatory_stay_months"),
            )
            for rule in row.get("licences", [])
        ),
        intern_job_types=tuple(row.get("intern_job_types", [])),
        dispatch_allowed=bool(row.get("dispatch_allowed", False)),
        valid_from=date.fromisoformat(row["valid_from"]),
        valid_to=_date(row.get("valid_to")),
        skill_test_names=tuple(test["ja"] for test in tests.get("ssw1", [])),
    )


@cache
def _document() -> dict[str, Any]:
    text = resources.files("models").joinpath("data", "ssw_categories.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def ssw_categories() -> dict[str, SSWCategory]:
    """Every job category by code, in the file's order; checked against the field list."""
    fields = ssw_fields()
    result: dict[str, SSWCategory] = {}
    for row in _document()["categories"]:
        category = _category(row)
        if category.field not in fields:
            raise ValueError(f"category {category.code} names unknown field {category.field}")
        if category.code in result:
            raise ValueError(f"category {category.code} appears twice")
        result[category.code] = category
    missing = set(fields) - {c.field for c in result.values()}
    if missing:
        raise ValueError(f"fields without a category: {sorted(missing)}")
    return result


@cache
def categories_of(field: str) -> tuple[SSWCategory, ...]:
    """The categories of ``field`` (empty for an unknown field)."""
    return tuple(c for c in ssw_categories().values() if c.field == field)


def single_category(field: str) -> SSWCategory | None:
    """The category of a field that has only one, else None (the category must be named)."""
    found = categories_of(field)
    return found[0] if len(found) == 1 else None


def category_label(code: str, lang: Lang) -> str:
    """Label of a category code, or the code itself when unknown (labels never raise)."""
    category = ssw_categories().get(code)
    return category.label(lang) if category else code.replace("_", " ")


def validate_category(field: str, code: str) -> str:
    """Return ``code`` when it is a category of ``field``, else raise naming the valid codes."""
    valid = [c.code for c in categories_of(field)]
    if code not in valid:
        raise ValueError(
            f"unknown job category {code!r} for field {field!r}; expected one of: "
            + ", ".join(valid)
        )
    return code


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def _job_types() -> dict[tuple[str, str], frozenset[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for category in ssw_categories().values():
        for job_type in category.intern_job_types:
            found.setdefault((category.field, _fold(job_type)), set()).add(category.code)
    return {key: frozenset(codes) for key, codes in found.items()}


def categories_of_job_type(field: str, job_type: str) -> frozenset[str]:
    """The categories an intern-training job type (職種・作業) is related to, as the data says
    (one job type, such as 型枠施工, may be related to several categories of its field)."""
    return _job_types().get((field, _fold(job_type)), frozenset())


@cache
def licence_kinds() -> dict[str, LicenceKind]:
    """Every licence code the contract accepts."""
    return {
        row["code"]: LicenceKind(code=row["code"], names=_names(row), expires=bool(row["expires"]))
        for row in _document()["licence_kinds"]
    }


def licence_label(code: str, lang: Lang) -> str:
    """Label of a licence code, or the code itself when unknown."""
    kind = licence_kinds().get(code)
    return kind.label(lang) if kind else code


def validate_licence_kind(code: str) -> str:
    """Return ``code`` when it is a documented licence kind, else raise naming them."""
    if code not in licence_kinds():
        raise ValueError(
            f"unknown licence kind {code!r}; expected one of: {', '.join(licence_kinds())}"
        )
    return code


@cache
def programmes() -> dict[str, Programme]:
    """Training programmes whose completion can exempt from SSW(i) tests, by code."""
    return {
        row["code"]: Programme(
            code=row["code"],
            names=_names(row),
            related_exempts=frozenset(row.get("related_job_type_exempts", [])),
            unrelated_exempts=frozenset(row.get("unrelated_job_type_exempts", [])),
            japanese_exempt_up_to=row.get("japanese_exempt_up_to"),
            valid_from=_date(row.get("valid_from")),
        )
        for row in _document()["programmes"]
    }
