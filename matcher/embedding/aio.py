"""Async access to the (blocking, CPU-bound) embedders."""

from __future__ import annotations

from collections.abc import Sequence

import anyio.to_thread
from anyio import CapacityLimiter

from matcher.embedding.documents import Document, encode_documents
from matcher.embedding.protocol import Embedder, FloatMatrix

__all__ = ["encode_async", "encode_documents_async"]


async def encode_async(
    embedder: Embedder, texts: Sequence[str], limiter: CapacityLimiter | None = None
) -> FloatMatrix:
    """Run ``embedder.encode(texts)`` in a worker thread.

    Encoding takes milliseconds to seconds of pure CPU; calling it inside ``async def``
    would freeze every other request on the event loop. ``limiter`` bounds how many
    encodes run at once (on a 2-core box more than one or two only oversubscribe the
    cores); by default anyio's shared thread limiter is used. The texts are copied into a
    list first so the caller may mutate its sequence while the thread runs.
    """
    batch = list(texts)
    return await anyio.to_thread.run_sync(embedder.encode, batch, limiter=limiter)


async def encode_documents_async(
    embedder: Embedder, documents: Sequence[Document], limiter: CapacityLimiter | None = None
) -> FloatMatrix:
    """Run ``encode_documents`` (by parts where the embedder can) in a worker thread."""
    batch = list(documents)
    return await anyio.to_thread.run_sync(encode_documents, embedder, batch, limiter=limiter)
