"""Deterministic, realistic demo data: workers, employers and vacancies as JSON Lines.

Each line of ``workers.jsonl``, ``employers.jsonl`` and ``vacancies.jsonl`` is a
``WorkerProfile``, ``EmployerProfile`` or ``VacancyProfile`` (with its employer embedded, as the
data contract allows). Rows are written as they are made, so memory stays flat for a million
workers; there is no pydantic in the hot path (the tests validate every line instead).

Determinism: every draw comes from ``random.Random`` instances seeded from ``seed`` (one stream
for workers, one for employers and vacancies), never the global generator, and all dates are
relative to a fixed ``REFERENCE_DATE``, never today. Same seed and sizes give the same bytes, and
the first N workers do not depend on how many are generated.

About half the workers look eligible for a typical vacancy of their main occupation (the skill
test of its job category, N4 or JFT-Basic A2, a certificate valid on the start date, available in
time); the others miss something, so that shortlists show both reasons and gaps. The job-category
terms (categories of tests and vacancies, intern-training completion, licences, SSW(i) months,
dispatch, SSW(ii)) are described in ``workers`` and ``employers``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from matcher.demo.employers import EmployerFactory, VacanciesPerEmployer
from matcher.demo.sampling import REFERENCE_DATE
from matcher.demo.vocabulary import load_vocabulary
from matcher.demo.workers import WorkerFactory

GENERATOR_VERSION = 2
"""Bump when the output for a given seed changes, so cached benchmark files are rebuilt.

2: job categories, intern-training completion, licences, SSW(i) months, certificate
verification and suspension, vacancy category/employment/licences (drawn from separate
``terms`` streams: every version-1 attribute keeps its value)."""

WORKERS_FILE = "workers.jsonl"
EMPLOYERS_FILE = "employers.jsonl"
VACANCIES_FILE = "vacancies.jsonl"
DATA_FILES = (WORKERS_FILE, EMPLOYERS_FILE, VACANCIES_FILE)

ProgressCallback = Callable[[str, int], None]
"""Told ("employers" | "workers", rows written so far) every ``PROGRESS_EVERY`` rows and at the end."""

PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class GenerationSummary:
    """What ``generate`` wrote."""

    out_dir: Path
    seed: int
    workers: int
    employers: int
    vacancies: int
    seconds: float
    bytes: dict[str, int] = field(default_factory=dict)
    vacancies_by_field: dict[str, int] = field(default_factory=dict)

    @property
    def workers_per_second(self) -> float:
        """Workers per wall-clock second (employers and vacancies included in the time)."""
        return self.workers / self.seconds if self.seconds > 0 else float("inf")


def _dump(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def generate(
    out_dir: Path,
    workers: int,
    employers: int,
    seed: int,
    vacancies_per_employer: VacanciesPerEmployer = 4,
    *,
    reference_date: date = REFERENCE_DATE,
    progress: ProgressCallback | None = None,
) -> GenerationSummary:
    """Write ``workers.jsonl``, ``employers.jsonl`` and ``vacancies.jsonl`` into ``out_dir``.

    ``vacancies_per_employer`` is a fixed count, an average or a ``range`` to draw from.
    ``progress`` (optional) is told how many rows of each kind are done.
    """
    if workers < 0 or employers < 0:
        raise ValueError("workers and employers must not be negative")
    vocab = load_vocabulary()
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    by_field: dict[str, int] = {}
    n_vacancies = 0

    employer_factory = EmployerFactory(
        vocab,
        random.Random(f"ssw-demo:{seed}:employers"),
        reference_date,
        vacancies_per_employer,
        terms=random.Random(f"ssw-demo:{seed}:vacancy-terms"),
    )
    with (
        (out_dir / EMPLOYERS_FILE).open("w", encoding="utf-8", newline="\n") as employers_out,
        (out_dir / VACANCIES_FILE).open("w", encoding="utf-8", newline="\n") as vacancies_out,
    ):
        for index in range(1, employers + 1):
            employer, vacancies = employer_factory.make(index)
            employers_out.write(_dump(employer))
            for vacancy in vacancies:
                vacancies_out.write(_dump(vacancy))
                by_field[vacancy["ssw_field"]] = by_field.get(vacancy["ssw_field"], 0) + 1
            n_vacancies += len(vacancies)
            if progress is not None and index % PROGRESS_EVERY == 0:
                progress("employers", index)
    if progress is not None:
        progress("employers", employers)

    worker_factory = WorkerFactory(
        vocab,
        random.Random(f"ssw-demo:{seed}:workers"),
        reference_date,
        terms=random.Random(f"ssw-demo:{seed}:worker-terms"),
    )
    with (out_dir / WORKERS_FILE).open(
        "w", encoding="utf-8", newline="\n", buffering=1 << 20
    ) as workers_out:
        write = workers_out.write
        line = worker_factory.line
        done = 0
        while done < workers:
            batch = min(PROGRESS_EVERY, workers - done)
            write("".join([line() for _ in range(batch)]))
            done += batch
            if progress is not None:
                progress("workers", done)
    if progress is not None and workers == 0:
        progress("workers", 0)

    return GenerationSummary(
        out_dir=out_dir,
        seed=seed,
        workers=workers,
        employers=employers,
        vacancies=n_vacancies,
        seconds=time.perf_counter() - started,
        bytes={name: (out_dir / name).stat().st_size for name in DATA_FILES},
        vacancies_by_field=dict(sorted(by_field.items())),
    )
