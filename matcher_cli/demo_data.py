"""``matcher demo ...``: generate demo data from the command line (mounted by the main CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from matcher.demo.generator import GenerationSummary, generate
from matcher.demo.presets import DEFAULT_SEED, demo_sizes, ensure_preset

demo_app = typer.Typer(
    help="Deterministic demo data: Indonesian workers, Japanese employers and vacancies.",
    no_args_is_help=True,
)


def _progress_bars(workers: int, employers: int) -> tuple[Progress, dict[str, TaskID]]:
    progress = Progress(
        TextColumn("{task.description:>9}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    tasks = {
        "employers": progress.add_task("employers", total=employers),
        "workers": progress.add_task("workers", total=workers),
    }
    return progress, tasks


def _print_summary(console: Console, summary: GenerationSummary) -> None:
    table = Table(title=f"Demo data in {summary.out_dir}")
    table.add_column("file")
    table.add_column("rows", justify="right")
    table.add_column("MB", justify="right")
    rows = {
        "workers.jsonl": summary.workers,
        "employers.jsonl": summary.employers,
        "vacancies.jsonl": summary.vacancies,
    }
    for name, count in rows.items():
        table.add_row(name, f"{count:,}", f"{summary.bytes.get(name, 0) / 1e6:.1f}")
    console.print(table)
    console.print(
        f"{summary.seconds:.1f} s, {summary.workers_per_second:,.0f} workers/s, seed {summary.seed}"
    )


@demo_app.command("generate")
def generate_command(
    out: Annotated[
        Path, typer.Option("--out", help="Directory for workers/employers/vacancies.jsonl.")
    ] = Path("var/demo"),
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="Number of worker profiles to generate.")
    ] = 2_000,
    employers: Annotated[
        int, typer.Option("--employers", min=0, help="Number of employers to generate.")
    ] = 120,
    vacancies_per_employer: Annotated[
        float,
        typer.Option(
            "--vacancies-per-employer", min=1, help="Average vacancies per employer (1..2n-1)."
        ),
    ] = 4.0,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed gives the same files.")
    ] = DEFAULT_SEED,
) -> None:
    """Write workers.jsonl, employers.jsonl and vacancies.jsonl (one JSON object per line)."""
    console = Console(stderr=True)
    progress, tasks = _progress_bars(workers, employers)
    with progress:
        summary = generate(
            out,
            workers=workers,
            employers=employers,
            seed=seed,
            vacancies_per_employer=vacancies_per_employer,
            progress=lambda kind, done: progress.update(tasks[kind], completed=done),
        )
    _print_summary(console, summary)


@demo_app.command("preset")
def preset_command(
    name: Annotated[
        str, typer.Argument(help=f"Preset size: one of {', '.join(demo_sizes)}.")
    ] = "demo",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Directory for the files (default: var/demo/<preset>)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = DEFAULT_SEED,
) -> None:
    """Generate a preset's files unless an identical set (same manifest) is already there."""
    if name not in demo_sizes:
        raise typer.BadParameter(f"expected one of {', '.join(demo_sizes)}", param_hint="NAME")
    console = Console(stderr=True)
    directory = out or Path("var/demo") / name
    size = demo_sizes[name]
    progress, tasks = _progress_bars(size.workers, size.employers)
    with progress:
        files = ensure_preset(
            name,
            directory,
            seed,
            progress=lambda kind, done: progress.update(tasks[kind], completed=done),
        )
    state = "generated" if files.generated else "already up to date"
    console.print(f"{name}: {state} in {files.directory}")
