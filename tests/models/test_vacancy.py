"""Validation of the vacancy contract and the ordering of Japanese levels."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from models.japanese import level_rank
from models.vacancy import VacancyProfile
from tests import factories


def _errors(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        VacancyProfile.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


def test_japanese_levels_are_ordered_as_domain_says() -> None:
    assert (
        level_rank("N5")
        < level_rank("N4")
        == level_rank("A2")
        < level_rank("N3")
        < level_rank("N2")
        < level_rank("N1")
    )
    assert level_rank("pass") == 0


def test_the_contract_example_is_valid() -> None:
    vacancy = factories.vacancy()
    assert vacancy.requirements.certificates == ["Caregiver"]
    assert vacancy.employer is not None and vacancy.employer.prefecture == "Miyagi"


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"ssw_field": "space_travel"}, "ssw_field", "unknown SSW field"),
        ({"requirements": {"japanese": "N6"}}, "requirements.japanese", "unknown Japanese level"),
        (
            {"requirements": {"min_kkni_level": 0}},
            "requirements.min_kkni_level",
            "greater than or equal",
        ),
        ({"requirements": {"min_age": 30, "max_age": 20}}, "requirements", "max_age"),
        ({"visa": "tourist"}, "visa", "Input should be"),
        ({"headcount": 0}, "headcount", "greater than or equal"),
        ({"starts_on": "2025-13-01"}, "starts_on", "date"),
        ({"bonus": 1}, "bonus", "Extra inputs"),
    ],
)
def test_errors_name_the_field(override: dict[str, Any], field: str, fragment: str) -> None:
    errors = _errors(factories.vacancy_data(**override))
    assert field in errors, errors
    assert fragment.lower() in errors[field].lower()


def test_employer_is_given_exactly_once() -> None:
    both = factories.vacancy_data(employer_id=3)
    assert "exactly one of employer_id or employer" in _errors(both)[""]
    neither = {k: v for k, v in factories.vacancy_data().items() if k != "employer"}
    assert "exactly one" in _errors(neither)[""]


# --- what the law forbids is refused, at the field that says it (DOMAIN.md, "Job categories") ---


def test_a_field_with_several_categories_needs_one() -> None:
    errors = _errors(factories.vacancy_data(ssw_field="agriculture", occupation=None))
    assert "crop_farming, livestock" in errors["category"]
    named = factories.vacancy(ssw_field="agriculture", occupation=None, category="livestock")
    assert named.category == "livestock"


def test_a_single_category_field_gets_its_category_filled_in() -> None:
    assert factories.vacancy().category == "care"


def test_a_category_of_another_field_is_refused() -> None:
    errors = _errors(factories.vacancy_data(category="fishing"))
    assert "not a job category of nursing_care" in errors["category"]


def test_an_occupation_of_another_category_is_refused() -> None:
    errors = _errors(
        factories.vacancy_data(
            ssw_field="agriculture", occupation="crop_farming", category="livestock"
        )
    )
    assert "crop_farming" in errors["occupation"]


@pytest.mark.parametrize(
    ("field", "category", "allowed"),
    [
        ("agriculture", "crop_farming", True),
        ("fishery", "aquaculture", True),
        ("nursing_care", "care", False),
        ("construction", "building", False),
    ],
)
def test_dispatch_only_in_agriculture_and_fishery(field: str, category: str, allowed: bool) -> None:
    data = factories.vacancy_data(
        ssw_field=field, category=category, occupation=None, employment="dispatch"
    )
    if allowed:
        assert VacancyProfile.model_validate(data).employment == "dispatch"
    else:
        assert "only in agriculture and fishery" in _errors(data)["employment"]


@pytest.mark.parametrize(
    ("field", "category", "starts_on", "offered"),
    [
        ("nursing_care", "care", "2026-04-01", False),
        ("automobile_transportation", "taxi_driver", "2026-04-01", False),
        ("fishery", "fishing", "2026-04-01", True),
        ("fishery", "fishing", "2023-06-01", False),  # before SSW(ii) reached the field
    ],
)
def test_ssw2_only_where_the_category_offers_it(
    field: str, category: str, starts_on: str, offered: bool
) -> None:
    data = factories.vacancy_data(
        ssw_field=field, category=category, occupation=None, visa="ssw2", starts_on=starts_on
    )
    if offered:
        assert VacancyProfile.model_validate(data).visa == "ssw2"
    else:
        assert f"offers no SSW(ii) on {starts_on}" in _errors(data)["visa"]


def test_ssw2_has_no_default_japanese_requirement() -> None:
    data = factories.vacancy_data(
        ssw_field="fishery",
        category="fishing",
        occupation=None,
        visa="ssw2",
        starts_on="2026-04-01",
    )
    data["requirements"] = {"certificates": []}
    assert VacancyProfile.model_validate(data).requirements.japanese is None


def test_certificate_names_must_resolve_through_the_catalogue() -> None:
    data = factories.vacancy_data()
    data["requirements"] = {"certificates": ["介護", "SKM-CG-01", "Sertifikat Ajaib"]}
    data["preferred"] = {"certificates": ["Nonexistent scheme"]}
    errors = _errors(data)
    assert set(errors) == {"requirements.certificates.2", "preferred.certificates.0"}
    assert "'Sertifikat Ajaib' matches no scheme" in errors["requirements.certificates.2"]


def test_licences_must_be_documented_kinds() -> None:
    data = factories.vacancy_data()
    data["requirements"] = {"licences": ["jp_driving_second_class", "moon_rover"]}
    assert "moon_rover" in _errors(data)["requirements.licences"]
