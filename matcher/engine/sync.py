"""Keeping the in-memory search state in step with PostgreSQL.

For each changed object (found through the change log) the current row is read again: present
means upsert, absent means delete, so replaying a change twice is harmless. Texts are hashed and
compared with the stored embedding's hash; only new or changed texts are encoded (in a worker
thread, in batches), stored, and then put in the index. Deleted objects leave the index, the
eligibility table and the visibility sets in the same step. The recognition table is small and
read whole: any logged change to it replaces it (``load_recognitions``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import anyio
import numpy as np

from matcher.embedding import Document, Embedder, encode_documents_async, join_parts, text_hash
from matcher.engine.occupations import OccupationInference
from matcher.engine.visibility import WorkerVisibility
from matcher.engine.worker_cache import WorkerCache
from matcher.index import VectorIndex
from matcher.ranking import WorkerFeatureTable
from matcher.ranking.lexical import default_lexicon
from matcher.ranking.recognitions import NO_RECOGNITIONS, RecognitionTable
from matcher.storage.connection import Connection
from matcher.storage.embeddings import EmbeddingRepository, Entity
from matcher.storage.recognitions import RecognitionRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from matcher.texts import vacancy_parts, worker_parts
from models.vacancy import Vacancy
from models.worker import Worker

log = logging.getLogger(__name__)

ENCODE_BATCH = 256
LOOP_SLICE = 200
Progress = Callable[[int], None]


@dataclass(slots=True)
class SearchState:
    """Everything a query reads, for one embedding model."""

    embedder: Embedder
    workers: VectorIndex
    vacancies: VectorIndex
    features: WorkerFeatureTable = field(default_factory=WorkerFeatureTable)
    visibility: WorkerVisibility = field(default_factory=WorkerVisibility)
    vacancy_catalogue: dict[int, Vacancy] = field(default_factory=dict)
    # Every eligibility check reads this (never its own copy); replaced whole, never mutated.
    recognitions: RecognitionTable = NO_RECOGNITIONS
    worker_cache: WorkerCache = field(default_factory=lambda: WorkerCache(0))
    occupations: OccupationInference | None = None
    worker_occupations: dict[int, np.ndarray] = field(default_factory=dict)
    vacancy_occupations: dict[int, np.ndarray] = field(default_factory=dict)
    encoded: int = 0  # texts encoded since start (a model switch shows up here)
    catalogue_version: int = 0  # bumped on every change to ``vacancy_catalogue``

    def index_of(self, entity: Entity) -> VectorIndex:
        """The vector index of workers or of vacancies."""
        return self.workers if entity == "worker" else self.vacancies

    def occupation_cache(self, entity: Entity) -> dict[int, np.ndarray]:
        """The occupation profiles of workers or of vacancies, by id."""
        return self.worker_occupations if entity == "worker" else self.vacancy_occupations

    def remember_occupations(self, entity: Entity, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Store the occupation profiles inferred from the vectors of ``ids``."""
        if self.occupations is None or not len(ids):
            return
        target = self.occupation_cache(entity)
        for object_id, profile in zip(ids, self.occupations.profiles(vectors), strict=True):
            target[object_id] = profile


@dataclass(frozen=True, slots=True)
class TextCheck:
    """Which of some texts need encoding for one model: the hash of each text, the ids whose
    stored embedding is missing or encodes another text (``stale``), and those whose stored
    embedding is current (``fresh``). The one place a text is compared with its stored
    embedding: the engine's refresh and the ``reencode`` job both decide through it."""

    hashes: dict[int, str]
    stale: list[int]
    fresh: list[int]


async def check_texts(
    repo: EmbeddingRepository, model_id: str, texts: Mapping[int, Document]
) -> TextCheck:
    """Compare the hash of each text with the one stored with its ``model_id`` embedding."""
    hashes = {i: text_hash(join_parts(t)) for i, t in texts.items()}
    stored = await repo.hashes(list(texts), model_id)
    stale = [i for i in texts if stored.get(i) != hashes[i]]
    fresh = [i for i in texts if stored.get(i) == hashes[i]]
    return TextCheck(hashes, stale, fresh)


async def _vectors_for(
    conn: Connection,
    state: SearchState,
    entity: Entity,
    texts: dict[int, Document],
    *,
    index: VectorIndex,
) -> tuple[list[int], np.ndarray]:
    """Vectors of ``texts`` by id: stored ones reused, new or changed ones encoded and stored."""
    repo = EmbeddingRepository(conn, entity)
    model_id = state.embedder.model_id
    check = await check_texts(repo, model_id, texts)
    ids: list[int] = []
    parts: list[np.ndarray] = []
    for start in range(0, len(check.stale), ENCODE_BATCH):
        chunk = check.stale[start : start + ENCODE_BATCH]
        vectors = await encode_documents_async(state.embedder, [texts[i] for i in chunk])
        await repo.store(chunk, model_id, [check.hashes[i] for i in chunk], vectors)
        state.encoded += len(chunk)
        ids.extend(chunk)
        parts.append(vectors)
    if check.fresh:
        loaded_ids, loaded = await repo.load(check.fresh, model_id)
        ids.extend(loaded_ids.tolist())
        if loaded.shape[0]:
            parts.append(loaded)
    if not ids:
        return [], np.empty((0, index.dim), dtype=np.float32)
    return ids, np.ascontiguousarray(np.vstack(parts), dtype=np.float32)


