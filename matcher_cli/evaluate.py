"""``matcher eval``: NDCG@10, MRR and P@1 of every entry point on the labelled set."""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from matcher.evaluation import EvalReport, run_evaluation
from matcher.settings import EmbedderKind, get_settings
from matcher.storage.database import resolve_database_url
from matcher_cli.runtime import console, run


def eval_command(
    embedder: Annotated[
        list[str] | None,
        typer.Option(
            "--embedder",
            help="Embedder(s) to evaluate: use-multilingual, sentence-transformers, fake. "
            "Repeat to compare; default: the configured one.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="Model for sentence-transformers (default: packaged MiniLM)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
) -> None:
    """Measure ranking quality through the real engine on a scratch database."""
    settings = get_settings()
    kinds = embedder or [settings.embedder]
    server = resolve_database_url(settings)
    reports: list[EvalReport] = []
    for kind in kinds:
        if kind not in ("use-multilingual", "sentence-transformers", "fake"):
            raise typer.BadParameter(f"unknown embedder {kind!r}", param_hint="--embedder")
        kind_typed: EmbedderKind = kind  # type: ignore[assignment]
        scoped = settings.model_copy(update={"embedder": kind_typed, "embedder_model": model})

        reports.append(run(partial(run_evaluation, server, scoped)))
    table = Table(title="Ranking quality on the labelled set (NDCG@10 / MRR / P@1)")
    table.add_column("task")
    for report in reports:
        table.add_column(report.model_id)
    for i, task in enumerate(reports[0].tasks):
        cells = [
            f"{r.tasks[i].ndcg_at_10:.3f} / {r.tasks[i].mrr:.3f} / {r.tasks[i].p_at_1:.3f}"
            for r in reports
        ]
        table.add_row(f"{task.task} (n={task.queries})", *cells)
    console.print(table)
    if output is not None:
        payload = [
            {
                "model_id": r.model_id,
                "seconds": round(r.seconds, 1),
                "tasks": [asdict(t) for t in r.tasks],
            }
            for r in reports
        ]
        output.write_text(json.dumps(payload, indent=2))
