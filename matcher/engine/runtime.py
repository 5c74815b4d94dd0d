"""The engine's state owner: start (from snapshots or the database), readiness, the change-log
refresh that makes every write visible to the next query, snapshots, and statistics.

* Every query first applies the change log, so a write is visible to the next query, whoever
  made it (API, CLI import, another process).
* A first start or a model switch builds in the background; queries wait for it and
  ``stats()`` reports its progress.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from functools import partial
from typing import Any, Self

import anyio
import asyncpg
import numpy as np
import numpy.typing as npt

from matcher.embedding import Embedder, configure_threads, load_embedder
from matcher.engine.occupations import OccupationInference
from matcher.engine.snapshots import load_snapshot, save_snapshot, snapshot_path
from matcher.engine.sync import (
    SearchState,
    apply_vacancy_changes,
    apply_worker_changes,
    load_everything,
    load_recognitions,
)
from matcher.engine.worker_cache import WorkerCache
from matcher.errors import MatcherError
from matcher.index import IndexConfig, SnapshotUnusable, VectorIndex
from matcher.ranking import (
    RankingWeights,
)
from matcher.ranking.lexical import default_lexicon
from matcher.settings import Settings
from matcher.storage.embeddings import (
    ChangeCursor,
    ChangeLogRepository,
    EmbeddingRepository,
)
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository

log = logging.getLogger(__name__)

# A start that loaded this many objects freezes the heap afterwards (see ``_freeze_heap``).
FREEZE_HEAP_AFTER = 10_000


def _freeze_heap() -> None:
    """Move every object alive after the build out of the cyclic collector's sight.

    Why: the build leaves hundreds of thousands of long-lived objects (cached workers, the
    vacancy catalogue, occupation profiles); each full collection rescans them all, a pause
    that landed in the p99 of queries (docs/benchmarks.md, "Measurements behind the code").
    Frozen objects are still freed by reference counting when dropped; only cycles among them
    are never collected, which the engine's own data does not form.
    """
    gc.collect()
    gc.freeze()


class EngineNotReady(MatcherError):
    """The index is still being built (first start or a model switch)."""

    code = "engine-not-ready"
    status = 503


class EngineRuntime:
    """Owns the engine's state: the embedder, both indexes and the in-memory tables, how they
    start (snapshot or database), stay in step with the change log, and are saved.

    ``MatchingEngine`` adds the entry points on top; everything here is about keeping the
    state complete and current, nothing about ranking.
    """

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

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    async def start(
        cls,
        pool: asyncpg.Pool[Any],
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        wait: bool = True,
    ) -> Self:
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
        lexicon = await anyio.to_thread.run_sync(default_lexicon)  # the lexical BM25 index
        state.occupations = await anyio.to_thread.run_sync(
            partial(OccupationInference, embedder, lexicon=lexicon)
        )
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
