"""``matcher eval``: NDCG@10, MRR and P@1 of every entry point on a labelled set.

``--set labelled`` (default) is the repository's labelled set with every task, name lookups
included; ``--set trades`` the harder trade-level set of issue 16, its development split and
its test split reported separately, each per SSW field too. ``--weight`` changes ranking
weights; ``--grid`` adds runs with other weights on the same engine (how weights are chosen on
the development split, and how the lexical signal is measured on and off).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.table import Table

from matcher.demo import load_labelled
from matcher.evaluation import EvalReport, run_evaluation
from matcher.evaluation.harness import RankingSet, run_ranking_evaluation
from matcher.ranking import RankingWeights
from matcher.settings import EmbedderKind, Settings, get_settings
from matcher.storage.database import resolve_database_url
from matcher_cli.runtime import console, run

SetName = Literal["labelled", "trades"]


def _weights(base: RankingWeights, assignments: str, option: str) -> RankingWeights:
    """``base`` with ``name=value,name=value`` applied (a bad name or value is a usage error)."""
    changes: dict[str, float] = {}
    for assignment in filter(None, (a.strip() for a in assignments.split(","))):
        name, sep, value = assignment.partition("=")
        if not sep or name.strip() not in RankingWeights.model_fields:
            raise typer.BadParameter(
                f"expected NAME=VALUE with NAME one of {', '.join(RankingWeights.model_fields)}",
                param_hint=option,
            )
        try:
            changes[name.strip()] = float(value)
        except ValueError as exc:
            raise typer.BadParameter(f"{value!r} is not a number", param_hint=option) from exc
    try:
        return RankingWeights.model_validate({**base.model_dump(), **changes})
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from exc


def _trade_splits() -> list[tuple[str, RankingSet]]:
    """The trade set's splits, development first (``matcher.evaluation.trades``)."""
    from matcher.evaluation.trades import load_trade_splits  # the set's own module

    return [(f"trades {name}", labelled) for name, labelled in load_trade_splits().items()]


def _reports(
    server: str, settings: Settings, set_name: SetName, grid: Sequence[RankingWeights]
) -> list[EvalReport]:
    if set_name == "labelled" and not grid:
        return [run(partial(run_evaluation, server, settings))]
    splits: list[tuple[str, RankingSet]] = (
        [("labelled", load_labelled())] if set_name == "labelled" else _trade_splits()
    )
    reports: list[EvalReport] = []
    for name, labelled in splits:
        reports.extend(
            run(partial(run_ranking_evaluation, server, settings, labelled, name, None, grid))
        )
    return reports


def _column(report: EvalReport) -> str:
    return f"{report.model_id}\n{report.label}" if report.label else report.model_id


def _print(reports: Sequence[EvalReport], title: str) -> None:
    table = Table(title=f"Ranking quality on the {title} (NDCG@10 / MRR / P@1)")
    table.add_column("task")
    for report in reports:
        table.add_column(_column(report))
    for i, task in enumerate(reports[0].tasks):
        cells = [
            f"{r.tasks[i].ndcg_at_10:.3f} / {r.tasks[i].mrr:.3f} / {r.tasks[i].p_at_1:.3f}"
            for r in reports
        ]
        table.add_row(f"{task.task} (n={task.queries})", *cells)
    console.print(table)
    first = reports[0].tasks[0]
    if not first.by_field or len(first.by_field) < 2:
        return
    fields = Table(title=f"{first.task} per SSW field (NDCG@10 / P@1)")
    fields.add_column("field")
    for report in reports:
        fields.add_column(_column(report))
    for code, scores in first.by_field.items():
        cells = []
        for report in reports:
            found = report.tasks[0].by_field.get(code)
            cells.append("-" if found is None else f"{found.ndcg_at_10:.3f} / {found.p_at_1:.3f}")
        fields.add_row(f"{code} (n={scores.queries})", *cells)
    console.print(fields)


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
    set_name: Annotated[
        str,
        typer.Option(
            "--set",
            help="labelled: the repository's labelled set, every task; trades: the trade-level "
            "set, development and test splits reported separately.",
        ),
    ] = "labelled",
    weight: Annotated[
        str | None,
        typer.Option("--weight", help="Ranking weights to use, e.g. 'lexical=0,semantic=0.4'."),
    ] = None,
    grid: Annotated[
        list[str] | None,
        typer.Option(
            "--grid",
            help="Also rank with these weights on the same engine (repeat), e.g. 'lexical=0'.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
) -> None:
    """Measure ranking quality through the real engine on a scratch database."""
    if set_name not in ("labelled", "trades"):
        raise typer.BadParameter(f"unknown set {set_name!r}", param_hint="--set")
    chosen_set: SetName = "trades" if set_name == "trades" else "labelled"
    settings = get_settings()
    kinds = embedder or [settings.embedder]
    server = resolve_database_url(settings)
    reports: list[EvalReport] = []
    for kind in kinds:
        if kind not in ("use-multilingual", "sentence-transformers", "fake"):
            raise typer.BadParameter(f"unknown embedder {kind!r}", param_hint="--embedder")
        kind_typed: EmbedderKind = kind  # type: ignore[assignment]
        ranking = _weights(settings.ranking, weight or "", "--weight")
        scoped = settings.model_copy(
            update={"embedder": kind_typed, "embedder_model": model, "ranking": ranking}
        )
        weights_grid = [_weights(ranking, g, "--grid") for g in grid or []]
        reports.extend(_reports(server, scoped, chosen_set, weights_grid))
    _print(reports, "labelled set" if chosen_set == "labelled" else "trade set")
    if output is not None:
        payload: list[dict[str, Any]] = [
            {
                "model_id": r.model_id,
                **({"label": r.label} if r.label else {}),
                "seconds": round(r.seconds, 1),
                "tasks": [asdict(t) for t in r.tasks],
            }
            for r in reports
        ]
        output.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
