"""What a benchmark run does: sizes, embedder, request counts, where results go."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

SECTIONS = ("embed", "import", "index", "match", "http", "pgvector", "timetable", "million")
"""Every section in run order; ``--sections`` picks a subset."""


@dataclass(frozen=True, slots=True)
class Targets:
    """The goals of the issues, on 2 cores (matching and HTTP at 100k workers with
    ``serve --workers 2``: issue 17)."""

    import_rows_per_s: float = 1_000.0
    match_p99_ms: float = 10.0
    http_p99_ms_8_clients: float = 60.0
    http_requests_per_s_8_clients: float = 200.0
    server_cpu_ms_per_request: float = 5.0
    speedup_vs_pgvector: float = 5.0
    bytes_per_worker_1m: float = 1_536.0
    timetable_s: float = 5.0


@dataclass(frozen=True, slots=True)
class BenchConfig:
    """One run. ``preset`` names the demo data set (``matcher.demo.demo_sizes``)."""

    preset: str = "100k"
    embedder: str = "use-multilingual"
    floor_embedder: str | None = "fake"
    """Also import with this embedder (the floor: everything but the model)."""
    data_dir: Path = Path("var/bench")
    database: str = "bench_main"
    seed: int = 20240906
    threads: int = 2
    queries: int = 200
    """Vacancy -> workers queries per in-process series (and pgvector)."""
    http_requests: int = 400
    """Requests per HTTP series (split over the clients)."""
    http_clients: tuple[int, ...] = (1, 8)
    serve_workers: int = 2
    """``matcher serve --workers``: one process per core."""
    embed_texts: int = 2_000
    synthetic_size: int = 100_000
    million_size: int = 1_000_000
    recall_queries: int = 200
    timetable: tuple[int, int, int] = (120, 1_200, 12)
    sections: tuple[str, ...] = SECTIONS[:-1]
    quick: bool = False
    reuse: bool = False
    """Attach to the database of an earlier run instead of importing (when "import" is not run)."""
    targets: Targets = field(default_factory=Targets)
    results_dir: Path = Path("bench/results")
    doc_path: Path = Path("docs/benchmarks.md")

    @property
    def label(self) -> str:
        return "quick" if self.quick else self.preset

    @property
    def preset_dir(self) -> Path:
        return self.data_dir / "data" / f"{self.preset}-{self.seed}"

    @property
    def engine_dir(self) -> Path:
        """``MATCHER_DATA_DIR`` of the engine under test (snapshots); PostgreSQL is shared."""
        return self.data_dir / "engine" / f"{self.database}"


def quick_config(**overrides: object) -> BenchConfig:
    """The CI smoke run: 2k workers, the fake embedder, small request counts (about a minute)."""
    base = BenchConfig(
        preset="demo",
        embedder="fake",
        floor_embedder=None,
        database="bench_quick",
        queries=50,
        http_requests=48,
        embed_texts=500,
        synthetic_size=20_000,
        million_size=10_000,
        recall_queries=50,
        sections=(*SECTIONS[:-1], "million"),
        quick=True,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]
