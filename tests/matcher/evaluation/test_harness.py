"""The harness runs the labelled set through the real engine on a scratch database."""

from __future__ import annotations

from matcher.evaluation import run_evaluation
from matcher.settings import get_settings


async def test_harness_grades_every_task(pg_server_url: str) -> None:
    report = await run_evaluation(pg_server_url, get_settings())
    assert report.model_id == "fake-64"
    assert [t.task.split(" (")[0] for t in report.tasks] == [
        "vacancy -> workers",
        "worker -> vacancies",
        "free text",
        "free text",
        "free text",
        "name, one typo -> worker",
        "name, meaning only",
        "name, without diacritics -> worker",
        "external id, as typed -> worker",
    ]
    for task in report.tasks:
        assert task.queries >= 14
        assert 0.0 <= task.ndcg_at_10 <= 1.0
    # Even the hashing embedder finds same-field candidates from the structured data.
    assert report.tasks[0].ndcg_at_10 > 0.5
    # Hybrid retrieval finds people by name and id whatever the embedder; meaning alone does not.
    lookups = {t.task.split(" -> ")[0].split(" (")[0]: t for t in report.tasks[5:]}
    assert lookups["name, one typo"].p_at_1 >= 0.95
    assert lookups["name, without diacritics"].p_at_1 >= 0.95
    assert lookups["external id, as typed"].p_at_1 >= 0.95
    assert lookups["name, meaning only"].p_at_1 < 0.2
