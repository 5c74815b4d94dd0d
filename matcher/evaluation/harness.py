"""Run the labelled set through the product: import into a scratch database, start the engine,
query each entry point, grade the rankings.

Nothing is scored outside the code path users hit: vacancies and workers are imported by the
import pipeline, embedded and indexed by the engine, and ranked by ``MatchingEngine`` with
``include_ineligible=True`` and ``order="score"`` (the labels grade relevance, not
eligibility): ineligible candidates are ranked by the same score, as a user who asks for that
order sees them, so the figures measure relevance and do not move when the eligibility rules
change. Users see eligible candidates first by default.

Besides the repository's labelled set, any set shaped like it (``RankingSet``: workers,
vacancies and queries with a graded ``relevance``) runs the same ranking tasks
(``run_ranking_evaluation``): the trade set of issue 16 in its development and test splits.
Each task also reports its figures per SSW field. ``weight_grid`` re-ranks with other
``RankingWeights`` on the same engine, so weights are chosen on a development split without
re-importing and re-encoding it for every candidate.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Literal, Protocol

import asyncpg

from matcher.demo import LabelledSet, load_labelled
from matcher.demo.labelled import (
    LabelledItem,
    LabelledQuery,
    LabelledVacancy,
    LabelledWorker,
    QueryLang,
)
from matcher.embedding import Embedder
from matcher.engine import MatchingEngine, MatchQuery, WorkerFilters
from matcher.evaluation.metrics import mrr, ndcg_at_k, precision_at_1
from matcher.evaluation.names import run_name_lookups
from matcher.imports import RawRow, import_vacancies, import_workers
from matcher.ranking import RankingWeights
from matcher.settings import Settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import connect, create_pool, with_database
from matcher.storage.migrations import migrate
from models.vocabulary import occupations, resolve_occupation

K = 10


class RankingSet(Protocol):
    """What the ranking tasks read of a labelled set (``LabelledSet`` is one)."""

    @property
    def vacancies(self) -> tuple[LabelledVacancy, ...]: ...

    @property
    def workers(self) -> tuple[LabelledWorker, ...]: ...

    def queries_in(self, lang: QueryLang) -> tuple[LabelledQuery, ...]: ...

    def relevance(self, a: LabelledItem, b: LabelledItem) -> int: ...


@dataclass(frozen=True, slots=True)
class FieldScores:
    """A task's mean metrics over the queries of one SSW field."""

    queries: int
    ndcg_at_10: float
    p_at_1: float


@dataclass(frozen=True, slots=True)
class TaskScores:
    """Mean metrics of one task over its queries."""

    task: str
    queries: int
    ndcg_at_10: float
    mrr: float
    p_at_1: float
    by_field: dict[str, FieldScores] = field(default_factory=dict)


@dataclass(slots=True)
class EvalReport:
    """All tasks for one embedder (and, for ``run_ranking_evaluation``, one set and weights)."""

    model_id: str
    tasks: list[TaskScores] = field(default_factory=list)
    seconds: float = 0.0
    label: str = ""
    """Which set and weights, when not the labelled set with the configured weights."""


Run = tuple[list[int], list[int]]


def _scores(task: str, runs: Sequence[Run], fields: Sequence[str] = ()) -> TaskScores:
    """Mean metrics of ``runs``; with ``fields`` (the field of each run), per field too."""
    grouped: dict[str, list[Run]] = defaultdict(list)
    for run, field_code in zip(runs, fields, strict=False):
        grouped[field_code].append(run)
    return TaskScores(
        task=task,
        queries=len(runs),
        ndcg_at_10=fmean(ndcg_at_k(ranked, all_grades, K) for ranked, all_grades in runs)
        if runs
        else 0.0,
        mrr=fmean(mrr(ranked) for ranked, _ in runs) if runs else 0.0,
        p_at_1=fmean(precision_at_1(ranked) for ranked, _ in runs) if runs else 0.0,
        by_field={
            code: FieldScores(
                queries=len(group),
                ndcg_at_10=fmean(ndcg_at_k(ranked, grades, K) for ranked, grades in group),
                p_at_1=fmean(precision_at_1(ranked) for ranked, _ in group),
            )
            for code, group in sorted(grouped.items())
        },
    )


def _field_of(item: LabelledItem) -> str:
    return occupations()[resolve_occupation(item.occupation)].field


async def _load(conn: asyncpg.Connection, labelled: RankingSet) -> None:
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


async def _ids(conn: asyncpg.Connection, table: Literal["workers", "vacancies"]) -> dict[str, int]:
    rows = await conn.fetch(f"SELECT id, external_id FROM {table}")
    return {r["external_id"]: r["id"] for r in rows}


