"""``matcher bench``: the benchmark harness in ``bench/`` (speed, scale, memory, pgvector).

``bench`` is a package of its own beside ``matcher``; this module imports it only when the
command runs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer


def bench_command(
    quick: Annotated[
        bool, typer.Option("--quick", help="CI smoke run: 2k workers, fake embedder, ~1 min.")
    ] = False,
    preset: Annotated[str, typer.Option(help="Demo data size: demo, 10k, 100k.")] = "100k",
    embedder: Annotated[
        str | None, typer.Option(help="use-multilingual (default) or fake.")
    ] = None,
    floor: Annotated[
        bool, typer.Option("--floor/--no-floor", help="Also import with the fake embedder.")
    ] = True,
    sections: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated subset of: embed, import, index, match, http, "
            "pgvector, timetable, million."
        ),
    ] = None,
    queries: Annotated[int | None, typer.Option(min=5, help="Queries per series.")] = None,
    http_requests: Annotated[
        int | None, typer.Option(min=8, help="Requests per HTTP series.")
    ] = None,
    serve_workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Server processes for the HTTP section (default 2)."),
    ] = None,
    data_dir: Annotated[Path, typer.Option(help="Bench data, PostgreSQL, logs.")] = Path(
        "var/bench"
    ),
    label: Annotated[str | None, typer.Option(help="Result file name (default: preset).")] = None,
    reuse: Annotated[
        bool,
        typer.Option(
            "--reuse", help="Without the import section: use the database an earlier run imported."
        ),
    ] = False,
    merge: Annotated[
        list[Path] | None, typer.Option(help="Copy unmeasured sections from this result file.")
    ] = None,
) -> None:
    """Benchmark import, index, matching (in-process, HTTP), pgvector and the timetable."""
    import anyio

    from bench.config import SECTIONS, BenchConfig, quick_config
    from bench.document import PREAMBLE, notes
    from bench.runner import command_line, merge_sections, run, stderr_progress, write_outputs
    from matcher.embedding import configure_threads

    config = (
        quick_config(data_dir=data_dir) if quick else BenchConfig(preset=preset, data_dir=data_dir)
    )
    if embedder is not None:
        config = replace(config, embedder=embedder)
    if not floor or config.embedder == "fake":
        config = replace(config, floor_embedder=None)
    if sections is not None:
        chosen = tuple(s.strip() for s in sections.split(",") if s.strip())
        unknown = sorted(set(chosen) - set(SECTIONS))
        if unknown:
            raise typer.BadParameter(f"unknown sections {unknown}", param_hint="--sections")
        config = replace(config, sections=chosen)
    if reuse:
        config = replace(config, reuse=True)
    if queries is not None:
        config = replace(config, queries=queries)
    if http_requests is not None:
        config = replace(config, http_requests=http_requests)
    if serve_workers is not None:
        config = replace(config, serve_workers=serve_workers)
    configure_threads(config.threads)
    result = anyio.run(run, config, command_line())
    if label is not None:
        result["label"] = label
    merge_sections(result, list(merge or []))
    target = config.results_dir / f"{label or config.label}.json"
    write_outputs(result, replace(config), PREAMBLE, notes(), path=target)
    stderr_progress(f"results: {target} and {config.doc_path} ({result['wall_s']} s)")
