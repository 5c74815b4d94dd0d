from __future__ import annotations

import pytest

from matcher.ranking.certificates import certificate_matches, name_tokens, unique_names

from .factories import make_certificate


def test_tokens_are_case_and_punctuation_insensitive() -> None:
    assert name_tokens("SKM-CG-01") == name_tokens("skm cg 01") == {"skm", "cg", "01"}
    assert name_tokens("  --- ") == frozenset()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Caregiver", True),  # token of the scheme name
        ("caregiver", True),
        ("Lansia Perawat", True),  # word order does not matter
        ("SKM-CG-01", True),  # scheme code
        ("elderly caregiver", True),  # English qualification title
        ("Care", True),  # no token of the names, but the catalogue calls the scheme "Care worker"
        ("Carer", False),  # a prefix is not a token, and no catalogue name has it
        ("Caregiver Welder", False),  # every token must be in one field
        ("Elderly Lansia", False),  # tokens from two different fields do not combine
        ("Memberikan bantuan mandi", False),  # units are not names
        ("", False),
    ],
)
def test_certificate_name_matching(name: str, expected: bool) -> None:
    assert certificate_matches(make_certificate(), name) is expected


@pytest.mark.parametrize("name", ["介護", "介護職員", "ケアワーカー", "Pramurukti", "SKM-CG-01"])
def test_catalogue_names_in_any_language_find_the_certificate(name: str) -> None:
    assert certificate_matches(make_certificate(), name)


def test_a_certificate_outside_the_catalogue_matches_by_its_own_names_only() -> None:
    outside = make_certificate(
        scheme="Juru Masak Kapal", scheme_code="X-77", qualification_id=None, qualification_en=None
    )
    assert certificate_matches(outside, "Juru Masak")
    assert not certificate_matches(outside, "介護")


def test_unique_names_keeps_first_spelling() -> None:
    assert unique_names(["Caregiver", "CAREGIVER", "SKM-CG-01", "skm cg 01"]) == [
        "Caregiver",
        "SKM-CG-01",
    ]
