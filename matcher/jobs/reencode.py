"""Encoding every stored text for another model, as a job (issue 17: model re-encodes are jobs).

A server started with a model it has no vectors for encodes every worker and vacancy before it
answers. The ``reencode`` job does that work ahead of the switch: it loads the embedder its
payload names (in a worker thread: loading a model blocks for seconds), walks the workers and
then the vacancies in id order, batch by batch, and stores a vector for each text whose stored
embedding for that model is missing or encodes another text. The decision is
``matcher.engine.sync.check_texts``, the very check the engine applies on start and refresh,
so a ``serve`` started with that embedder afterwards finds every vector current and encodes
nothing.

Each batch reads (rows, texts, stored hashes) in one short transaction, encodes with no
connection held, and stores in a second short one: a batch of a large model takes seconds, too
long to keep a transaction open. A text changed in between is stored with the hash of the text
that was encoded, so the next check sees it as stale and encodes it again; an object deleted in
between is skipped by the store. The job is therefore safe to run again (a second run encodes
only what changed since) and to give back to the queue on shutdown.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, TypedDict

import anyio

from matcher.access.policy import require_role
from matcher.access.principal import Principal
from matcher.embedding import (
    Document,
    Embedder,
    EmbedderUnavailable,
    encode_documents_async,
    load_embedder,
)
from matcher.engine.sync import ENCODE_BATCH, check_texts
from matcher.jobs.runner import Handler, JobContext, JobFailed
from matcher.jobs.service import enqueue_job
from matcher.jobs.settings import JobSettings
from matcher.settings import EmbedderKind, Settings
from matcher.storage.connection import Connection
from matcher.storage.database import transaction
from matcher.storage.embeddings import EmbeddingRepository, Entity
from matcher.storage.jobs import Job
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from matcher.texts import vacancy_parts, worker_parts

ACQUIRE_TIMEOUT_S = 30.0
"""A job waits longer than a request for a connection of its runner's pool: nobody waits on
the answer, and failing would throw the batches already encoded away."""

ENTITIES: tuple[Entity, ...] = ("worker", "vacancy")
RESULT_KEYS: dict[Entity, str] = {"worker": "workers", "vacancy": "vacancies"}


class EntityCounts(TypedDict):
    """Texts of one entity the job encoded, and those whose stored vector was current."""

    encoded: int
    reused: int


async def enqueue_reencode(
    conn: Connection,
    principal: Principal,
    embedder: EmbedderKind,
    model: str | None,
    settings: JobSettings,
) -> Job:
    """Store a ``reencode`` job for ``embedder`` (and ``model``) in the caller's transaction;
    admins only (a model switch is an operator's decision, and the job reads every profile).
    Counted against the admins' ``max_unfinished_per_owner`` (429 beyond): each job loads a
    model and walks every profile, so a queue of them must not starve the other jobs."""
    require_role(principal, "admin", action="re-encode the stored texts")
    payload = {"embedder": embedder, "model": model}
    return await enqueue_job(conn, principal, "reencode", payload, settings, limit_unfinished=True)


async def _texts(conn: Connection, entity: Entity, ids: list[int]) -> dict[int, Document]:
    """The texts the engine encodes for ``ids`` (built in a worker thread, like the engine's)."""
    if entity == "worker":
        workers = await WorkerRepository(conn).get_many(ids)
        return await anyio.to_thread.run_sync(
            lambda: {i: worker_parts(w) for i, w in workers.items()}
        )
    vacancies = await VacancyRepository(conn).get_many(ids)
    return await anyio.to_thread.run_sync(
        lambda: {i: vacancy_parts(v) for i, v in vacancies.items()}
    )


async def _count(conn: Connection) -> int:
    return await WorkerRepository(conn).count() + await VacancyRepository(conn).count()


class _Reencoder:
    """One run of a ``reencode`` job: the embedder, the runner's pool and the counts so far."""

    def __init__(self, ctx: JobContext, embedder: Embedder) -> None:
        self.ctx = ctx
        self.embedder = embedder
        self.counts: dict[Entity, EntityCounts] = {
            entity: {"encoded": 0, "reused": 0} for entity in ENTITIES
        }

    def unit(self) -> AbstractAsyncContextManager[Connection]:
        return transaction(self.ctx.pool, acquire_timeout=ACQUIRE_TIMEOUT_S)

    async def run(self) -> dict[str, Any]:
        async with self.unit() as conn:
            self.ctx.progress(0, await _count(conn))
        for entity in ENTITIES:
            after = 0
            while (last := await self._batch(entity, after)) is not None:
                after = last
        return {"model_id": self.embedder.model_id} | {
            RESULT_KEYS[entity]: dict(counts) for entity, counts in self.counts.items()
        }

    async def _batch(self, entity: Entity, after: int) -> int | None:
        """Encode and store what one batch of ``entity`` above ``after`` lacks; the batch's
        last id, or ``None`` when no object is left."""
        model_id = self.embedder.model_id
        async with self.unit() as conn:
            repo = EmbeddingRepository(conn, entity)
            ids = await repo.owner_ids_after(after, ENCODE_BATCH)
            if not ids:
                return None
            texts = await _texts(conn, entity, ids)
            check = await check_texts(repo, model_id, texts)
        if check.stale:  # no connection held while the model works
            vectors = await encode_documents_async(self.embedder, [texts[i] for i in check.stale])
            async with self.unit() as conn:
                await EmbeddingRepository(conn, entity).store(
                    check.stale, model_id, [check.hashes[i] for i in check.stale], vectors
                )
        counts = self.counts[entity]
        counts["encoded"] += len(check.stale)
        counts["reused"] += len(check.fresh)
        done = self.ctx.done + len(ids)
        # Objects created during the walk are encoded too: the total grows with them.
        self.ctx.progress(done, max(done, self.ctx.total or 0))
        return ids[-1]


def reencode_handlers(settings: Settings) -> dict[str, Handler]:
    """The handler of ``reencode`` jobs; ``settings.threads`` sizes the loaded embedder."""

    async def run(ctx: JobContext) -> dict[str, Any]:
        kind = str(ctx.job.payload["embedder"])
        model = ctx.job.payload.get("model")
        try:
            embedder = await anyio.to_thread.run_sync(
                load_embedder, kind, None if model is None else str(model), settings.threads
            )
        except EmbedderUnavailable as exc:
            raise JobFailed("embedder_unavailable", detail=str(exc)) from exc
        return await _Reencoder(ctx, embedder).run()

    return {"reencode": run}
