from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from matcher.ranking.eligibility import check_eligibility, japanese_rank
from matcher.ranking.scoring import (
    COMPONENTS,
    RankingWeights,
    combine,
    score,
    score_components,
    semantic_component,
)
from models.japanese import level_rank
from models.vacancy import Vacancy
from models.worker import Certificate, WorkerProfile

from .factories import START, make_certificate, make_vacancy, make_worker, replace
from .strategies import REQUIRED_NAMES, start_dates, vacancies, workers

cosines = st.floats(min_value=-1, max_value=1)


def test_default_weights_sum_to_one_and_cover_every_component() -> None:
    weights = RankingWeights().normalised()
    assert set(weights) == set(COMPONENTS)
    assert math.isclose(sum(weights.values()), 1.0)


def test_weights_are_normalised() -> None:
    weights = RankingWeights(**{name: 2.0 for name in COMPONENTS}).normalised()
    assert all(math.isclose(w, 1 / len(COMPONENTS)) for w in weights.values())


@pytest.mark.parametrize(
    "bad",
    [{"semantic": -0.1}, {"unknown": 1.0}, {name: 0.0 for name in COMPONENTS}, {"field": math.inf}],
)
def test_invalid_weights_are_rejected(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        RankingWeights(**bad)


@pytest.mark.parametrize(
    ("cosine", "expected"),
    [(-1.0, 0.0), (-0.2, 0.0), (0.0, 0.0), (0.35, 0.35), (1.0, 1.0), (math.nan, 0.0)],
)
def test_semantic_mapping(cosine: float, expected: float) -> None:
    assert semantic_component(cosine) == expected


def test_only_semantic_weight_gives_the_mapped_cosine() -> None:
    zero = {name: 0.0 for name in COMPONENTS}
    weights = RankingWeights(**{**zero, "semantic": 1.0})
    assert score(make_worker(), make_vacancy(), 0.4, START, weights) == pytest.approx(0.4)


def test_strong_worker_has_full_components() -> None:
    worker = make_worker(
        japanese=[{"test": "JLPT", "level": "N3"}, {"test": "care-japanese", "level": "pass"}],
        certificates=[make_certificate(kkni_level=3)],
    )
    components = score_components(worker, make_vacancy(), 1.0, START)
    # BM25 saturates: a profile full of the trade's words comes close to 1, never to it.
    assert components.pop("lexical") > 0.9
    assert components == {name: 1.0 for name in COMPONENTS if name != "lexical"}
    assert score(worker, make_vacancy(), 1.0, START) > 0.95


def test_empty_profile_earns_nothing_but_semantic() -> None:
    worker = make_worker(
        japanese=[],
        certificates=[],
        ssw_tests=[],
        experience=[],
        preferred_fields=[],
        preferred_prefectures=[],
        available_from=None,
        summary=None,
    )
    components = score_components(worker, make_vacancy(), 0.5, START)
    assert components.pop("semantic") == 0.5
    assert set(components.values()) == {0.0}


def test_partial_components() -> None:
    worker = make_worker(
        japanese=[{"test": "JLPT", "level": "N4"}],  # target N3 (preferred)
        ssw_tests=[],
        experience=[{"title": "Helper", "field": "nursing_care", "years": 1}],  # preferred 2
        summary="Worked as an Elderly caregiver",
        available_from=START + timedelta(days=90),
    )
    components = score_components(worker, make_vacancy(), 0.0, START)
    assert components["field"] == pytest.approx(0.4)  # experience without a test
    assert components["japanese"] == pytest.approx(0.8 * 2 / 3)  # no care-Japanese test
    assert components["experience"] == pytest.approx(0.5)
    assert components["occupation"] == 0.5  # mentioned, not an occupation code
    assert components["availability"] == pytest.approx(0.5)
    assert components["kkni"] == pytest.approx(2 / 3)


def test_certificates_component_counts_required_and_preferred_names() -> None:
    vacancy = make_vacancy(preferred={"certificates": ["Welder", "caregiver"]})
    components = score_components(make_worker(), vacancy, 0.0, START)
    assert components["certificates"] == pytest.approx(1 / 2)  # Caregiver held, Welder not
    expired = make_worker(certificates=[make_certificate(status="expired")])
    assert score_components(expired, vacancy, 0.0, START)["certificates"] == 0.0


def test_prefecture_match_is_case_insensitive() -> None:
    worker = make_worker(preferred_prefectures=["MIYAGI"])
    assert score_components(worker, make_vacancy(), 0.0, START)["preferred_prefecture"] == 1.0
    no_prefecture = make_vacancy(prefecture=None)
    assert score_components(worker, no_prefecture, 0.0, START)["preferred_prefecture"] == 0.0


@pytest.mark.parametrize("written", ["宮城県", "宮城", "Miyagi-ken", "ｍｉｙａｇｉ"])
def test_a_prefecture_matches_however_it_is_written(written: str) -> None:
    """A Japanese sheet writes 宮城県 where the agency wrote Miyagi: the same prefecture."""
    worker = make_worker(preferred_prefectures=["Miyagi"])
    vacancy = make_vacancy(prefecture=written)
    assert score_components(worker, vacancy, 0.0, START)["preferred_prefecture"] == 1.0
    elsewhere = make_vacancy(prefecture="宮崎県")  # Miyazaki, one character away
    assert score_components(worker, elsewhere, 0.0, START)["preferred_prefecture"] == 0.0


@settings(max_examples=100, deadline=None)
@given(worker=workers(), vacancy=vacancies(), on=start_dates, cosine=cosines)
def test_components_and_score_lie_in_unit_interval(
    worker: WorkerProfile, vacancy: Vacancy, on: date, cosine: float
) -> None:
    components = score_components(worker, vacancy, cosine, on)
    assert set(components) == set(COMPONENTS)
    assert all(0.0 <= value <= 1.0 for value in components.values())
    assert 0.0 <= combine(components, RankingWeights()) <= 1.0


# --- metamorphic properties -----------------------------------------------------------------


def _assert_not_worse(
    before: WorkerProfile, after: WorkerProfile, vacancy: Vacancy, on: date, cosine: float
) -> None:
    old = score_components(before, vacancy, cosine, on)
    new = score_components(after, vacancy, cosine, on)
    assert all(new[name] >= old[name] for name in COMPONENTS), (old, new)
    weights = RankingWeights()
    assert combine(new, weights) >= combine(old, weights)
    if check_eligibility(before, vacancy, on).eligible:
        assert check_eligibility(after, vacancy, on).eligible


def _valid_certificate(name: str, on: date, kkni: int | None) -> Certificate:
    return make_certificate(
        number="ADDED-1",
        scheme=name,
        scheme_code=None,
        qualification_id=None,
        qualification_en=None,
        kkni_level=kkni,
        issued_on=on - timedelta(days=10),
        expires_on=on + timedelta(days=10),
    )


@settings(max_examples=100, deadline=None)
@given(
    worker=workers(),
    vacancy=vacancies(),
    on=start_dates,
    cosine=cosines,
    name=st.sampled_from(REQUIRED_NAMES),
    kkni=st.one_of(st.none(), st.integers(1, 9)),
)
def test_adding_a_relevant_valid_certificate_never_hurts(
    worker: WorkerProfile,
    vacancy: Vacancy,
    on: date,
    cosine: float,
    name: str,
    kkni: int | None,
) -> None:
    added = replace(worker, certificates=[*worker.certificates, _valid_certificate(name, on, kkni)])
    _assert_not_worse(worker, added, vacancy, on, cosine)


@settings(max_examples=100, deadline=None)
@given(
    worker=workers(),
    vacancy=vacancies(),
    on=start_dates,
    cosine=cosines,
    level=st.sampled_from(["N5", "N4", "N3", "N2", "N1"]),
)
def test_raising_the_japanese_level_never_hurts(
    worker: WorkerProfile, vacancy: Vacancy, on: date, cosine: float, level: str
) -> None:
    if level_rank(level) <= japanese_rank(worker):
        level = "N1"
    raised = replace(worker, japanese=[*worker.japanese, {"test": "JLPT", "level": level}])
    assert japanese_rank(raised) > japanese_rank(worker) or japanese_rank(worker) == 5
    _assert_not_worse(worker, raised, vacancy, on, cosine)


@settings(max_examples=100, deadline=None)
@given(
    worker=workers(),
    vacancy=vacancies(),
    on=start_dates,
    cosine=cosines,
    years=st.sampled_from([0.5, 1, 4]),
    occupation=st.sampled_from([None, "elderly_care", "formwork"]),
)
def test_adding_experience_in_the_field_never_hurts(
    worker: WorkerProfile,
    vacancy: Vacancy,
    on: date,
    cosine: float,
    years: float,
    occupation: str | None,
) -> None:
    entry = {"title": "Staff", "field": vacancy.ssw_field, "occupation": occupation, "years": years}
    added = replace(worker, experience=[*worker.experience, entry])
    _assert_not_worse(worker, added, vacancy, on, cosine)


_LIST_ATTRIBUTES = (
    "japanese",
    "certificates",
    "ssw_tests",
    "intern_training",
    "experience",
    "preferred_fields",
    "preferred_prefectures",
)
_OPTIONAL_ATTRIBUTES = ("available_from", "summary", "province")


@settings(max_examples=150, deadline=None)
@given(
    worker=workers(),
    vacancy=vacancies(),
    on=start_dates,
    cosine=cosines,
    attribute=st.sampled_from(_LIST_ATTRIBUTES + _OPTIONAL_ATTRIBUTES),
    index=st.integers(0, 5),
)
def test_removing_any_data_never_raises_the_score_or_grants_eligibility(
    worker: WorkerProfile,
    vacancy: Vacancy,
    on: date,
    cosine: float,
    attribute: str,
    index: int,
) -> None:
    value = getattr(worker, attribute)
    if attribute in _LIST_ATTRIBUTES:
        if not value:
            return
        value = list(value)
        del value[index % len(value)]
        reduced = replace(worker, **{attribute: value})
    else:
        reduced = replace(worker, **{attribute: None})
    # the reduced profile is the "before" of adding the removed piece back
    _assert_not_worse(reduced, worker, vacancy, on, cosine)
