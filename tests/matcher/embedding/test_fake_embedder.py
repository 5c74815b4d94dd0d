"""FakeEmbedder: the test double must be deterministic and *meaningful*."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.embedding import Embedder, FakeEmbedder, normalise_rows


def _cos(embedder: FakeEmbedder, a: str, b: str) -> float:
    rows = embedder.encode([a, b])
    return float(rows[0] @ rows[1])


def test_is_an_embedder_with_stable_id() -> None:
    embedder = FakeEmbedder(dim=64)
    assert isinstance(embedder, Embedder)
    assert embedder.model_id == "fake-64"
    assert embedder.dim == 64
    assert FakeEmbedder(dim=128).model_id == "fake-128"


def test_deterministic_across_instances_and_batches() -> None:
    texts = ["perawat lansia", "介護職員", "tukang las", ""]
    first = FakeEmbedder(batch_size=2).encode(texts)
    second = FakeEmbedder(batch_size=100).encode(texts)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first[0], FakeEmbedder().encode(["perawat lansia"])[0])


def test_output_contract() -> None:
    rows = FakeEmbedder(dim=32).encode(["a b c", "", "日本語のテキスト"])
    assert rows.shape == (3, 32)
    assert rows.dtype == np.float32
    assert rows.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)


def test_empty_input_and_single_string() -> None:
    embedder = FakeEmbedder(dim=16)
    assert embedder.encode([]).shape == (0, 16)
    with pytest.raises(TypeError):
        embedder.encode("not a list")


def test_shared_words_mean_higher_cosine() -> None:
    embedder = FakeEmbedder(dim=256)
    base = "perawat lansia bersertifikat"
    assert _cos(embedder, base, "perawat lansia berpengalaman") > _cos(
        embedder, base, "tukang las listrik"
    )
    # Japanese has no spaces: shared characters must still count.
    assert _cos(embedder, "介護職員募集", "介護職員") > _cos(embedder, "介護職員募集", "溶接工")
    # Case and full-width variants are the same word.
    assert _cos(embedder, "PERAWAT", "perawat") == pytest.approx(1.0, abs=1e-6)
    assert _cos(embedder, "ＢＮＳＰ", "bnsp") == pytest.approx(1.0, abs=1e-6)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_any_text_gives_unit_rows(texts: list[str]) -> None:
    rows = FakeEmbedder(dim=32).encode(texts)
    assert rows.shape == (len(texts), 32)
    assert np.isfinite(rows).all()
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)


def test_normalise_rows_keeps_zero_rows_finite() -> None:
    out = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])
    assert out.dtype == np.float32
    with pytest.raises(ValueError, match="2-D"):
        normalise_rows(np.zeros(3))


def test_rejects_tiny_dim_and_bad_batch() -> None:
    with pytest.raises(ValueError, match="dim"):
        FakeEmbedder(dim=2)
    with pytest.raises(ValueError, match="batch_size"):
        FakeEmbedder(batch_size=0)
