"""The lexical signal (issue 16) through the engine: trades inside one field are told apart.

A formwork vacancy written in Japanese and two Indonesian construction workers who differ only
in their trade (formwork, rebar): same field, same category, same test, same Japanese level. The
deterministic fake embedder sees no shared words between the Japanese and the Indonesian texts,
so what separates the two workers is the taxonomy's vocabulary.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from matcher.engine import MatchingEngine, MatchQuery, WorkerFilters
from matcher.settings import get_settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.employers import EmployerRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from tests import factories


def _construction_worker(n: int, title: str, description: str) -> dict[str, Any]:
    return factories.worker_data(
        n,
        summary=f"{title}, pengalaman 4 thn di proyek gedung bertingkat di Surabaya.",
        certificates=[],
        ssw_tests=[{"field": "construction", "category": "building", "passed_on": "2025-03-01"}],
        experience=[
            {"title": title, "field": "construction", "years": 4, "description": description}
        ],
        preferred_fields=["construction"],
    )


async def _seed(pool: asyncpg.Pool[Any]) -> dict[str, int]:
    async with pool.acquire() as conn:
        agency = await AgencyRepository(conn).ensure("AG1")
        written = await WorkerRepository(conn).upsert_many(
            agency.id,
            [
                factories.worker(
                    **_construction_worker(
                        1, "Tukang bekisting", "memasang dan membongkar bekisting kolom dan balok"
                    )
                ),
                factories.worker(
                    **_construction_worker(
                        2, "Tukang besi beton", "merakit dan mengikat besi tulangan kolom dan balok"
                    )
                ),
            ],
        )
        employer = await EmployerRepository(conn).create(factories.employer())
        assert employer is not None
        profile = factories.vacancy(
            1,
            title="型枠大工",
            description="型枠の組立・解体。経験者優遇。",
            ssw_field="construction",
            category="building",
            occupation=None,
            requirements={"japanese": "N4", "ssw_test": True, "certificates": []},
            preferred={"japanese": None, "certificates": [], "experience_years": None},
        )
        vacancy = await VacancyRepository(conn).create(
            employer.id, profile.model_copy(update={"employer": None, "employer_id": employer.id})
        )
        assert vacancy is not None
    return {
        "formwork": written.ids["AG1-000001"],
        "rebar": written.ids["AG1-000002"],
        "vacancy": vacancy.id,
    }


async def test_formwork_vacancy_ranks_the_formwork_profile_above_the_rebar_one(
    pool: asyncpg.Pool[Any],
) -> None:
    ids = await _seed(pool)
    engine = await MatchingEngine.start(pool, get_settings())
    try:
        results = await engine.match_vacancy(ids["vacancy"], MatchQuery(limit=10, lang="en"))
        assert [r.subject_id for r in results] == [ids["formwork"], ids["rebar"]]
        formwork, rebar = results
        assert formwork.eligible and rebar.eligible
        assert formwork.components["lexical"] > 0.4
        # Twice, not more: concrete (beton) is a word of both trades' duties, so the rebar
        # worker's text is some evidence of formwork work too.
        assert formwork.components["lexical"] > 2 * rebar.components["lexical"]
        assert formwork.components["occupation"] > rebar.components["occupation"]
        # the components that do not read the texts are the same for both
        for name in ("field", "japanese", "experience", "certificates", "preferred_field"):
            assert formwork.components[name] == rebar.components[name], name
        assert any("↔" in reason and "bekisting" in reason for reason in formwork.reasons)

        japanese = await engine.match_vacancy(ids["vacancy"], MatchQuery(limit=10, lang="ja"))
        assert any(r.startswith("職種の用語が一致") for r in japanese[0].reasons)
    finally:
        await engine.close()


async def test_japanese_free_text_search_goes_through_the_same_signal(
    pool: asyncpg.Pool[Any],
) -> None:
    ids = await _seed(pool)
    engine = await MatchingEngine.start(pool, get_settings())
    try:
        results = await engine.search_workers(
            "鉄筋工募集。経験者優遇。", WorkerFilters(), MatchQuery(limit=10, lang="id")
        )
        assert [r.subject_id for r in results] == [ids["rebar"], ids["formwork"]]
        assert results[0].components["lexical"] > results[1].components["lexical"]
        assert any(r.startswith("Istilah keahlian cocok") for r in results[0].reasons)
    finally:
        await engine.close()


async def test_a_query_naming_a_trade_reaches_workers_the_embedding_missed(
    pool: asyncpg.Pool[Any],
) -> None:
    """Hybrid retrieval: sixty cooks whose profiles share the query's job-ad words are nearer
    to it for the embedder than the one rebar worker; the trade the query names still brings
    the rebar worker in, and first, and only while the lexical signal is on."""
    ids = await _seed(pool)
    async with pool.acquire() as conn:
        agency = await AgencyRepository(conn).ensure("AG2")
        cooks = [
            factories.worker(
                100 + i,
                summary=f"募集。経験者優遇。寮完備。 Juru masak {i} tahun di restoran ramen",
                certificates=[],
                ssw_tests=[{"field": "food_service"}],
                experience=[{"title": "Cook", "field": "food_service", "years": 2}],
                preferred_fields=["food_service"],
            )
            for i in range(60)
        ]
        await WorkerRepository(conn).upsert_many(agency.id, cooks)
    engine = await MatchingEngine.start(pool, get_settings())
    try:
        text = "鉄筋工募集。経験者優遇。"
        query = MatchQuery(limit=5)
        found = await engine.search_workers(text, WorkerFilters(), query)
        assert found[0].subject_id == ids["rebar"]

        engine.weights = engine.weights.model_copy(update={"lexical": 0.0})
        without = await engine.search_workers(text, WorkerFilters(), query)
        assert ids["rebar"] not in {r.subject_id for r in without}
    finally:
        await engine.close()
