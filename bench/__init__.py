"""Benchmarks of the matcher: import, index, matching (in-process and HTTP), pgvector, timetable.

One module per concern, each returning a plain ``dict`` section; ``bench.runner`` runs the
selected sections and ``bench.report`` writes them as JSON (``bench/results/``) and as the
table in ``docs/benchmarks.md``. Targets live here, never in timed tests: a benchmark reports
"met" or "not met"; it never fails a build.

Entry point: ``matcher bench`` (``--quick`` for a CI smoke run of about a minute that works
with the fake embedder).
"""

from bench.config import BenchConfig, quick_config
from bench.stats import LatencySummary, recall_at_k, summarise_latencies

__all__ = ["BenchConfig", "LatencySummary", "quick_config", "recall_at_k", "summarise_latencies"]
