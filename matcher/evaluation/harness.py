"""Run the labelled set through the product: import into a scratch database, start the engine,
query each entry point, grade the rankings.

Nothing is scored outside the code path users hit: vacancies and workers are imported by the
import pipeline, embedded and indexed by the engine, and ranked by ``MatchingEngine`` with
``include_ineligible=True`` and ``order="score"`` (the labels grade relevance, not
eligibility): ineligible candidates are ranked by the same score, as a user who asks for that
order sees them, so the figures measure relevance and do not move when the eligibility rules
change. Users see eligible candidates first by default.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean

import asyncpg

from matcher.demo import LabelledSet, load_labelled
from matcher.embedding import Embedder
from matcher.engine import MatchingEngine, MatchQuery, WorkerFilters
from matcher.evaluation.metrics import mrr, ndcg_at_k, precision_at_1
from matcher.evaluation.names import run_name_lookups
from matcher.imports import RawRow, import_vacancies, import_workers
from matcher.settings import Settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import connect, create_pool, with_database
from matcher.storage.migrations import migrate

K = 10


@dataclass(frozen=True, slots=True)
class TaskScores:
    """Mean metrics of one task over its queries."""

    task: str
    queries: int
    ndcg_at_10: float
    mrr: float
    p_at_1: float


@dataclass(slots=True)
class EvalReport:
    """All tasks for one embedder."""

    model_id: str
    tasks: list[TaskScores] = field(default_factory=list)
    seconds: float = 0.0


def _scores(task: str, runs: Sequence[tuple[list[int], list[int]]]) -> TaskScores:
    return TaskScores(
        task=task,
        queries=len(runs),
        ndcg_at_10=fmean(ndcg_at_k(ranked, all_grades, K) for ranked, all_grades in runs)
        if runs
        else 0.0,
        mrr=fmean(mrr(ranked) for ranked, _ in runs) if runs else 0.0,
        p_at_1=fmean(precision_at_1(ranked) for ranked, _ in runs) if runs else 0.0,
    )


async def _load(conn: asyncpg.Connection, labelled: LabelledSet) -> None:
    agency = await AgencyRepository(conn).ensure("EVAL", "Evaluation set")
    workers = (
        RawRow(i + 1, data=w.profile.model_dump(mode="json"))
        for i, w in enumerate(labelled.workers)
    )
    report = await import_workers(conn, workers, agency_id=agency.id)
    vacancies = (
        RawRow(i + 1, data=v.vacancy.model_dump(mode="json"))
        for i, v in enumerate(labelled.vacancies)
    )
    vreport = await import_vacancies(conn, vacancies)
    if report.error_count or vreport.error_count:
        raise RuntimeError(
            f"the labelled set did not import cleanly: {report.errors[:3]} {vreport.errors[:3]}"
        )


async def _evaluate(
    engine: MatchingEngine, conn: asyncpg.Connection, labelled: LabelledSet
) -> list[TaskScores]:
    worker_ids = {
        r["external_id"]: r["id"] for r in await conn.fetch("SELECT id, external_id FROM workers")
    }
    vacancy_ids = {
        r["external_id"]: r["id"] for r in await conn.fetch("SELECT id, external_id FROM vacancies")
    }
    worker_by_id = {worker_ids[w.key]: w for w in labelled.workers}
    vacancy_by_id = {vacancy_ids[v.key]: v for v in labelled.vacancies}
    query = MatchQuery(limit=K, include_ineligible=True, order="score")

    runs: list[tuple[list[int], list[int]]] = []
    for vacancy in labelled.vacancies:
        results = await engine.match_vacancy(vacancy_ids[vacancy.key], query)
        ranked = [labelled.relevance(vacancy, worker_by_id[r.subject_id]) for r in results]
        runs.append((ranked, [labelled.relevance(vacancy, w) for w in labelled.workers]))
    tasks = [_scores("vacancy -> workers (ja -> id)", runs)]

    runs = []
    for worker in labelled.workers:
        results = await engine.recommend_vacancies(worker_ids[worker.key], query)
        ranked = [labelled.relevance(worker, vacancy_by_id[r.subject_id]) for r in results]
        runs.append((ranked, [labelled.relevance(worker, v) for v in labelled.vacancies]))
    tasks.append(_scores("worker -> vacancies (id -> ja)", runs))

    for lang in ("ja", "id", "en"):
        runs = []
        for item in labelled.queries_in(lang):
            results = await engine.search_workers(item.query, WorkerFilters(), query)
            ranked = [labelled.relevance(item, worker_by_id[r.subject_id]) for r in results]
            runs.append((ranked, [labelled.relevance(item, w) for w in labelled.workers]))
        tasks.append(_scores(f"free text ({lang}) -> workers", runs))
    # Last: it writes accented names (matcher/evaluation/names.py says why that is harmless).
    lookups = await run_name_lookups(engine, conn, labelled, worker_ids, K)
    tasks.extend(_scores(f"{task} -> worker", task_runs) for task, task_runs in lookups.items())
    return tasks


async def run_evaluation(
    server_url: str, settings: Settings, embedder: Embedder | None = None
) -> EvalReport:
    """Evaluate the engine configured by ``settings`` on a scratch database of ``server_url``."""
    started = time.perf_counter()
    labelled = load_labelled()
    name = f"matcher_eval_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f"CREATE DATABASE {name}")
    await admin.close()
    url = with_database(server_url, name)
    try:
        conn = await connect(url)
        try:
            await migrate(conn)
            await _load(conn, labelled)
            with tempfile.TemporaryDirectory(prefix="matcher-eval-") as scratch:
                scoped = settings.model_copy(update={"data_dir": Path(scratch)})
                pool = await create_pool(url, min_size=1, max_size=2)
                engine = await MatchingEngine.start(pool, scoped, embedder=embedder)
                try:
                    tasks = await _evaluate(engine, conn, labelled)
                finally:
                    await engine.close()
                    await pool.close()
        finally:
            await conn.close()
    finally:
        admin = await asyncpg.connect(server_url)
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()
    return EvalReport(
        model_id=engine.state.embedder.model_id, tasks=tasks, seconds=time.perf_counter() - started
    )
