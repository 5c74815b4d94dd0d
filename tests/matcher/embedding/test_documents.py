"""Documents: embedders without part encoding get the joined text, nothing else."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matcher.embedding import (
    Document,
    FakeEmbedder,
    FloatMatrix,
    PartEncoder,
    encode_documents,
    join_parts,
)


def test_embedders_without_parts_encode_the_joined_text() -> None:
    embedder = FakeEmbedder()
    documents: list[Document] = [("Nursing care / 介護", "Perawat lansia"), ("tukang las",), ()]
    assert not isinstance(embedder, PartEncoder)
    np.testing.assert_array_equal(
        encode_documents(embedder, documents),
        embedder.encode(["Nursing care / 介護. Perawat lansia", "tukang las", ""]),
    )


def test_part_encoders_get_the_parts() -> None:
    class Recording(FakeEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[Document] = []

        def encode_parts(self, documents: Sequence[Document]) -> FloatMatrix:
            self.seen.extend(documents)
            return self.encode([join_parts(d) for d in documents])

    embedder = Recording()
    assert isinstance(embedder, PartEncoder)
    rows = encode_documents(embedder, [("a", "b"), ("c",)])
    assert embedder.seen == [("a", "b"), ("c",)]
    assert rows.shape == (2, embedder.dim)
