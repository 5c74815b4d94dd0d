"""The engine reads the recognition table: loaded at start (with or without snapshots),
replaced when the change log shows a recognition change, and passed to every eligibility
check (vacancy -> workers, with and without ineligible results; worker -> vacancies)."""

from __future__ import annotations

from typing import Any

import asyncpg

from matcher.engine import MatchingEngine, MatchQuery
from matcher.settings import get_settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.employers import EmployerRepository
from matcher.storage.recognitions import RecognitionRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from models.recognition import Recognition, RecognitionCreate
from tests import factories

SOURCE = "https://www.mofa.go.jp/example/mutual-recognition"
ALL = MatchQuery(include_ineligible=True)


async def _seed(pool: asyncpg.Pool[Any]) -> dict[str, int]:
    """A caregiver with a valid SKM-CG-01 certificate (to 2027-05-01) and no skill test, and
    care vacancies starting 2026-10-01 and 2027-02-01."""
    async with pool.acquire() as conn:
        agency = await AgencyRepository(conn).ensure("AG1")
        worker = await WorkerRepository(conn).create(agency.id, factories.worker(1, ssw_tests=[]))
        employer = await EmployerRepository(conn).create(factories.employer(1))
        assert worker is not None and employer is not None
        vacancies = VacancyRepository(conn)
        ids = {"worker": worker.id}
        for key, n, starts in (("early", 1, "2026-10-01"), ("late", 2, "2027-02-01")):
            profile = factories.vacancy(n, employer=None, employer_id=employer.id, starts_on=starts)
            made = await vacancies.create(employer.id, profile)
            assert made is not None
            ids[key] = made.id
    return ids


async def _recognise(pool: asyncpg.Pool[Any], effective_from: str) -> Recognition:
    entry = RecognitionCreate.model_validate(
        {
            "scheme_code": "SKM-CG-01",
            "category": "care",
            "effective_from": effective_from,
            "source": SOURCE,
        }
    )
    async with pool.acquire() as conn:
        stored = await RecognitionRepository(conn).create(entry)
    assert stored is not None
    return stored


async def _verdict(engine: MatchingEngine, vacancy_id: int, worker_id: int) -> tuple[bool, str]:
    """Whether the worker is eligible for the vacancy, and its reasons (ineligible included)."""
    results = await engine.match_vacancy(vacancy_id, ALL)
    (result,) = [r for r in results if r.subject_id == worker_id]
    return result.eligible, " | ".join(result.reasons)


async def _eligible_sets(engine: MatchingEngine, ids: dict[str, int]) -> tuple[set[int], set[int]]:
    """Vacancies the worker is recommended (eligible only), and vacancies whose eligible-only
    match lists the worker: both paths must agree with the full check."""
    recommended = {
        r.subject_id for r in await engine.recommend_vacancies(ids["worker"], MatchQuery())
    }
    listed = {
        v
        for v in (ids["early"], ids["late"])
        if any(r.subject_id == ids["worker"] for r in await engine.match_vacancy(v, MatchQuery()))
    }
    return recommended, listed


async def test_a_recognition_changes_the_next_query_and_its_removal_too(
    pool: asyncpg.Pool[Any], engine: MatchingEngine
) -> None:
    ids = await _seed(pool)
    eligible, reasons = await _verdict(engine, ids["early"], ids["worker"])
    assert not eligible and SOURCE not in reasons
    assert await _eligible_sets(engine, ids) == (set(), set())

    entry = await _recognise(pool, "2026-01-01")
    eligible, reasons = await _verdict(engine, ids["early"], ids["worker"])
    assert eligible
    assert SOURCE in reasons and "2026-01-01" in reasons
    both = {ids["early"], ids["late"]}
    assert await _eligible_sets(engine, ids) == (both, both)

    async with pool.acquire() as conn:
        assert await RecognitionRepository(conn).delete(entry.id)
    assert not (await _verdict(engine, ids["early"], ids["worker"]))[0]
    assert await _eligible_sets(engine, ids) == (set(), set())
    assert len(engine.state.recognitions) == 0


async def test_an_entry_not_yet_in_force_on_the_start_date_does_not_count(
    pool: asyncpg.Pool[Any], engine: MatchingEngine
) -> None:
    ids = await _seed(pool)
    await _recognise(pool, "2027-01-01")
    early, early_reasons = await _verdict(engine, ids["early"], ids["worker"])
    late, late_reasons = await _verdict(engine, ids["late"], ids["worker"])
    assert not early and SOURCE not in early_reasons
    assert late and SOURCE in late_reasons
    assert await _eligible_sets(engine, ids) == ({ids["late"]}, {ids["late"]})


async def test_a_restart_from_snapshots_loads_the_table(pool: asyncpg.Pool[Any]) -> None:
    ids = await _seed(pool)
    first = await MatchingEngine.start(pool, get_settings())
    assert not (await _verdict(first, ids["early"], ids["worker"]))[0]
    await first.close()  # saves snapshots
    await _recognise(pool, "2026-01-01")  # written while no engine runs

    second = await MatchingEngine.start(pool, get_settings())
    try:
        assert second.loaded_from_snapshot
        assert len(second.state.recognitions) == 1
        assert (await _verdict(second, ids["early"], ids["worker"]))[0]
    finally:
        await second.close()
    third = await MatchingEngine.start(pool, get_settings())  # nothing to replay this time
    try:
        assert third.loaded_from_snapshot and len(third.state.recognitions) == 1
        assert (await _verdict(third, ids["early"], ids["worker"]))[0]
    finally:
        await third.close()
