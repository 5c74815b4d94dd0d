"""Matching section, in-process: vacancy -> top-20 workers (with and without the eligibility
filter), worker -> vacancies, free-text search; plus the parts of a vacancy query timed alone
(eligibility filter, index search) so the latency can be attributed."""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

import numpy as np

from bench.stats import summarise_latencies
from matcher.engine import MatchingEngine
from matcher.engine.results import MatchQuery, WorkerFilters
from matcher.ranking import start_date

SEARCH_TEXTS = (
    "perawat lansia berpengalaman, JLPT N4",
    "介護福祉の経験がある方",
    "welder with SMAW certificate, willing to work in Miyagi",
    "tukang las bersertifikat BNSP",
    "food service kitchen staff, Japanese conversation",
    "農業 野菜の収穫",
    "operator mesin pabrik makanan",
    "construction scaffolding worker",
)


def sample_vacancies(engine: MatchingEngine, count: int, seed: int) -> list[int]:
    """Open vacancies, a seeded sample (repeats allowed when there are fewer)."""
    ids = sorted(v.id for v in engine.state.vacancy_catalogue.values() if v.status == "open")
    rng = random.Random(seed)
    return [rng.choice(ids) for _ in range(count)] if ids else []


def sample_workers(engine: MatchingEngine, count: int, seed: int) -> list[int]:
    ids = engine.state.workers.ids()
    rng = np.random.default_rng(seed)
    return [int(i) for i in rng.choice(ids, size=count, replace=True)]


async def timed(calls: Sequence[Callable[[], Awaitable[Any]]], warm_up: int = 3) -> list[float]:
    """Run ``calls`` one after another (the first ``warm_up`` untimed); seconds each."""
    for call in calls[:warm_up]:
        await call()
    out = []
    for call in calls:
        began = time.perf_counter()
        await call()
        out.append(time.perf_counter() - began)
    return out


def eligible_sets(engine: MatchingEngine, vacancy_ids: Sequence[int]) -> dict[int, Any]:
    """The eligibility filter of each vacancy, as the engine computes it (sorted ids)."""
    today = date.today()
    out = {}
    for vid in set(vacancy_ids):
        vacancy = engine.state.vacancy_catalogue[vid]
        out[vid] = engine.state.features.eligible_ids(vacancy, start_date(vacancy, today))
    return out


async def bench_matching(engine: MatchingEngine, queries: int, seed: int) -> dict[str, Any]:
    vacancies = sample_vacancies(engine, queries, seed)
    workers = sample_workers(engine, queries, seed)
    top20 = MatchQuery(limit=20)
    everyone = MatchQuery(limit=20, include_ineligible=True)
    filters = WorkerFilters()

    def match(vid: int, query: MatchQuery) -> Callable[[], Awaitable[Any]]:
        return lambda: engine.match_vacancy(vid, query, filters)

    def recommend(wid: int) -> Callable[[], Awaitable[Any]]:
        return lambda: engine.recommend_vacancies(wid, top20)

    def search(text: str) -> Callable[[], Awaitable[Any]]:
        return lambda: engine.search_workers(text, filters, top20)

    eligible = eligible_sets(engine, vacancies)
    sizes = sorted(int(a.shape[0]) for a in eligible.values())
    filter_times = []
    today = date.today()
    for vid in vacancies:
        vacancy = engine.state.vacancy_catalogue[vid]
        began = time.perf_counter()
        engine.state.features.eligible_ids(vacancy, start_date(vacancy, today))
        filter_times.append(time.perf_counter() - began)
    texts = [SEARCH_TEXTS[i % len(SEARCH_TEXTS)] for i in range(max(8, queries // 4))]
    series = {
        "vacancy_to_workers_eligible": await timed([match(v, top20) for v in vacancies]),
        "vacancy_to_workers_unfiltered": await timed([match(v, everyone) for v in vacancies]),
        "worker_to_vacancies": await timed([recommend(w) for w in workers]),
        "free_text_search": await timed([search(t) for t in texts]),
    }
    out: dict[str, Any] = {name: summarise_latencies(s).as_dict() for name, s in series.items()}
    out["eligibility_filter_only"] = summarise_latencies(filter_times).as_dict()
    out["workers_indexed"] = len(engine.state.workers)
    out["vacancies_indexed"] = len(engine.state.vacancies)
    out["worker_index_kind"] = engine.state.workers.kind
    out["eligible_set_size"] = {
        "min": sizes[0] if sizes else 0,
        "median": sizes[len(sizes) // 2] if sizes else 0,
        "max": sizes[-1] if sizes else 0,
    }
    return out
