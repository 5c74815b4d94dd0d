"""``matcher reencode``: encode every stored text for an embedder before a server switches to it.

The command stores a ``reencode`` job (owned by the admins, like one from
``POST /v1/admin/reencode``) and runs a job runner in this process with the re-encode handler
only, until that job has ended, showing its progress. A ``serve`` running meanwhile may take the
job up first; the command then follows it to its end all the same. Ctrl+C gives a job this
process runs back to the queue (it resumes where the stored vectors end). Exit codes: 0 the
job succeeded, 1 it failed or was cancelled (the reasons are printed), 2 a usage error.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from matcher.access import ADMIN
from matcher.embedding import EMBEDDER_KINDS, configure_threads
from matcher.jobs import JobRunner, JobSettings, render_job_error
from matcher.jobs.reencode import RESULT_KEYS, enqueue_reencode, reencode_handlers
from matcher.settings import EmbedderKind, get_settings
from matcher.storage.database import resolve_database_url
from matcher.storage.jobs import Job, JobRepository
from matcher_cli.runtime import console, database, run

POLL_S = 0.5
"""How often the command reads its job's progress (the runner saves it every heartbeat)."""


def _embedder_kind(value: str) -> str:
    if value not in EMBEDDER_KINDS:
        raise typer.BadParameter(f"must be one of {', '.join(EMBEDDER_KINDS)}")
    return value


async def _follow(job_id: int) -> Job:
    """Show the job's progress until it has finished; the finished job."""
    async with database() as conn:
        repo = JobRepository(conn)
        with Progress(
            TextColumn("re-encoding"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("reencode", total=None)
            while True:
                job = await repo.get(job_id)
                if job is None:  # purged: only after the retention, so not while we watch
                    raise RuntimeError(f"job {job_id} disappeared")
                progress.update(task, completed=job.progress_done, total=job.progress_total)
                if job.finished:
                    return job
                await asyncio.sleep(POLL_S)


def _print_result(result: dict[str, Any]) -> None:
    counts = ", ".join(
        f"{key} encoded {result[key]['encoded']}, reused {result[key]['reused']}"
        for key in RESULT_KEYS.values()
    )
    console.print(f"model {result['model_id']}: {counts}")


def reencode_command(
    embedder: Annotated[
        str,
        typer.Option(
            "--embedder",
            callback=_embedder_kind,
            help=f"The embedder a server will switch to: {', '.join(EMBEDDER_KINDS)}.",
        ),
    ],
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="sentence-transformers: a local path or cached name (default the packaged "
            "MiniLM); fake: its dimension.",
        ),
    ] = None,
) -> None:
    """Encode every worker and vacancy text for --embedder (and --model), as a job run here.

    Only texts whose stored vector for that model is missing or stale are encoded, so a server
    started with that embedder afterwards encodes nothing, and running this again costs little.
    """
    settings = get_settings()
    kind: EmbedderKind = embedder  # type: ignore[assignment]  # checked by _embedder_kind

    async def main() -> Job:
        job_settings = JobSettings()
        async with database() as conn:
            job = await enqueue_reencode(conn, ADMIN, kind, model, job_settings)
        console.print(f"job {job.id}: re-encoding for {kind}" + (f" {model}" if model else ""))
        configure_threads(settings.threads)
        runner = await JobRunner.start(
            resolve_database_url(settings), job_settings, reencode_handlers(settings)
        )
        try:
            return await _follow(job.id)
        finally:
            await runner.stop()

    job = run(main)
    if job.state != "succeeded":
        for error in job.errors:
            console.print(f"[red]{render_job_error(error.code, error.params)}[/red]")
        console.print(f"job {job.id} {job.state}")
        raise typer.Exit(1)
    assert job.result is not None
    _print_result(job.result)