async def apply_worker_changes(
    conn: Connection,
    state: SearchState,
    worker_ids: Sequence[int],
    *,
    index_vectors: bool = True,
) -> None:
    """Bring the search state for ``worker_ids`` in line with the database."""
    found = await WorkerRepository(conn).get_many(worker_ids)
    await apply_workers(conn, state, worker_ids, found, index_vectors=index_vectors)


async def apply_workers(
    conn: Connection,
    state: SearchState,
    worker_ids: Sequence[int],
    found: dict[int, Worker],
    *,
    index_vectors: bool = True,
) -> None:
    """Apply the current rows ``found`` of ``worker_ids``; ids not found were deleted."""
    gone = [i for i in worker_ids if i not in found]
    if gone:
        await anyio.to_thread.run_sync(state.workers.remove, np.asarray(gone, dtype=np.int64))
        for i in gone:
            state.features.remove(i)
            state.visibility.remove(i)
            state.worker_occupations.pop(i, None)
        state.worker_cache.discard(gone)
        default_lexicon().forget_words()  # no word of a deleted worker stays in memory
    if not found:
        return
    if index_vectors:
        texts = await anyio.to_thread.run_sync(
            lambda: {i: worker_parts(w) for i, w in found.items()}
        )
        ids, vectors = await _vectors_for(conn, state, "worker", texts, index=state.workers)
        if ids:
            await anyio.to_thread.run_sync(
                state.workers.upsert, np.asarray(ids, dtype=np.int64), vectors
            )
    # The eligibility table is read by queries on the event loop, so it is updated there too
    # (no torn reads), in slices with a yield between them so a large batch never stalls requests.
    items = list(found.items())
    for start in range(0, len(items), LOOP_SLICE):
        for i, w in items[start : start + LOOP_SLICE]:
            state.features.upsert(i, w)
            state.visibility.upsert(i, w.agency_id, w.discoverable)
        state.worker_cache.put_many(w for _, w in items[start : start + LOOP_SLICE])
        await asyncio.sleep(0)


async def apply_vacancy_changes(
    conn: Connection,
    state: SearchState,
    vacancy_ids: Sequence[int],
    *,
    index_vectors: bool = True,
) -> None:
    """Bring the search state for ``vacancy_ids`` in line with the database."""
    found = await VacancyRepository(conn).get_many(vacancy_ids)
    await apply_vacancies(conn, state, vacancy_ids, found, index_vectors=index_vectors)


async def apply_vacancies(
    conn: Connection,
    state: SearchState,
    vacancy_ids: Sequence[int],
    found: dict[int, Vacancy],
    *,
    index_vectors: bool = True,
) -> None:
    """Apply the current rows ``found`` of ``vacancy_ids``; ids not found were deleted."""
    gone = [i for i in vacancy_ids if i not in found]
    if gone:
        await anyio.to_thread.run_sync(state.vacancies.remove, np.asarray(gone, dtype=np.int64))
        for i in gone:
            state.vacancy_catalogue.pop(i, None)
            state.vacancy_occupations.pop(i, None)
        state.catalogue_version += 1
    if not found:
        return
    if index_vectors:
        texts = await anyio.to_thread.run_sync(
            lambda: {i: vacancy_parts(v) for i, v in found.items()}
        )
        ids, vectors = await _vectors_for(conn, state, "vacancy", texts, index=state.vacancies)
        if ids:
            await anyio.to_thread.run_sync(
                state.vacancies.upsert, np.asarray(ids, dtype=np.int64), vectors
            )
    state.vacancy_catalogue.update(found)
    state.catalogue_version += 1


async def load_recognitions(conn: Connection, state: SearchState) -> None:
    """Replace the recognition table with the stored entries (one short read: admins add
    entries one by one). A query holds the table it started with, so it never sees half an
    update."""
    state.recognitions = RecognitionTable(await RecognitionRepository(conn).list())


async def load_everything(
    conn: Connection,
    state: SearchState,
    *,
    index_workers: bool,
    index_vacancies: bool,
    batch_size: int = 500,
    on_progress: Progress | None = None,
) -> None:
    """Fill the state from every stored object; vectors only where no snapshot supplied them.

    The recognition table is read from the database every time (snapshots hold only vectors).
    """
    await load_recognitions(conn, state)
    workers = WorkerRepository(conn)
    async for batch in workers.iter_all(batch_size):
        found = {w.id: w for w in batch}
        await apply_workers(conn, state, list(found), found, index_vectors=index_workers)
        if on_progress is not None:
            on_progress(len(batch))
    async for vbatch in VacancyRepository(conn).iter_all(batch_size):
        vfound = {v.id: v for v in vbatch}
        await apply_vacancies(conn, state, list(vfound), vfound, index_vectors=index_vacancies)
        if on_progress is not None:
            on_progress(len(vbatch))
