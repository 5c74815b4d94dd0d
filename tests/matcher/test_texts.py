from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.embedding import join_parts
from matcher.texts import (
    MAX_CHARS,
    _bounded,
    vacancy_parts,
    vacancy_text,
    worker_parts,
    worker_text,
)
from models.vacancy import Vacancy
from models.worker import WorkerProfile


def _certificate(**overrides: Any) -> dict[str, Any]:
    return {
        "number": "62090 2513 3 0108289 2024",
        "scheme": "Caregiver (Perawat Lansia)",
        "qualification_en": "Elderly Caregiver",
        "issuer": "LSP Kesehatan",
        "units": ["Memberikan bantuan mandi"],
        "issued_on": date(2023, 5, 1),
        "expires_on": date(2026, 5, 1),
        **overrides,
    }


def _worker(**overrides: Any) -> WorkerProfile:
    data: dict[str, Any] = {
        "external_id": "AG1-000123",
        "full_name": "Siti Rahmawati",
        "birth_date": date(1999, 3, 14),
        "summary": "Hard-working and patient",
        "certificates": [
            _certificate(),
            _certificate(number="OLD-1", scheme="Welder SMAW", status="revoked", units=["Las"]),
        ],
        "ssw_tests": [{"field": "nursing_care"}],
        "experience": [
            {
                "title": "Caregiver",
                "field": "nursing_care",
                "occupation": "elderly_care",
                "years": 3,
                "description": "Bathing residents",
            }
        ],
        "preferred_fields": ["food_beverage_manufacturing"],
        **overrides,
    }
    return WorkerProfile.model_validate(data)


def _vacancy(**overrides: Any) -> Vacancy:
    data: dict[str, Any] = {
        "id": 1,
        "employer_id": 1,
        "external_id": "MYG-0042",
        "title": "介護職員",
        "description": "Care staff for a nursing home in Sendai",
        "ssw_field": "nursing_care",
        "occupation": "elderly_care",
        "requirements": {"certificates": ["Caregiver"]},
        "preferred": {"certificates": ["Kitchen hygiene"]},
        **overrides,
    }
    return Vacancy.model_validate(data)


def test_worker_text_holds_field_and_occupation_labels_in_three_languages() -> None:
    text = worker_text(_worker())
    for label in ("Nursing care", "介護", "Perawatan lansia (kaigo)"):
        assert label in text
    for label in (
        "Food and beverage manufacturing",
        "飲食料品製造業",
        "Manufaktur makanan dan minuman",
    ):
        assert label in text  # preferred field
    for label in ("Elderly caregiver", "介護職員（高齢者介護）", "Perawat lansia"):
        assert label in text


def test_worker_text_holds_certificates_experience_and_summary() -> None:
    text = worker_text(_worker())
    for part in (
        "Caregiver (Perawat Lansia)",
        "Elderly Caregiver",
        "Memberikan bantuan mandi",
        "Bathing residents",
        "Hard-working and patient",
    ):
        assert part in text
    # field labels come before free text
    assert text.index("Nursing care") < text.index("Hard-working")


def test_only_counting_certificates_are_embedded() -> None:
    assert "Welder" not in worker_text(_worker())  # revoked
    assert "Caregiver (Perawat Lansia)" in worker_text(_worker(), on=date(2026, 4, 30))
    assert "Caregiver (Perawat Lansia)" not in worker_text(_worker(), on=date(2026, 5, 1))


def test_texts_are_bounded() -> None:
    long = _worker(summary="word " * 900)
    text = worker_text(long)
    assert len(text) <= MAX_CHARS
    assert text.startswith("Nursing care")
    assert not text.endswith(" ")
    assert len(worker_text(long, max_chars=200)) <= 200
    vacancy = _vacancy(description="kata " * 900)
    assert len(vacancy_text(vacancy)) <= MAX_CHARS


def test_vacancy_text_holds_title_labels_and_certificates() -> None:
    text = vacancy_text(_vacancy())
    assert text.startswith("介護職員")
    for part in (
        "Nursing care",
        "介護",
        "Perawatan lansia (kaigo)",
        "Elderly caregiver",
        "介護職員（高齢者介護）",
        "Perawat lansia",
        "Caregiver",
        "Kitchen hygiene",
        "Care staff for a nursing home in Sendai",
    ):
        assert part in text


def test_empty_profile_gives_short_text() -> None:
    bare = WorkerProfile(external_id="X-1", full_name="A B", birth_date=date(2000, 1, 1))
    assert worker_text(bare) == ""
    assert vacancy_text(_vacancy(occupation=None, description=None)).count("/") == 2


def test_parts_join_into_the_text() -> None:
    worker, vacancy = _worker(), _vacancy()
    assert join_parts(worker_parts(worker)) == worker_text(worker)
    assert join_parts(vacancy_parts(vacancy)) == vacancy_text(vacancy)
    assert worker_parts(worker)[0].startswith("Nursing care")
    assert "Hard-working and patient" in worker_parts(worker)
    assert (
        worker_parts(WorkerProfile(external_id="X", full_name="A B", birth_date=date(2000, 1, 1)))
        == ()
    )


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.text(alphabet="ab .,/", min_size=0, max_size=40), max_size=12),
    max_chars=st.integers(min_value=1, max_value=200),
)
def test_bounded_parts_cut_the_joined_text_like_one_string(
    parts: list[str], max_chars: int
) -> None:
    bounded = _bounded(parts, max_chars)
    kept = [p for p in parts if p]
    joined = join_parts(bounded)
    assert len(joined) <= max(max_chars, 0)
    assert join_parts(kept).startswith(joined)
    # every part but the last is kept whole, in order; the last may be cut short
    assert list(bounded[:-1]) == kept[: max(len(bounded) - 1, 0)]
    if bounded:
        assert kept[len(bounded) - 1].startswith(bounded[-1])
        assert bounded[-1] != ""
