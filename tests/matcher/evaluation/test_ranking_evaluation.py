"""Ranking tasks of any labelled set, per field, with weight grids on one engine (issue 16)."""

from __future__ import annotations

from matcher.demo import load_labelled
from matcher.evaluation.harness import run_ranking_evaluation
from matcher.ranking import RankingWeights
from matcher.settings import get_settings
from models.vocabulary import ssw_fields


async def test_weight_grid_reports_each_weighting_per_field(pg_server_url: str) -> None:
    labelled = load_labelled()
    settings = get_settings()
    without_lexical = settings.ranking.model_copy(update={"lexical": 0.0})
    reports = await run_ranking_evaluation(
        pg_server_url, settings, labelled, "labelled", weight_grid=[without_lexical]
    )
    assert [r.label for r in reports] == ["labelled, default weights", "labelled, lexical=0"]
    for report in reports:
        assert report.model_id == "fake-64"
        assert [t.task for t in report.tasks] == [
            "vacancy -> workers (ja -> id)",
            "worker -> vacancies (id -> ja)",
            "free text (ja) -> workers",
            "free text (id) -> workers",
            "free text (en) -> workers",
        ]
        vacancies = report.tasks[0]
        assert vacancies.queries == len(labelled.vacancies)
        assert set(vacancies.by_field) <= set(ssw_fields())
        assert sum(f.queries for f in vacancies.by_field.values()) == vacancies.queries
        assert all(0.0 <= f.ndcg_at_10 <= 1.0 for f in vacancies.by_field.values())
    # Same engine, same candidates: only the weights differ, and the lexical signal is what
    # tells a Japanese job sheet from Indonesian profiles when the embedder cannot.
    with_lexical, without = reports
    assert with_lexical.tasks[0].ndcg_at_10 > without.tasks[0].ndcg_at_10
    assert RankingWeights().lexical > 0
