from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.ranking.explain import rank_one
from matcher.ranking.scoring import (
    COMPONENTS,
    RankingWeights,
    ScoringFacts,
    VacancyTerms,
    components_of,
    score,
    score_components,
)
from models.common import LANGS, Lang
from models.vacancy import Vacancy
from models.worker import WorkerProfile

from .factories import START, make_certificate, make_vacancy, make_worker
from .strategies import start_dates, vacancies, workers


def test_rank_one_carries_score_components_reasons_and_checks() -> None:
    worker, vacancy = make_worker(), make_vacancy()
    result = rank_one(worker, vacancy, 0.6, START)
    assert result.eligible
    assert set(result.components) == set(COMPONENTS)
    assert result.score == pytest.approx(score(worker, vacancy, 0.6, START))
    assert "Passed the SSW skill test for Nursing care (physical care etc.)" in result.reasons
    assert "Experience as Elderly caregiver" in result.reasons
    assert all(check.status == "met" for check in result.checks)
    assert len(result.reasons) == len(set(result.reasons))
    # N4 held, N3 preferred: a soft gap, not a failed requirement
    assert result.gaps == ["below the preferred Japanese level JLPT N3"]


def test_gaps_list_every_unmet_requirement() -> None:
    worker = make_worker(
        japanese=[{"test": "JLPT", "level": "N5"}],
        certificates=[make_certificate(status="revoked")],
        available_from=None,
    )
    result = rank_one(worker, make_vacancy(), 0.6, START)
    assert not result.eligible
    assert "needs JLPT N4 or JFT-Basic A2 (has N5)" in result.gaps
    assert "needs the Nursing Care Japanese Language Evaluation Test" in result.gaps
    assert any("Caregiver" in gap and "2025-10-01" in gap for gap in result.gaps)
    assert "availability date unknown (starts 2025-10-01)" in result.gaps
    assert "Japanese: JLPT N5" not in result.reasons  # below the requirement: a gap only
    statuses = {check.requirement: check.status for check in result.checks}
    assert statuses["availability"] == "unknown"
    assert statuses["japanese"] == "not_met"


@pytest.mark.parametrize("lang", LANGS)
def test_explanations_render_in_each_language(lang: Lang) -> None:
    worker = make_worker(japanese=[{"test": "JLPT", "level": "N5"}])
    result = rank_one(worker, make_vacancy(), 0.6, START, lang=lang)
    assert result.reasons
    assert result.gaps
    assert [m.render(lang) for m in result.gap_messages] == result.gaps
    expected = {"en": "has N5", "ja": "現在 N5", "id": "saat ini N5"}[lang]
    assert any(expected in gap for gap in result.gaps)


def test_preferred_certificate_missing_is_a_soft_gap() -> None:
    vacancy = make_vacancy(preferred={"certificates": ["Welder", "CAREGIVER"]})
    result = rank_one(make_worker(), vacancy, 0.0, START)
    assert "lacks the preferred certificate: Welder" in result.gaps
    assert not any("CAREGIVER" in gap for gap in result.gaps)
    assert result.eligible


def test_custom_weights_change_the_score() -> None:
    zero = {name: 0.0 for name in COMPONENTS}
    weights = RankingWeights(**{**zero, "availability": 1.0})
    result = rank_one(make_worker(available_from=None), make_vacancy(), 1.0, START, weights)
    assert result.score == 0.0


@settings(max_examples=150, deadline=None)
@given(workers(), vacancies(), start_dates, st.floats(-1, 1), st.none() | st.floats(0, 1))
def test_precomputed_components_explain_as_computed_ones(
    worker: WorkerProfile, vacancy: Vacancy, on: date, cosine: float, inferred: float | None
) -> None:
    # The engine scores every candidate from cached facts, then explains the best with those
    # components: the explanation must be the one rank_one computes on its own.
    components = components_of(
        ScoringFacts.of(worker), VacancyTerms.of(vacancy), cosine, on, inferred
    )
    assert components == score_components(worker, vacancy, cosine, on, inferred)
    given_ = rank_one(
        worker, vacancy, cosine, on, inferred_occupation=inferred, components=components
    )
    assert given_ == rank_one(worker, vacancy, cosine, on, inferred_occupation=inferred)
