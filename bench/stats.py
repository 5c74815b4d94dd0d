"""Pure helpers: latency percentiles, recall@k, exact top-k and the machine description."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]
IdArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class LatencySummary:
    """Milliseconds of a series of timed calls."""

    n: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def summarise_latencies(seconds: Sequence[float]) -> LatencySummary:
    """Percentiles (linear interpolation, as numpy) of durations given in seconds."""
    if not seconds:
        raise ValueError("no timings to summarise")
    ms = np.asarray(seconds, dtype=np.float64) * 1000.0
    p50, p90, p99 = np.percentile(ms, [50, 90, 99])
    return LatencySummary(
        n=int(ms.shape[0]),
        p50_ms=round(float(p50), 3),
        p90_ms=round(float(p90), 3),
        p99_ms=round(float(p99), 3),
        mean_ms=round(float(ms.mean()), 3),
        max_ms=round(float(ms.max()), 3),
    )


def recall_at_k(found: Sequence[Sequence[int]], truth: Sequence[Sequence[int]], k: int) -> float:
    """Mean share of the exact top-``k`` ids that a search returned in its own top ``k``.

    A query whose exact answer has fewer than ``k`` ids (a selective filter) is scored against
    that many; a query with no exact answer at all is skipped.
    """
    if len(found) != len(truth):
        raise ValueError(f"{len(found)} results but {len(truth)} exact answers")
    shares: list[float] = []
    for got, want in zip(found, truth, strict=True):
        expected = set(list(want)[:k])
        if not expected:
            continue
        shares.append(len(expected.intersection(list(got)[:k])) / len(expected))
    return round(float(np.mean(shares)), 4) if shares else 1.0


def exact_top_k(
    queries: FloatMatrix,
    vectors: FloatMatrix,
    ids: IdArray,
    k: int,
    allowed: Sequence[IdArray | None] | None = None,
) -> list[list[int]]:
    """Ground truth: the ``k`` ids of highest inner product per query (ties by id).

    ``allowed[i]`` (sorted ids) restricts query ``i``; ``None`` means every id.
    """
    scores = queries @ vectors.T
    out: list[list[int]] = []
    for row in range(queries.shape[0]):
        row_scores = scores[row]
        row_ids = ids
        subset = None if allowed is None else allowed[row]
        if subset is not None:
            keep = np.isin(ids, subset)
            row_scores, row_ids = row_scores[keep], ids[keep]
        if row_ids.shape[0] == 0:
            out.append([])
            continue
        take = min(k, row_ids.shape[0])
        order = np.lexsort((row_ids, -row_scores))[:take]
        out.append([int(i) for i in row_ids[order]])
    return out


def merge_top_k(
    best: tuple[FloatMatrix, IdArray] | None,
    scores: FloatMatrix,
    ids: IdArray,
    k: int,
) -> tuple[FloatMatrix, IdArray]:
    """Fold a chunk's scores ``(q, n)`` into running top-``k`` ``(scores, ids)`` per query."""
    chunk_ids = np.broadcast_to(ids, scores.shape)
    if best is not None:
        scores = np.concatenate([best[0], scores], axis=1)
        chunk_ids = np.concatenate([best[1], chunk_ids], axis=1)
    take = min(k, scores.shape[1])
    top = np.argpartition(-scores, take - 1, axis=1)[:, :take]
    top_scores = np.take_along_axis(scores, top, axis=1)
    order = np.argsort(-top_scores, axis=1, kind="stable")
    return (
        np.take_along_axis(top_scores, order, axis=1),
        np.take_along_axis(np.take_along_axis(chunk_ids, top, axis=1), order, axis=1),
    )


def machine() -> dict[str, Any]:
    """Cores, memory and versions, recorded with every result."""
    import faiss
    import numpy

    mem_kb = 0
    try:
        with open("/proc/meminfo", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("MemTotal:"):
                    mem_kb = int(line.split()[1])
                    break
    except OSError:
        pass
    cpu_model = ""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as stream:
            for line in stream:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cores": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": cpu_model or platform.processor(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": numpy.__version__,
        "faiss": faiss.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def rss_bytes() -> int:
    """Resident set size of this process now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")