async def _ranking_tasks(
    engine: MatchingEngine,
    labelled: RankingSet,
    worker_ids: dict[str, int],
    vacancy_ids: dict[str, int],
) -> list[TaskScores]:
    """The three ranking entry points graded on ``labelled``, overall and per field."""
    worker_by_id = {worker_ids[w.key]: w for w in labelled.workers}
    vacancy_by_id = {vacancy_ids[v.key]: v for v in labelled.vacancies}
    query = MatchQuery(limit=K, include_ineligible=True, order="score")

    runs: list[Run] = []
    for vacancy in labelled.vacancies:
        results = await engine.match_vacancy(vacancy_ids[vacancy.key], query)
        ranked = [labelled.relevance(vacancy, worker_by_id[r.subject_id]) for r in results]
        runs.append((ranked, [labelled.relevance(vacancy, w) for w in labelled.workers]))
    fields = [_field_of(v) for v in labelled.vacancies]
    tasks = [_scores("vacancy -> workers (ja -> id)", runs, fields)]

    runs = []
    for worker in labelled.workers:
        results = await engine.recommend_vacancies(worker_ids[worker.key], query)
        ranked = [labelled.relevance(worker, vacancy_by_id[r.subject_id]) for r in results]
        runs.append((ranked, [labelled.relevance(worker, v) for v in labelled.vacancies]))
    fields = [_field_of(w) for w in labelled.workers]
    tasks.append(_scores("worker -> vacancies (id -> ja)", runs, fields))

    for lang in ("ja", "id", "en"):
        runs = []
        items = labelled.queries_in(lang)
        for item in items:
            results = await engine.search_workers(item.query, WorkerFilters(), query)
            ranked = [labelled.relevance(item, worker_by_id[r.subject_id]) for r in results]
            runs.append((ranked, [labelled.relevance(item, w) for w in labelled.workers]))
        if items:
            fields = [_field_of(q) for q in items]
            tasks.append(_scores(f"free text ({lang}) -> workers", runs, fields))
    return tasks


async def _evaluate(
    engine: MatchingEngine, conn: asyncpg.Connection, labelled: LabelledSet
) -> list[TaskScores]:
    worker_ids = await _ids(conn, "workers")
    vacancy_ids = await _ids(conn, "vacancies")
    tasks = await _ranking_tasks(engine, labelled, worker_ids, vacancy_ids)
    # Last: it writes accented names (matcher/evaluation/names.py says why that is harmless).
    lookups = await run_name_lookups(engine, conn, labelled, worker_ids, K)
    tasks.extend(_scores(f"{task} -> worker", task_runs) for task, task_runs in lookups.items())
    return tasks


async def _on_scratch_engine(
    server_url: str,
    settings: Settings,
    labelled: RankingSet,
    embedder: Embedder | None,
    body: Callable[[MatchingEngine, asyncpg.Connection], Awaitable[list[EvalReport]]],
) -> list[EvalReport]:
    """Import ``labelled`` into a scratch database, start an engine on it and run ``body``."""
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
                    return await body(engine, conn)
                finally:
                    await engine.close()
                    await pool.close()
        finally:
            await conn.close()
    finally:
        admin = await asyncpg.connect(server_url)
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


def _weights_label(weights: RankingWeights) -> str:
    default = RankingWeights()
    changed = [
        f"{name}={getattr(weights, name):g}"
        for name in type(weights).model_fields
        if getattr(weights, name) != getattr(default, name)
    ]
    return ", ".join(changed) or "default weights"


async def run_ranking_evaluation(
    server_url: str,
    settings: Settings,
    labelled: RankingSet,
    set_name: str,
    embedder: Embedder | None = None,
    weight_grid: Sequence[RankingWeights] = (),
) -> list[EvalReport]:
    """The ranking tasks of ``labelled`` (named ``set_name`` in the reports) with the weights
    of ``settings``, then with each of ``weight_grid`` on the same engine (one report each)."""

    async def body(engine: MatchingEngine, conn: asyncpg.Connection) -> list[EvalReport]:
        worker_ids = await _ids(conn, "workers")
        vacancy_ids = await _ids(conn, "vacancies")
        reports = []
        for weights in [settings.ranking, *weight_grid]:
            started = time.perf_counter()
            engine.weights = weights
            tasks = await _ranking_tasks(engine, labelled, worker_ids, vacancy_ids)
            reports.append(
                EvalReport(
                    model_id=engine.state.embedder.model_id,
                    tasks=tasks,
                    seconds=time.perf_counter() - started,
                    label=f"{set_name}, {_weights_label(weights)}",
                )
            )
        return reports

    return await _on_scratch_engine(server_url, settings, labelled, embedder, body)


async def run_evaluation(
    server_url: str, settings: Settings, embedder: Embedder | None = None
) -> EvalReport:
    """Evaluate the engine configured by ``settings`` on a scratch database of ``server_url``."""
    started = time.perf_counter()
    labelled = load_labelled()

    async def body(engine: MatchingEngine, conn: asyncpg.Connection) -> list[EvalReport]:
        tasks = await _evaluate(engine, conn, labelled)
        return [EvalReport(model_id=engine.state.embedder.model_id, tasks=tasks)]

    [report] = await _on_scratch_engine(server_url, settings, labelled, embedder, body)
    report.seconds = time.perf_counter() - started
    return report
