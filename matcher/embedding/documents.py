"""Documents made of parts: what the engine embeds for a worker or a vacancy.

A worker's embedded text is a sequence of parts (field and occupation labels, certificate
names, units of competency, the free-text summary...). Most parts come from fixed catalogues
and recur across thousands of profiles. An embedder that can pool per-part results
(``PartEncoder``) encodes each distinct part once and reuses it; any other embedder gets the
parts joined into one text, which is exactly the text the part encoder approximates. The
joined text is also what is hashed to decide whether a stored vector is still current.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from matcher.embedding.protocol import Embedder, FloatMatrix

__all__ = ["PART_SEPARATOR", "Document", "PartEncoder", "encode_documents", "join_parts"]

PART_SEPARATOR = ". "

Document = tuple[str, ...]
"""The parts of one embedded text, in order."""


def join_parts(parts: Sequence[str]) -> str:
    """The single text a document stands for."""
    return PART_SEPARATOR.join(parts)


@runtime_checkable
class PartEncoder(Protocol):
    """An embedder that can embed a document from separately encoded parts.

    ``encode_parts`` must return what ``encode`` would give for the joined text, up to the
    approximation the implementation documents (and tests), so vectors of both kinds share
    one space: queries are single texts, profiles are documents.
    """

    def encode_parts(self, documents: Sequence[Document]) -> FloatMatrix:
        """Embed each document into one unit-norm row."""
        ...


def encode_documents(embedder: Embedder, documents: Sequence[Document]) -> FloatMatrix:
    """Embed ``documents`` by parts when the embedder can, else as joined texts."""
    if isinstance(embedder, PartEncoder):
        return embedder.encode_parts(documents)
    return embedder.encode([join_parts(document) for document in documents])
