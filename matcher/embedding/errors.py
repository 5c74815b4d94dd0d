"""Errors raised by the embedding layer.

Exception tree::

    EmbeddingError                 base for everything this package raises on purpose
    └── EmbedderUnavailable        the requested embedder cannot be built here
                                   (unknown kind, missing package, model not available locally)

Callers catch ``EmbeddingError`` to handle any embedding failure in one place; the
message always says what to install or set, because the usual cause is a deployment
missing an optional extra or a model directory, not a bug.
"""

from __future__ import annotations

__all__ = ["EmbedderUnavailable", "EmbeddingError"]


class EmbeddingError(Exception):
    """Base class of every error raised deliberately by ``matcher.embedding``."""


class EmbedderUnavailable(EmbeddingError):
    """The requested embedder cannot be constructed in this environment.

    Raised instead of silently falling back to another model: embeddings from different
    models are not comparable, so a fallback would quietly corrupt every match score.
    """
