"""The matching engine end to end on a real PostgreSQL, with the deterministic fake embedder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import asyncpg
import numpy as np
import pytest

from matcher.engine import MatchingEngine, MatchQuery, VacancyFilters, WorkerFilters
from matcher.errors import NotFound
from matcher.settings import get_settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.embeddings import EmbeddingRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from models.worker import Worker
from tests import factories


async def _seed(pool: asyncpg.Pool[Any]) -> dict[str, int]:
    """Three caregivers (one eligible, one with an expired certificate, one with N5) and a cook."""
    async with pool.acquire() as conn:
        agency = await AgencyRepository(conn).ensure("AG1")
        other = await AgencyRepository(conn).ensure("AG2")
        cert = factories.worker_data()["certificates"][0]
        workers = WorkerRepository(conn)
        a = await workers.upsert_many(
            agency.id,
            [
                factories.worker(1),
                factories.worker(
                    2, certificates=[{**cert, "number": "X2", "expires_on": "2026-01-01"}]
                ),
                factories.worker(
                    3,
                    japanese=[
                        {"test": "JLPT", "level": "N5"},
                        {"test": "care-japanese", "level": "pass"},
                    ],
                ),
            ],
        )
        b = await workers.upsert_many(
            other.id,
            [
                factories.worker(
                    4,
                    summary="Juru masak restoran Jepang, ramen dan sushi",
                    ssw_tests=[{"field": "food_service"}],
                    experience=[
                        {"title": "Cook", "field": "food_service", "occupation": "cook", "years": 4}
                    ],
                    certificates=[],
                    discoverable=False,
                )
            ],
        )
        employer = await conn.fetchval(
            "INSERT INTO employers (external_id, profile, content_hash, name, prefecture) "
            'VALUES (\'E-7\', \'{"external_id": "E-7", "name": "Sendai Kaigo", "prefecture": "Miyagi"}\', \'x\', \'Sendai Kaigo\', \'Miyagi\') RETURNING id'
        )
        profile = factories.vacancy(1)
        vacancies = VacancyRepository(conn)
        care = await vacancies.create(
            employer, profile.model_copy(update={"employer": None, "employer_id": employer})
        )
        cook_profile = factories.vacancy(
            2,
            title="調理スタッフ（ラーメン店）",
            description="ラーメンの調理と仕込み",
            ssw_field="food_service",
            occupation="cook",
            requirements={"japanese": "N4", "ssw_test": True, "certificates": []},
        )
        cook = await vacancies.create(
            employer, cook_profile.model_copy(update={"employer": None, "employer_id": employer})
        )
    assert care is not None and cook is not None
    ids = {**{k: v for k, v in a.ids.items()}, **{k: v for k, v in b.ids.items()}}
    return {
        "w1": ids["AG1-000001"],
        "w2": ids["AG1-000002"],
        "w3": ids["AG1-000003"],
        "w4": ids["AG1-000004"],
        "care": care.id,
        "cook": cook.id,
        "agency": agency.id,
        "other": other.id,
    }


async def test_vacancy_to_workers_returns_only_eligible_with_explanations(
    pool: asyncpg.Pool[Any],
) -> None:
    ids = await _seed(pool)
    engine = await MatchingEngine.start(pool, get_settings())
    try:
        results = await engine.match_vacancy(ids["care"], MatchQuery(limit=10, lang="en"))
        assert [r.subject_id for r in results] == [ids["w1"]]
        (best,) = results
        assert best.eligible and 0 < best.score <= 1
        assert set(best.components) >= {"semantic", "field", "certificates", "japanese"}
        assert best.reasons and all(isinstance(r, str) and r for r in best.reasons)

        everyone = await engine.match_vacancy(
            ids["care"], MatchQuery(limit=10, include_ineligible=True)
        )
        by_id = {r.subject_id: r for r in everyone}
        assert (
            by_id[ids["w1"]].eligible
            and not by_id[ids["w2"]].eligible
            and not by_id[ids["w3"]].eligible
        )
        assert [r.eligible for r in everyone] == sorted(
            (r.eligible for r in everyone), reverse=True
        )
        assert by_id[ids["w3"]].gaps, "an ineligible worker must say what is missing"
        japanese = await engine.match_vacancy(
            ids["care"], MatchQuery(limit=10, lang="ja", include_ineligible=True)
        )
        assert any("N4" in g for r in japanese for g in r.gaps)
    finally:
        await engine.close()


async def test_writes_are_visible_to_the_next_query(
    pool: asyncpg.Pool[Any], engine: MatchingEngine
) -> None:
    ids = await _seed(pool)
    assert [r.subject_id for r in await engine.match_vacancy(ids["care"], MatchQuery())] == [
        ids["w1"]
    ]

    async with pool.acquire() as conn:
        await WorkerRepository(conn).replace(ids["w3"], factories.worker(3))  # now N4: eligible
    assert {r.subject_id for r in await engine.match_vacancy(ids["care"], MatchQuery())} == {
        ids["w1"],
        ids["w3"],
    }

    async with pool.acquire() as conn:
        await WorkerRepository(conn).delete(ids["w1"])
    assert [r.subject_id for r in await engine.match_vacancy(ids["care"], MatchQuery())] == [
        ids["w3"]
    ]
    assert ids["w1"] not in {
        r.subject_id for r in await engine.search_workers("caregiver", WorkerFilters())
    }


async def test_tenancy_filters(pool: asyncpg.Pool[Any], engine: MatchingEngine) -> None:
    ids = await _seed(pool)
    found = await engine.search_workers(
        "masak", WorkerFilters(discoverable_only=True), MatchQuery(limit=10)
    )
    assert ids["w4"] not in {r.subject_id for r in found}
    own = await engine.search_workers(
        "masak", WorkerFilters(visible_to_agency=ids["other"]), MatchQuery(limit=10)
    )
    assert ids["w4"] in {r.subject_id for r in own}
    only = await engine.search_workers(
        "masak", WorkerFilters(agency_id=ids["agency"]), MatchQuery(limit=10)
    )
    assert {r.subject_id for r in only} == {ids["w1"], ids["w2"], ids["w3"]}
    none = await engine.search_workers("x", WorkerFilters(province="Papua"), MatchQuery(limit=10))
    assert none == []


async def test_worker_to_vacancies_and_vacancy_search(
    pool: asyncpg.Pool[Any], engine: MatchingEngine
) -> None:
    ids = await _seed(pool)
    recommended = await engine.recommend_vacancies(ids["w1"], MatchQuery(limit=5))
    assert [r.subject_id for r in recommended] == [ids["care"]]
    all_of_them = await engine.recommend_vacancies(
        ids["w1"], MatchQuery(limit=5, include_ineligible=True)
    )
    cook = next(r for r in all_of_them if r.subject_id == ids["cook"])
    assert not cook.eligible and cook.gaps
    found = await engine.search_vacancies(
        "ラーメン", VacancyFilters(ssw_field="food_service"), MatchQuery(lang="id")
    )
    assert [r.subject_id for r in found] == [ids["cook"]]
    assert found[0].reasons[0].startswith("Mirip")


async def test_unknown_objects_are_not_found(
    pool: asyncpg.Pool[Any], engine: MatchingEngine
) -> None:
    await _seed(pool)
    with pytest.raises(NotFound):
        await engine.match_vacancy(999_999, MatchQuery())
    with pytest.raises(NotFound):
        await engine.recommend_vacancies(999_999, MatchQuery())


async def test_restart_uses_the_snapshot_and_replays_later_changes(pool: asyncpg.Pool[Any]) -> None:
    ids = await _seed(pool)
    first = await MatchingEngine.start(pool, get_settings())
    before = [r.subject_id for r in await first.match_vacancy(ids["care"], MatchQuery())]
    await first.close()
    async with pool.acquire() as conn:
        await WorkerRepository(conn).replace(ids["w3"], factories.worker(3))

    second = await MatchingEngine.start(pool, get_settings())
    try:
        assert second.loaded_from_snapshot
        assert second.state.encoded == 0 or second.state.encoded == 1
        after = {r.subject_id for r in await second.match_vacancy(ids["care"], MatchQuery())}
        assert before == [ids["w1"]] and after == {ids["w1"], ids["w3"]}
    finally:
        await second.close()


async def test_occupation_profiles_after_a_restart_are_read_from_the_index(
    pool: asyncpg.Pool[Any],
) -> None:
    ids = await _seed(pool)
    query = MatchQuery(include_ineligible=True)
    first = await MatchingEngine.start(pool, get_settings())
    before = {r.subject_id: r.components for r in await first.match_vacancy(ids["care"], query)}
    await first.close()

    second = await MatchingEngine.start(pool, get_settings())
    try:
        assert second.loaded_from_snapshot and second.state.workers.exact_vectors
        assert not second.state.worker_occupations  # a snapshot holds vectors, not profiles
        after = {r.subject_id: r.components for r in await second.match_vacancy(ids["care"], query)}
        assert set(second.state.worker_occupations) == set(before)
        assert second.state.occupations is not None
        async with pool.acquire() as conn:
            found, vectors = await EmbeddingRepository(conn, "worker").load(
                list(before), second.state.embedder.model_id
            )
        from_database = second.state.occupations.profiles(vectors)
        for worker_id, profile in zip(found.tolist(), from_database, strict=True):
            np.testing.assert_allclose(second.state.worker_occupations[worker_id], profile)
        assert after.keys() == before.keys()
        for worker_id, components in before.items():
            assert after[worker_id] == pytest.approx(components)
    finally:
        await second.close()


async def test_changed_index_settings_rebuild_instead_of_loading_the_snapshot(
    pool: asyncpg.Pool[Any],
) -> None:
    ids = await _seed(pool)
    first = await MatchingEngine.start(pool, get_settings())
    await first.close()
    changed = get_settings().model_copy(update={"index_exact_threshold": 1, "index_storage": "sq8"})
    second = await MatchingEngine.start(pool, changed)
    try:
        assert not second.loaded_from_snapshot
        assert second.state.encoded == 0, "stored embeddings are reused, nothing is encoded again"
        assert second.state.workers.config.storage == "sq8"
        assert second.state.workers.kind == "hnsw"
        assert [r.subject_id for r in await second.match_vacancy(ids["care"], MatchQuery())] == [
            ids["w1"]
        ]
    finally:
        await second.close()
    third = await MatchingEngine.start(pool, changed)
    try:
        assert third.loaded_from_snapshot, "a snapshot with the same settings is used"
    finally:
        await third.close()


def _truncate_snapshots(directory: Path) -> None:
    snapshots = list(directory.glob("*.faiss"))
    assert len(snapshots) == 2
    for snapshot in snapshots:
        snapshot.write_bytes(snapshot.read_bytes()[:100])


async def test_corrupt_snapshot_is_rebuilt_from_stored_embeddings(pool: asyncpg.Pool[Any]) -> None:
    ids = await _seed(pool)
    first = await MatchingEngine.start(pool, get_settings())
    await first.close()
    _truncate_snapshots(get_settings().snapshot_dir)

    second = await MatchingEngine.start(pool, get_settings())
    try:
        assert not second.loaded_from_snapshot
        assert second.state.encoded == 0, "stored embeddings are reused, nothing is encoded again"
        assert [r.subject_id for r in await second.match_vacancy(ids["care"], MatchQuery())] == [
            ids["w1"]
        ]
    finally:
        await second.close()


async def test_switching_model_re_encodes_everything_in_the_background(
    pool: asyncpg.Pool[Any],
) -> None:
    ids = await _seed(pool)
    first = await MatchingEngine.start(pool, get_settings())
    await first.close()
    assert first.state.encoded == 6  # 4 workers and 2 vacancies

    switched = get_settings().model_copy(update={"embedder_model": "32"})
    second = await MatchingEngine.start(pool, switched, wait=False)
    try:
        await second.wait_ready()
        stats = second.stats()
        assert stats["model_id"] == "fake-32"
        assert stats["texts_encoded"] == 6
        assert stats["build_done"] == stats["build_total"] == 6
        assert [r.subject_id for r in await second.match_vacancy(ids["care"], MatchQuery())] == [
            ids["w1"]
        ]
        async with pool.acquire() as conn:
            models = {
                r["model_id"]
                for r in await conn.fetch("SELECT DISTINCT model_id FROM worker_embeddings")
            }
        assert models == {"fake-64", "fake-32"}, (
            "the old model's vectors stay, so switching back is free"
        )
    finally:
        await second.close()


async def test_one_usable_snapshot_still_replays_its_later_changes(pool: asyncpg.Pool[Any]) -> None:
    ids = await _seed(pool)
    first = await MatchingEngine.start(pool, get_settings())
    await first.close()
    _truncate_one(get_settings().snapshot_dir, "vacancies-")
    async with pool.acquire() as conn:
        outcome = await WorkerRepository(conn).upsert_many(ids["agency"], [factories.worker(5)])
    newcomer = outcome.ids["AG1-000005"]  # eligible, and absent from the worker snapshot

    second = await MatchingEngine.start(pool, get_settings())
    try:
        found = {r.subject_id for r in await second.match_vacancy(ids["care"], MatchQuery())}
        assert found == {ids["w1"], newcomer}
    finally:
        await second.close()


def _truncate_one(directory: Path, prefix: str) -> None:
    (snapshot,) = [p for p in directory.glob("*.faiss") if p.name.startswith(prefix)]
    snapshot.write_bytes(snapshot.read_bytes()[:100])


@pytest.mark.parametrize("cache_size", [0, 1, 1000])
async def test_results_carry_the_current_profile_whatever_the_cache_size(
    pool: asyncpg.Pool[Any], cache_size: int
) -> None:
    ids = await _seed(pool)
    settings = get_settings().model_copy(update={"worker_cache_size": cache_size})
    engine = await MatchingEngine.start(pool, settings)
    try:
        (first,) = await engine.match_vacancy(ids["care"], MatchQuery())
        assert isinstance(first.subject, Worker)
        assert first.subject.summary != "Sudah pindah ke Osaka."
        async with pool.acquire() as conn:
            await WorkerRepository(conn).replace(
                ids["w1"], factories.worker(1, summary="Sudah pindah ke Osaka.")
            )
        (updated,) = await engine.match_vacancy(ids["care"], MatchQuery())
        assert updated.subject_id == ids["w1"]
        assert isinstance(updated.subject, Worker)
        assert updated.subject.summary == "Sudah pindah ke Osaka."
        assert updated.subject.version == first.subject.version + 1
        (recommended,) = await engine.recommend_vacancies(ids["w1"], MatchQuery())
        assert recommended.subject_id == ids["care"]
        assert len(engine.state.worker_cache) <= cache_size
        stats = engine.stats()
        assert stats["worker_cache_entries"] == len(engine.state.worker_cache)
        hits, misses = int(stats["worker_cache_hits"]), int(stats["worker_cache_misses"])
        assert (hits == 0 and misses > 0) if cache_size == 0 else hits > 0
        async with pool.acquire() as conn:
            await WorkerRepository(conn).delete(ids["w1"])
        assert await engine.match_vacancy(ids["care"], MatchQuery()) == []
        assert ids["w1"] not in engine.state.worker_cache
        with pytest.raises(NotFound):
            await engine.recommend_vacancies(ids["w1"], MatchQuery())
    finally:
        await engine.close()


async def test_recommendations_find_every_eligible_vacancy_beyond_the_first_candidates(
    pool: asyncpg.Pool[Any], engine: MatchingEngine
) -> None:
    """250 caregiver vacancies, of which only the 29 without a welding certificate (SKM-LAS-3G)
    are within the worker's reach: the nearest 200 candidates hold fewer than the 50 wanted, so
    the search must widen to find them all, and never return one of the others."""
    ids = await _seed(pool)
    async with pool.acquire() as conn:
        employer = await conn.fetchval("SELECT id FROM employers WHERE external_id = 'E-7'")
        rows = []
        for n in range(250):
            within_reach = n % 25 == 0 or n < 20
            certificates = ["Caregiver"] if within_reach else ["Caregiver", "SKM-LAS-3G"]
            # The reachable ones share no words with the worker: they are the farthest.
            text = "zqx vortal plinth" if within_reach else factories.worker_data(1)["summary"]
            profile = factories.vacancy(
                1000 + n,
                title="Job",
                description=f"{text} {n}",
                requirements={"japanese": "N4", "ssw_test": True, "certificates": certificates},
            )
            rows.append((employer, profile.model_copy(update={"employer": None})))
        await VacancyRepository(conn).upsert_many(rows)
    everyone = await engine.recommend_vacancies(
        ids["w1"], MatchQuery(limit=200, include_ineligible=True)
    )
    assert len(everyone) == 200 and not all(r.eligible for r in everyone)
    found = await engine.recommend_vacancies(ids["w1"], MatchQuery(limit=50))
    catalogue = engine.state.vacancy_catalogue
    reachable = {
        vid
        for vid, v in catalogue.items()
        if v.external_id.startswith("MYG-1") and "SKM-LAS-3G" not in v.requirements.certificates
    }
    assert len(reachable) == 29
    assert {r.subject_id for r in found} == reachable | {ids["care"]}
    assert all(r.eligible for r in found)
    # limit 10 takes 50 candidates and searches the nearest 200 first: all of them out of
    # reach, so only widening the search finds any.
    top = await engine.recommend_vacancies(ids["w1"], MatchQuery(limit=10))
    assert [r.subject_id for r in top] == [r.subject_id for r in found[:10]]


async def test_scores_from_cached_facts_equal_fresh_ones_and_follow_changes(
    pool: asyncpg.Pool[Any], engine: MatchingEngine
) -> None:
    ids = await _seed(pool)
    query = MatchQuery(limit=10, include_ineligible=True)
    cold = await engine.match_vacancy(ids["care"], query)
    w1 = next(r for r in cold if r.subject_id == ids["w1"])
    assert isinstance(w1.subject, Worker)
    assert engine.state.worker_cache.facts([w1.subject]), "facts are kept after a query"
    assert await engine.match_vacancy(ids["care"], query) == cold  # served from the facts

    assert w1.components["preferred_prefecture"] == 1.0  # prefers Miyagi, the vacancy's
    async with pool.acquire() as conn:
        await WorkerRepository(conn).replace(
            ids["w1"], factories.worker(1, preferred_prefectures=["Osaka"])
        )
    changed = await engine.match_vacancy(ids["care"], query)
    w1_now = next(r for r in changed if r.subject_id == ids["w1"])
    assert w1_now.components["preferred_prefecture"] == 0.0
    assert w1_now.score < w1.score
