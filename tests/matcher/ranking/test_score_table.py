"""The batched score (``score_pairs``, ``score_queries``) is the per-candidate score: same
components, same totals, whatever the batch, so the engine can score candidates as one table."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.ranking.scoring import (
    COMPONENTS,
    QUERY_COMPONENTS,
    RankingWeights,
    ScoringFacts,
    VacancyTerms,
    combine,
    components_of,
    score_pairs,
    score_queries,
    semantic_component,
)
from models.vacancy import Vacancy
from models.worker import WorkerProfile

from .strategies import start_dates, vacancies, workers

weight_values = st.just(0.0) | st.floats(1e-6, 1)  # no subnormal weights
weight_sets = st.fixed_dictionaries({name: weight_values for name in COMPONENTS}).filter(
    lambda w: sum(w.values()) > 0
)
cosines = st.floats(-1, 1) | st.just(math.nan)
probabilities = st.none() | st.floats(0, 1)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(workers(), vacancies(), start_dates, cosines, probabilities),
        min_size=1,
        max_size=6,
    ),
    weight_sets,
)
def test_score_pairs_equals_the_per_candidate_score(
    rows: list[tuple[WorkerProfile, Vacancy, date, float, float | None]],
    weights: dict[str, float],
) -> None:
    chosen = RankingWeights(**weights)
    pairs = [(ScoringFacts.of(w), VacancyTerms.of(v), on) for w, v, on, _, _ in rows]
    table = score_pairs(
        pairs,
        [cos for *_, cos, _ in rows],
        [math.nan if p is None else p for *_, p in rows],
        chosen,
    )
    assert table.names == COMPONENTS
    for i, (facts, terms, on) in enumerate(pairs):
        expected = components_of(facts, terms, rows[i][3], on, rows[i][4])
        assert table.components(i) == expected
        assert math.isclose(float(table.totals[i]), combine(expected, chosen), abs_tol=1e-12)
    # A pair's score does not depend on which other candidates share its batch.
    alone = score_pairs(
        pairs[-1:], [rows[-1][3]], [math.nan if rows[-1][4] is None else rows[-1][4]], chosen
    )
    assert math.isclose(float(alone.totals[0]), float(table.totals[-1]), abs_tol=1e-12)


def _query_score(cosine: float, same: float | None, lexical: float, w: RankingWeights) -> float:
    """The free-text score as the engine defined it before the one table: the weighted mean
    of semantic, lexical and (when inferred) occupation, the plain mean when they weigh 0."""
    parts = [(w.semantic, semantic_component(cosine)), (w.lexical, lexical)]
    if same is not None:
        parts.append((w.occupation, same))
    total = sum(weight for weight, _ in parts)
    if total <= 0:
        return sum(value for _, value in parts) / len(parts)
    return sum(weight * value for weight, value in parts) / total


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(cosines, probabilities, st.floats(0, 1)), min_size=1, max_size=8),
    weight_sets,
)
def test_score_queries_is_the_free_text_score(
    rows: list[tuple[float, float | None, float]], weights: dict[str, float]
) -> None:
    chosen = RankingWeights(**weights)
    table = score_queries(
        [c for c, _, _ in rows],
        [math.nan if p is None else p for _, p, _ in rows],
        [lexical for *_, lexical in rows],
        chosen,
    )
    assert table.names == QUERY_COMPONENTS
    for i, (cosine, same, lexical) in enumerate(rows):
        components = table.components(i)
        assert components["semantic"] == semantic_component(cosine)
        assert components["lexical"] == lexical
        assert ("occupation" in components) == (same is not None)
        assert math.isclose(
            float(table.totals[i]), _query_score(cosine, same, lexical, chosen), abs_tol=1e-12
        )
        assert 0.0 <= float(table.totals[i]) <= 1.0


def test_an_absent_component_is_not_a_zero() -> None:
    """A query whose occupation cannot be inferred is scored on meaning alone, not penalised
    as if it had earned 0 for occupation."""
    only_meaning = RankingWeights(lexical=0)
    table = score_queries([0.8, 0.8], [math.nan, 0.0], [0.0, 0.0], only_meaning)
    assert math.isclose(float(table.totals[0]), 0.8)
    assert float(table.totals[1]) < 0.8
    assert np.isnan(table.matrix[0, 1])
