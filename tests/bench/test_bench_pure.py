"""The benchmark's pure helpers (no timing assertions: targets live in the benchmark)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench.config import SECTIONS, Targets, quick_config
from bench.report import RESULTS_START, render_document, render_result, targets
from bench.stats import exact_top_k, merge_top_k, recall_at_k, summarise_latencies
from bench.vectors import ClusteredVectors


def test_latency_percentiles_are_in_milliseconds() -> None:
    summary = summarise_latencies([0.001 * i for i in range(1, 101)])
    assert summary.n == 100
    assert summary.p50_ms == pytest.approx(50.5)
    assert summary.p99_ms == pytest.approx(99.01)
    assert summary.max_ms == pytest.approx(100.0)


def test_latency_summary_needs_timings() -> None:
    with pytest.raises(ValueError, match="no timings"):
        summarise_latencies([])


def test_recall_counts_shared_ids_and_short_answers() -> None:
    assert recall_at_k([[1, 2, 3, 4]], [[1, 2, 5, 6]], 4) == 0.5
    # A filtered query with only two eligible ids is scored against those two.
    assert recall_at_k([[7, 8]], [[8, 7]], 20) == 1.0
    # No exact answer at all: skipped rather than counted as zero.
    assert recall_at_k([[], [1]], [[], [1]], 20) == 1.0


def test_chunked_top_k_equals_exact_top_k() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((500, 16)).astype(np.float32)
    queries = rng.standard_normal((7, 16)).astype(np.float32)
    ids = np.arange(100, 600, dtype=np.int64)
    best = None
    for start in range(0, 500, 128):
        best = merge_top_k(
            best, queries @ vectors[start : start + 128].T, ids[start : start + 128], 10
        )
    assert best is not None
    assert best[1].tolist() == exact_top_k(queries, vectors, ids, 10)


def test_exact_top_k_honours_allowed_ids() -> None:
    vectors = np.eye(4, dtype=np.float32)
    ids = np.array([10, 20, 30, 40], dtype=np.int64)
    query = np.array([[1.0, 0.9, 0.8, 0.7]], dtype=np.float32)
    assert exact_top_k(query, vectors, ids, 2, [np.array([30, 40])]) == [[30, 40]]
    assert exact_top_k(query, vectors, ids, 2, [np.array([], dtype=np.int64)]) == [[]]


def test_synthetic_vectors_are_unit_and_repeatable() -> None:
    source = ClusteredVectors(1000, 32, clusters=5)
    a = source.chunk(100, 200)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a, source.chunk(100, 200))
    assert source.queries(3).shape == (3, 32)


def test_quick_config_is_small_and_fake() -> None:
    config = quick_config()
    assert config.quick and config.embedder == "fake"
    assert config.preset == "demo"
    assert set(config.sections) == set(SECTIONS)


def test_targets_and_rendering_of_a_partial_result() -> None:
    result = {
        "label": "x",
        "preset": "100k",
        "sections": {
            "match": {"vacancy_to_workers_eligible": {"p99_ms": 8.0}},
            "http": {
                "clients_8": {
                    "p99_ms": 70.0,
                    "requests_per_s": 210.0,
                    "cpu_ms_per_request": {"server": 6.5},
                }
            },
            "timetable": {
                "employers": 1,
                "workers": 1,
                "slots": 1,
                "optimal_s": 6.0,
                "stable_s": 1.0,
                "optimal_interviews": 1,
                "stable_interviews": 1,
            },
        },
    }
    checks = {c.name: c.met for c in targets(result, Targets())}
    assert checks["vacancy -> top-20, eligible, in-process p99"] is True
    assert checks["timetable solve (optimal, stable)"] is False
    assert checks["vacancy -> top-20 over HTTP, 8 clients, p99"] is False
    assert checks["vacancy -> top-20 over HTTP, 8 clients, throughput"] is True
    assert checks["server CPU per request (8 clients)"] is False
    assert checks["import at 100k (USE)"] is None
    rendered = json.loads(json.dumps(result))
    del rendered["sections"]["match"]  # the tables need full sections; targets do not
    del rendered["sections"]["http"]
    text = render_result(rendered, Targets())
    assert "**not met**" in text and "not measured" in text


def test_http_rows_show_cpu_per_request_when_measured() -> None:
    row = {"n": 400, "p50_ms": 80.0, "p99_ms": 250.0, "requests_per_s": 85.2, "errors": 0}
    cpu = {"client": 2.93, "server": 17.05, "postgres": 1.95, "total": 21.93}
    result = {
        "sections": {
            "http": {
                "server_processes": 2,
                "clients_1": row,  # a result file from before CPU was kept
                "clients_8": {**row, "cpu_ms_per_request": cpu},
            }
        }
    }
    lines = [
        line
        for line in render_result(result, Targets()).splitlines()
        if line[:4] in ("| 1 ", "| 8 ")
    ]
    assert lines[0].endswith("| 0 | - |")
    assert lines[1].endswith("| 0 | 2.9, 17.1, 1.9 (21.9) |")


def test_regenerating_the_document_keeps_the_hand_written_sections() -> None:
    """`matcher bench` rewrites only its tables: the analysis around them survives a run."""
    run = {"label": "quick", "started_at": "2026-12-02T00:00:00+00:00", "sections": {}}
    first = render_document([run], Targets(), "# Benchmarks\n\n## Results", "## Notes\n\nold")
    assert first.startswith("# Benchmarks") and first.rstrip().endswith("old")
    edited = first.replace("## Notes", "## Where the time goes\n\nby hand\n\n## Notes")
    edited = "# Benchmarks, edited preamble" + edited.removeprefix("# Benchmarks")
    second = {**run, "label": "second"}
    again = render_document([run, second], Targets(), "# ignored", "## ignored", edited)
    assert again.startswith("# Benchmarks, edited preamble")
    assert "by hand" in again and "## ignored" not in again and "# ignored" not in again
    assert "### Run `second`" in again and again.count("### Run `quick`") == 1
    head, _, _ = again.partition(RESULTS_START)
    assert "### Run" not in head
