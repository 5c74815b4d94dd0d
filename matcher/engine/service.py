"""The matching engine: the three entry points of DOMAIN.md, explained, over a live index.

* vacancy -> workers (``match_vacancy``), worker -> vacancies (``recommend_vacancies``),
  free text in any language -> workers or vacancies (``search_workers``, ``search_vacancies``).
* Hard requirements and user filters select the allowed ids first; FAISS ranks only those
  (never top-K then filter, which silently loses eligible candidates). The index returns the
  semantically closest allowed candidates, over-fetched, and the full weighted score re-ranks
  them with reasons and gaps.
* Every query first applies the change log, so a write is visible to the next query, whoever
  made it (API, CLI import, another process).
* Encoding and index searches run in worker threads; the event loop never blocks on them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Mapping, Sequence
from datetime import date
from functools import reduce
from typing import Any

import anyio
import asyncpg
import numpy as np
import numpy.typing as npt

from matcher.embedding import Embedder, configure_threads, encode_async, load_embedder
from matcher.engine.gaps import GapGroup, near_misses
from matcher.engine.occupations import OccupationInference
from matcher.engine.ranker import PairCandidate, TextCandidate, rank_pairs, rank_texts
from matcher.engine.results import (
    MatchQuery,
    MatchResult,
    VacancyFilters,
    WorkerFilters,
)
from matcher.engine.snapshots import load_snapshot, save_snapshot, snapshot_path
from matcher.engine.sync import (
    SearchState,
    apply_vacancy_changes,
    apply_worker_changes,
    load_everything,
    load_recognitions,
)
from matcher.engine.worker_cache import WorkerCache
from matcher.errors import MatcherError, NotFound
from matcher.index import Hit, IndexConfig, SnapshotUnusable, VectorIndex
from matcher.ranking import (
    RankingWeights,
    VacancyRequirementTable,
    check_eligibility,
    start_date,
)
from matcher.ranking.recognitions import RecognitionTable
from matcher.ranking.scoring import ScoringFacts, VacancyTerms
from matcher.settings import Settings
from matcher.storage.embeddings import (
    ChangeCursor,
    ChangeLogRepository,
    EmbeddingRepository,
    Entity,
)
from matcher.storage.search import NameMatch
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from models.vacancy import Vacancy
from models.worker import Worker

log = logging.getLogger(__name__)

IdArray = npt.NDArray[np.int64]
# Candidates taken from the index before the full score re-ranks them: enough for occupation,
# field and qualifications to reorder the semantically closest, few enough that fetching and
# scoring them stays cheap (measured at 100k workers: fetch + score is most of a query's time).
OVERFETCH = 3
MIN_CANDIDATES = 50
MAX_CANDIDATES = 300


# A start that loaded this many objects freezes the heap afterwards (see ``_freeze_heap``).
FREEZE_HEAP_AFTER = 10_000


def _freeze_heap() -> None:
    """Move every object alive after the build out of the cyclic collector's sight.

    Why: the build leaves hundreds of thousands of long-lived objects (cached workers, the
    vacancy catalogue, occupation profiles); each full collection rescans them all, a 120 ms
    pause at 100k workers that landed in the p99 of queries (measured, ``bench/findings.md``).
    Frozen objects are still freed by reference counting when dropped; only cycles among them
    are never collected, which the engine's own data does not form.
    """
    gc.collect()
    gc.freeze()


class EngineNotReady(MatcherError):
    """The index is still being built (first start or a model switch)."""

    code = "engine-not-ready"
    status = 503


def _today() -> date:
    return date.today()


def _intersect(arrays: Sequence[IdArray]) -> IdArray | None:
    if not arrays:
        return None
    return reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True), arrays)


class MatchingEngine:
    """Holds the embedder, both indexes and the eligibility table; answers ranked queries."""

    def __init__(self, pool: asyncpg.Pool[Any], settings: Settings, state: SearchState) -> None:
        self.pool = pool
        self.settings = settings
        self.state = state
        self.weights: RankingWeights = settings.ranking
        self.cursor = ChangeCursor()
        self._refresh_lock = asyncio.Lock()
        self._ready = asyncio.Event()
        self._build_error: BaseException | None = None
        self._build_task: asyncio.Task[None] | None = None
        self._warm_task: asyncio.Task[None] | None = None
        self._changes_since_snapshot = 0
        self.progress_done = 0
        self.progress_total = 0
        self.loaded_from_snapshot = False
        self._requirements: tuple[int, VacancyRequirementTable] | None = None

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    async def start(
        cls,
        pool: asyncpg.Pool[Any],
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        wait: bool = True,
    ) -> MatchingEngine:
        """Load the embedder and the indexes (from snapshots when usable, else from the database).

        With ``wait=False`` the build runs in the background: queries wait for it, and
        ``stats()`` shows its progress (a model switch re-encodes everything this way).
        A model that cannot be loaded raises at once; there is no fallback model.
        """
        configure_threads(settings.threads)
        if embedder is None:
            embedder = await anyio.to_thread.run_sync(
                load_embedder, settings.embedder, settings.embedder_model, settings.threads
            )
        config = IndexConfig(
            exact_threshold=settings.index_exact_threshold, storage=settings.index_storage
        )
        state = SearchState(
            embedder=embedder,
            workers=VectorIndex(embedder.dim, embedder.model_id, config),
            vacancies=VectorIndex(embedder.dim, embedder.model_id, config),
            worker_cache=WorkerCache(settings.worker_cache_size),
        )
        state.occupations = await anyio.to_thread.run_sync(OccupationInference, embedder)
        engine = cls(pool, settings, state)
        engine._build_task = asyncio.create_task(engine._build())
        if wait:
            await engine.wait_ready()
        return engine

    async def _build(self) -> None:
        try:
            await self._build_inner()
            if self.progress_total >= FREEZE_HEAP_AFTER:
                _freeze_heap()
            self._ready.set()
        except BaseException as exc:
            self._build_error = exc
            self._ready.set()
            if not isinstance(exc, asyncio.CancelledError):
                log.exception("building the search state failed")
            raise

    async def _build_inner(self) -> None:
        model_id = self.state.embedder.model_id
        directory = self.settings.snapshot_dir
        cursors: list[ChangeCursor] = []
        index_workers = index_vacancies = True
        for entity in ("worker", "vacancy"):
            path = snapshot_path(directory, entity, model_id)
            try:
                index, cursor = await anyio.to_thread.run_sync(
                    load_snapshot, path, model_id, self.state.index_of(entity).config
                )
            except SnapshotUnusable as exc:
                log.info(
                    "no usable %s snapshot (%s); rebuilding from the database", entity, exc.reason
                )
                continue
            if entity == "worker":
                self.state.workers, index_workers = index, False
            else:
                self.state.vacancies, index_vacancies = index, False
            cursors.append(cursor)
        async with self.pool.acquire() as conn:
            now = await ChangeLogRepository(conn).cursor_now()
            # Replay from the oldest position any loaded snapshot is consistent with; an index
            # rebuilt here needs no replay (everything written before "now" is read below), and
            # replaying what it already has is harmless.
            start = (
                ChangeCursor(min(c.seq for c in cursors), min(c.xmin for c in cursors))
                if cursors
                else now
            )
            self.loaded_from_snapshot = len(cursors) == 2
            self.progress_total = (
                await WorkerRepository(conn).count() + await VacancyRepository(conn).count()
            )
            await load_everything(
                conn,
                self.state,
                index_workers=index_workers,
                index_vacancies=index_vacancies,
                on_progress=self._advance,
            )
        self.cursor = start
        await self._apply_changes()
        if index_workers or index_vacancies:
            await self.save_snapshots()
        else:
            # Vectors came from the snapshots, so occupation profiles were not computed on the way
            # in; fill them in the background (queries load missing ones on demand meanwhile).
            self._warm_task = asyncio.create_task(self._warm_occupation_profiles())

    async def _warm_occupation_profiles(self) -> None:
        model_id = self.state.embedder.model_id
        try:
            async with self.pool.acquire() as conn:
                for entity in ("worker", "vacancy"):
                    async for ids, vectors in EmbeddingRepository(conn, entity).iter_all(
                        model_id, 5000
                    ):
                        profiles = await anyio.to_thread.run_sync(self._profiles_of, vectors)
                        cache = self.state.occupation_cache(entity)
                        for object_id, profile in zip(ids.tolist(), profiles, strict=True):
                            cache.setdefault(object_id, profile)
        except Exception:  # a failed warm-up only costs speed: profiles still load on demand
            log.exception("warming occupation profiles failed")

    def _profiles_of(self, vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        assert self.state.occupations is not None
        return self.state.occupations.profiles(vectors)

    def _advance(self, count: int) -> None:
        self.progress_done += count

    async def wait_ready(self, *, block: bool = True) -> None:
        """Wait for the initial build (or, with ``block=False``, fail at once if it is running).

        Re-raises the build's failure as ``EngineNotReady``.
        """
        if not self._ready.is_set():
            if not block:
                raise EngineNotReady(self._progress_text())
            await self._ready.wait()
        if self._build_error is not None:
            raise EngineNotReady(
                f"building the index failed: {self._build_error}"
            ) from self._build_error

    def _progress_text(self) -> str:
        total = max(self.progress_total, 1)
        return f"the index is being built: {self.progress_done} of {total} objects ({100 * self.progress_done // total}%)"

    async def settle(self) -> None:
        """Wait for background warm-up after a snapshot start (benchmarks measure after it)."""
        await self.wait_ready()
        if self._warm_task is not None:
            await self._warm_task

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._build_error is None

    async def close(self) -> None:
        """Stop a running build and save snapshots of a ready engine."""
        if self._warm_task is not None and not self._warm_task.done():
            self._warm_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._warm_task
        if self._build_task is not None and not self._build_task.done():
            self._build_task.cancel()
            with contextlib.suppress(
                asyncio.CancelledError, Exception
            ):  # failures are logged in _build
                await self._build_task
        elif self.ready:
            await self.save_snapshots()

    async def save_snapshots(self) -> None:
        """Write both indexes with the cursor they are consistent with."""
        async with self._refresh_lock:
            await self._save_locked()

    async def _save_locked(self) -> None:
        directory = self.settings.snapshot_dir
        model_id = self.state.embedder.model_id
        cursor = self.cursor
        await anyio.to_thread.run_sync(
            save_snapshot, self.state.workers, snapshot_path(directory, "worker", model_id), cursor
        )
        await anyio.to_thread.run_sync(
            save_snapshot,
            self.state.vacancies,
            snapshot_path(directory, "vacancy", model_id),
            cursor,
        )
        self._changes_since_snapshot = 0

    # ------------------------------------------------------------------ consistency
    async def refresh(self) -> int:
        """Apply every change logged since the last refresh; returns how many objects changed."""
        await self.wait_ready(block=False)
        async with self._refresh_lock:
            applied = await self._apply_changes_locked()
            if self._changes_since_snapshot >= self.settings.snapshot_every:
                await self._save_locked()
            return applied

    async def _apply_changes(self) -> int:
        async with self._refresh_lock:
            return await self._apply_changes_locked()

    async def _apply_changes_locked(self) -> int:
        async with self.pool.acquire() as conn:
            changed, cursor = await ChangeLogRepository(conn).changed_since_all(self.cursor)
            if changed["worker"]:
                await apply_worker_changes(conn, self.state, changed["worker"])
            if changed["vacancy"]:
                await apply_vacancy_changes(conn, self.state, changed["vacancy"])
            if changed["recognition"]:
                # Read after the log, so it holds at least the changes the cursor now covers.
                await load_recognitions(conn, self.state)
        self.cursor = cursor
        count = len(changed["worker"]) + len(changed["vacancy"])
        self._changes_since_snapshot += count
        return count

    # ------------------------------------------------------------------ helpers
    def _allowed_workers(self, filters: WorkerFilters, on: date) -> IdArray | None:
        """Ids passing the user and tenancy filters; ``None`` means every worker."""
        state = self.state
        arrays: list[IdArray] = []
        if filters.category is not None:
            arrays.append(self._in_category(filters.category))
        if any(
            value is not None
            for value in (
                filters.ssw_field,
                filters.min_japanese,
                filters.certificate,
                filters.province,
                filters.available_by,
            )
        ):
            arrays.append(
                state.features.matches_filters(
                    on,
                    field=filters.ssw_field,
                    min_japanese=filters.min_japanese,
                    certificate=filters.certificate,
                    province=filters.province,
                    available_by=filters.available_by,
                )
            )
        if filters.worker_ids is not None:
            arrays.append(np.asarray(sorted(filters.worker_ids), dtype=np.int64))
        if filters.agency_id is not None:
            arrays.append(state.visibility.agency_ids(filters.agency_id))
        if filters.discoverable_only:
            arrays.append(state.visibility.discoverable_ids())
        if filters.visible_to_agency is not None:
            arrays.append(
                np.union1d(
                    state.visibility.discoverable_ids(),
                    state.visibility.agency_ids(filters.visible_to_agency),
                )
            )
        return _intersect(arrays)

    def _in_category(self, category: str) -> IdArray:
        """Ids of workers shown to hold ``category``'s skill test (or its exemption)."""
        return self.state.features.in_category(category)

    async def allowed_worker_ids(self, filters: WorkerFilters) -> IdArray:
        """Ids (ascending) of the workers passing ``filters``, for listings without a query:
        the same rules as a ranked search, so a listing and a search agree on who passes."""
        await self.refresh()
        allowed = self._allowed_workers(filters, _today())
        if allowed is None:
            return np.sort(self.state.features.ids())
        return allowed

    async def eligibility_gaps(self, filters: WorkerFilters) -> list[GapGroup]:
        """Near misses of the workers passing ``filters`` for the open vacancies
        (``matcher.engine.gaps``), computed in a worker thread from memory."""
        await self.refresh()
        allowed = self._allowed_workers(filters, _today())
        ids = self.state.features.ids() if allowed is None else allowed
        vacancies = list(self.state.vacancy_catalogue.items())
        return await anyio.to_thread.run_sync(
            near_misses, self.state.features, ids, vacancies, _today(), self.state.recognitions
        )

    def _allowed_vacancies(self, filters: VacancyFilters) -> IdArray:
        ids = [
            vid
            for vid, v in self.state.vacancy_catalogue.items()
            if (not filters.open_only or v.status == "open")
            and (filters.ssw_field is None or v.ssw_field == filters.ssw_field)
            and (filters.employer_id is None or v.employer_id == filters.employer_id)
            and (
                filters.prefecture is None
                or (v.prefecture or "").lower() == filters.prefecture.lower()
            )
        ]
        return np.asarray(sorted(ids), dtype=np.int64)

    async def _stored_vector(self, entity: Entity, object_id: int) -> npt.NDArray[np.float32]:
        """The object's vector: from the index when it stores float32, else the database."""
        index = self.state.index_of(entity)
        if index.exact_vectors:
            found = index.vector(object_id)
            if found is not None:
                return found
        async with self.pool.acquire() as conn:
            repo = EmbeddingRepository(conn, entity)
            ids, vectors = await repo.load([object_id], self.state.embedder.model_id)
        if ids.shape[0] == 0:
            raise NotFound(f"no {entity} with id {object_id}")
        vector: npt.NDArray[np.float32] = vectors[0]
        return vector

    async def _nearest_eligible(
        self,
        worker: Worker,
        vector: npt.NDArray[np.float32],
        candidates: IdArray,
        k: int,
        today: date,
        recognitions: RecognitionTable,
    ) -> list[Hit]:
        """The ``k`` vacancies closest to ``vector`` among ``candidates`` that ``worker`` is
        eligible for, in similarity order.

        Eligibility is checked in similarity order on widening rounds of nearest candidates
        (4k, 16k, ...) until ``k`` pass or none are left. Same answer as checking every
        candidate first and searching the eligible ones, but a worker eligible for a thousand
        vacancies costs 4 x k checks (240 for a top-20) instead of a thousand (60 us each).
        """
        catalogue = self.state.vacancy_catalogue
        verdicts: dict[int, bool] = {}

        def eligible_of(hits: list[Hit]) -> list[Hit]:
            kept = []
            for hit in hits:
                if hit.id not in verdicts:
                    vacancy = catalogue.get(hit.id)
                    verdicts[hit.id] = vacancy is not None and (
                        check_eligibility(
                            worker, vacancy, start_date(vacancy, today), recognitions
                        ).eligible
                    )
                if verdicts[hit.id]:
                    kept.append(hit)
            return kept

        total = int(candidates.shape[0])
        fetch = min(total, 4 * k)
        while True:
            hits = await anyio.to_thread.run_sync(
                self.state.vacancies.search_one, vector, fetch, candidates
            )
            kept = await anyio.to_thread.run_sync(eligible_of, hits)
            if len(kept) >= k or fetch >= total:
                return kept[:k]
            fetch = min(total, 4 * fetch)

    async def _vacancy_requirements(self) -> VacancyRequirementTable:
        """The requirement table of the current catalogue, rebuilt (in a worker thread) after
        the catalogue changed."""
        version = self.state.catalogue_version
        if self._requirements is None or self._requirements[0] != version:
            rows = list(self.state.vacancy_catalogue.items())
            table = await anyio.to_thread.run_sync(VacancyRequirementTable, rows)
            self._requirements = (version, table)
        return self._requirements[1]

    async def _workers(self, worker_ids: Sequence[int]) -> dict[int, Worker]:
        """Workers by id from the in-memory cache, reading (and caching) the ones missing."""
        cache = self.state.worker_cache
        found, missing = cache.lookup(worker_ids)
        if missing:
            async with self.pool.acquire() as conn:
                fetched = await WorkerRepository(conn).get_many(missing)
            cache.put_many(fetched.values())
            found.update(fetched)
        return found

    async def _occupation_profiles(
        self, entity: Entity, ids: Sequence[int]
    ) -> dict[int, npt.NDArray[np.float32]]:
        """Occupation profiles of ``ids``, computed from stored vectors where not cached yet
        (after a restart from a snapshot the vectors come from the snapshot, not through sync):
        read from the index when it keeps them exactly, else from the database."""
        cache = self.state.occupation_cache(entity)
        missing = [i for i in ids if i not in cache]
        index = self.state.index_of(entity)
        if missing and index.exact_vectors:
            rows = {i: row for i in missing if (row := index.vector(i)) is not None}
            if rows:
                self.state.remember_occupations(entity, list(rows), np.vstack(list(rows.values())))
            missing = [i for i in missing if i not in cache]
        if missing:
            async with self.pool.acquire() as conn:
                found, vectors = await EmbeddingRepository(conn, entity).load(
                    missing, self.state.embedder.model_id
                )
            self.state.remember_occupations(entity, found.tolist(), vectors)
        return {i: cache[i] for i in ids if i in cache}

    @staticmethod
    def _same_occupations(
        ids: Sequence[int],
        profiles: Mapping[int, npt.NDArray[np.float32]],
        other: npt.NDArray[np.float32] | None,
    ) -> dict[int, float | None]:
        """Same-occupation probability of each id's profile with ``other``; ``None`` where a
        profile is missing."""
        values = OccupationInference.same_occupations([profiles.get(i) for i in ids], other)
        return dict(zip(ids, values, strict=True))

    def _occupation_code(
        self, vacancy: Vacancy, profile: npt.NDArray[np.float32] | None
    ) -> str | None:
        """The vacancy's occupation: as given, else the most likely one from its text."""
        if vacancy.occupation is not None:
            return vacancy.occupation
        if profile is None or self.state.occupations is None:
            return None
        return self.state.occupations.top(profile)

    @staticmethod
    def _candidates(limit: int, allowed: IdArray | None, size: int) -> int:
        pool = size if allowed is None else int(allowed.shape[0])
        return max(1, min(pool, max(limit * OVERFETCH, MIN_CANDIDATES), MAX_CANDIDATES))

    # ------------------------------------------------------------------ entry points
    # Each gathers its candidates (allowed ids, index search, profiles) and hands them to the
    # one pipeline in ``matcher.engine.ranker``, which scores, orders and explains the page.

    async def match_vacancy(
        self, vacancy_id: int, query: MatchQuery, filters: WorkerFilters | None = None
    ) -> list[MatchResult]:
        """Workers for a vacancy: eligible ones only unless ``include_ineligible`` (then marked)."""
        await self.refresh()
        filters = filters or WorkerFilters()
        vacancy = self.state.vacancy_catalogue.get(vacancy_id)
        if vacancy is None:
            raise NotFound(f"no vacancy with id {vacancy_id}")
        on = start_date(vacancy, _today())
        recognitions = self.state.recognitions  # one table for the whole query
        allowed = self._allowed_workers(filters, on)
        eligible_ids = self.state.features.eligible_ids(vacancy, on, recognitions)
        if not query.include_ineligible:
            allowed = (
                eligible_ids
                if allowed is None
                else np.intersect1d(allowed, eligible_ids, assume_unique=True)
            )
        if allowed is not None and allowed.shape[0] == 0:
            return []
        vector = await self._stored_vector("vacancy", vacancy_id)
        k = self._candidates(query.limit, allowed, len(self.state.workers))
        hits = await anyio.to_thread.run_sync(self.state.workers.search_one, vector, k, allowed)
        hit_ids = [h.id for h in hits]
        workers = await self._workers(hit_ids)
        vacancy_profile = (await self._occupation_profiles("vacancy", [vacancy_id])).get(vacancy_id)
        worker_profiles = await self._occupation_profiles("worker", hit_ids)
        occupation_code = self._occupation_code(vacancy, vacancy_profile)
        known_facts = self.state.worker_cache.facts(workers.values())

        def rank() -> tuple[list[MatchResult], list[tuple[Worker, ScoringFacts]]]:
            terms = VacancyTerms.of(vacancy)
            same = self._same_occupations(hit_ids, worker_profiles, vacancy_profile)
            derived: list[tuple[Worker, ScoringFacts]] = []
            candidates = []
            for hit in hits:
                worker = workers.get(hit.id)
                if worker is None:  # deleted since the search; the next refresh drops it
                    continue
                facts = known_facts.get(hit.id)
                if facts is None:
                    facts = ScoringFacts.of(worker)
                    derived.append((worker, facts))
                candidates.append(
                    PairCandidate(
                        hit.id,
                        vacancy_id,
                        worker,
                        worker,
                        vacancy,
                        facts,
                        terms,
                        on,
                        hit.score,
                        same[hit.id],
                        occupation_code,
                    )
                )
            verdicts = None
            if query.include_ineligible:
                ids = np.asarray([c.subject_id for c in candidates], dtype=np.int64)
                verdicts = np.isin(ids, eligible_ids, assume_unique=True)
            return rank_pairs(candidates, query, self.weights, recognitions, verdicts), derived

        results, derived = await anyio.to_thread.run_sync(rank)
        self.state.worker_cache.put_facts(derived)
        return results

    async def recommend_vacancies(
        self, worker_id: int, query: MatchQuery, filters: VacancyFilters | None = None
    ) -> list[MatchResult]:
        """Vacancies for a worker, with what the worker still lacks for each."""
        await self.refresh()
        filters = filters or VacancyFilters()
        worker = (await self._workers([worker_id])).get(worker_id)
        if worker is None:
            raise NotFound(f"no worker with id {worker_id}")
        today = _today()
        catalogue = self.state.vacancy_catalogue
        recognitions = self.state.recognitions  # one table for the whole query
        allowed = self._allowed_vacancies(filters)
        if not query.include_ineligible:
            # The table rules out most of the catalogue at once; the full check decides.
            requirements = await self._vacancy_requirements()
            allowed = requirements.passing(worker, allowed, recognitions)
        if allowed.shape[0] == 0:
            return []
        vector = await self._stored_vector("worker", worker_id)
        k = self._candidates(query.limit, allowed, len(self.state.vacancies))
        if query.include_ineligible:
            hits = await anyio.to_thread.run_sync(
                self.state.vacancies.search_one, vector, k, allowed
            )
        else:
            hits = await self._nearest_eligible(worker, vector, allowed, k, today, recognitions)
        worker_profile = (await self._occupation_profiles("worker", [worker_id])).get(worker_id)
        hit_ids = [h.id for h in hits]
        vacancy_profiles = await self._occupation_profiles("vacancy", hit_ids)

        def rank() -> list[MatchResult]:
            facts = ScoringFacts.of(worker)
            same = self._same_occupations(hit_ids, vacancy_profiles, worker_profile)
            candidates = []
            for hit in hits:
                vacancy = catalogue.get(hit.id)
                if vacancy is None:
                    continue
                code = self._occupation_code(vacancy, vacancy_profiles.get(hit.id))
                candidates.append(
                    PairCandidate(
                        hit.id,
                        worker_id,
                        vacancy,
                        worker,
                        vacancy,
                        facts,
                        VacancyTerms.of(vacancy),
                        start_date(vacancy, today),
                        hit.score,
                        same[hit.id],
                        code,
                    )
                )
            verdicts = None
            if query.include_ineligible:
                # A few dozen candidates, checked in full so the page is ordered eligible first.
                verdicts = np.asarray(
                    [
                        check_eligibility(worker, c.vacancy, c.on, recognitions).eligible
                        for c in candidates
                    ],
                    dtype=np.bool_,
                )
            return rank_pairs(candidates, query, self.weights, recognitions, verdicts)

        return await anyio.to_thread.run_sync(rank)

    async def _query_vector(
        self, text: str
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
        vector = (await encode_async(self.state.embedder, [text]))[0]
        profile = (
            None if self.state.occupations is None else self.state.occupations.profiles(vector)[0]
        )
        return vector, profile

    async def search_workers(
        self,
        text: str,
        filters: WorkerFilters | None = None,
        query: MatchQuery | None = None,
        names: Sequence[NameMatch] = (),
    ) -> list[MatchResult]:
        """Workers for a free-text query in any language, within the filters: hybrid retrieval.

        ``names`` are the lexical matches of ``text`` on names and external ids that the
        caller may look up (``WorkerSearchRepository.name_matches``, scoped by the access
        layer). Name matches that pass the filters come first, exact ones (the whole name or
        id) before fuzzy ones, each group by lexical score, then by meaning; the semantic
        ranking follows for everyone else (``ranker.rank_texts``). So "Siti Rahmawti" puts
        Siti Rahmawati first and still lists the closest profiles after her, and a
        description, which matches no name, ranks by meaning alone.
        """
        await self.refresh()
        filters = filters or WorkerFilters()
        query = query or MatchQuery()
        today = _today()
        allowed = self._allowed_workers(filters, today)
        if allowed is not None and allowed.shape[0] == 0:
            return []
        by_name = {m.worker_id: m for m in names if m.worker_id in self.state.features}
        if allowed is not None and by_name:
            kept = np.intersect1d(
                allowed, np.asarray(sorted(by_name), dtype=np.int64), assume_unique=True
            )
            by_name = {int(i): by_name[int(i)] for i in kept}
        vector, query_profile = await self._query_vector(text)
        k = self._candidates(query.limit, allowed, len(self.state.workers))
        hits = await anyio.to_thread.run_sync(self.state.workers.search_one, vector, k, allowed)
        found = {h.id for h in hits}
        unseen = np.asarray(sorted(set(by_name) - found), dtype=np.int64)
        if unseen.shape[0]:
            # Their cosine with the query, so a name match is explained like any result.
            hits = hits + await anyio.to_thread.run_sync(
                self.state.workers.search_one, vector, int(unseen.shape[0]), unseen
            )
        hit_ids = [h.id for h in hits]
        workers = await self._workers(hit_ids)
        profiles = await self._occupation_profiles("worker", hit_ids)
        same = self._same_occupations(hit_ids, profiles, query_profile)
        candidates = [
            TextCandidate(workers[h.id], h.score, same[h.id], by_name.get(h.id))
            for h in hits
            if h.id in workers
        ]
        return await anyio.to_thread.run_sync(rank_texts, candidates, query, self.weights, today)

    async def search_vacancies(
        self, text: str, filters: VacancyFilters | None = None, query: MatchQuery | None = None
    ) -> list[MatchResult]:
        """Vacancies closest to a free-text query in any language, within the filters."""
        await self.refresh()
        filters = filters or VacancyFilters()
        query = query or MatchQuery()
        allowed = self._allowed_vacancies(filters)
        if allowed.shape[0] == 0:
            return []
        vector, query_profile = await self._query_vector(text)
        k = self._candidates(query.limit, allowed, len(self.state.vacancies))
        hits = await anyio.to_thread.run_sync(self.state.vacancies.search_one, vector, k, allowed)
        hit_ids = [h.id for h in hits]
        profiles = await self._occupation_profiles("vacancy", hit_ids)
        same = self._same_occupations(hit_ids, profiles, query_profile)
        catalogue = self.state.vacancy_catalogue
        candidates = [
            TextCandidate(catalogue[h.id], h.score, same[h.id]) for h in hits if h.id in catalogue
        ]
        return await anyio.to_thread.run_sync(rank_texts, candidates, query, self.weights, _today())

    # ------------------------------------------------------------------ observability
    def stats(self) -> dict[str, int | bool | str]:
        """Sizes and state for /readyz and /metrics."""
        return {
            "ready": self.ready,
            "model_id": self.state.embedder.model_id,
            "workers_indexed": len(self.state.workers),
            "vacancies_indexed": len(self.state.vacancies),
            "worker_index_kind": self.state.workers.kind,
            "worker_index_bytes": self.state.workers.memory_bytes(),
            "vacancy_index_bytes": self.state.vacancies.memory_bytes(),
            "texts_encoded": self.state.encoded,
            "build_done": self.progress_done,
            "build_total": self.progress_total,
            "change_seq": self.cursor.seq,
            "loaded_from_snapshot": self.loaded_from_snapshot,
            "worker_cache_entries": len(self.state.worker_cache),
            "worker_cache_hits": self.state.worker_cache.hits,
            "worker_cache_misses": self.state.worker_cache.misses,
        }
