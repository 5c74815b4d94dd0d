"""Named data-set sizes for demos and benchmarks, with a cache keyed by a manifest.

``ensure_preset("100k", Path("var/bench/100k"))`` generates the files once; later calls find a
``manifest.json`` recording the preset, seed, sizes, generator version and a digest of the word
lists, check that the files still have the recorded sizes, and return without regenerating.
The manifest is written last, so an interrupted run is regenerated next time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher.demo.generator import (
    DATA_FILES,
    GENERATOR_VERSION,
    GenerationSummary,
    ProgressCallback,
    generate,
)
from matcher.demo.sampling import REFERENCE_DATE
from matcher.demo.vocabulary import load_vocabulary

MANIFEST_FILE = "manifest.json"
DEFAULT_SEED = 20240906
"""Day 1 of the Jakarta matching event with 46 Miyagi companies."""


@dataclass(frozen=True)
class DemoSize:
    """How many rows a preset generates."""

    workers: int
    employers: int
    vacancies_per_employer: int


demo_sizes: dict[str, DemoSize] = {
    "demo": DemoSize(workers=2_000, employers=120, vacancies_per_employer=4),
    "10k": DemoSize(workers=10_000, employers=300, vacancies_per_employer=4),
    "100k": DemoSize(workers=100_000, employers=1_500, vacancies_per_employer=4),
    "1m": DemoSize(workers=1_000_000, employers=6_000, vacancies_per_employer=4),
}
"""Preset name -> sizes. ``vacancies_per_employer`` is an average (1..7 per employer)."""


@dataclass(frozen=True)
class PresetFiles:
    """Where a preset's files are, and whether this call generated them."""

    directory: Path
    workers: Path
    employers: Path
    vacancies: Path
    manifest: dict[str, Any]
    generated: bool


def _expected(preset: str, size: DemoSize, seed: int) -> dict[str, Any]:
    return {
        "preset": preset,
        "seed": seed,
        "workers": size.workers,
        "employers": size.employers,
        "vacancies_per_employer": size.vacancies_per_employer,
        "generator_version": GENERATOR_VERSION,
        "vocabulary_digest": load_vocabulary().digest,
        "reference_date": REFERENCE_DATE.isoformat(),
    }


def _cached(out_dir: Path, expected: dict[str, Any]) -> dict[str, Any] | None:
    path = out_dir / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if any(manifest.get(key) != value for key, value in expected.items()):
        return None
    sizes = manifest.get("bytes", {})
    for name in DATA_FILES:
        file = out_dir / name
        if not file.is_file() or file.stat().st_size != sizes.get(name):
            return None
    return manifest


def ensure_preset(
    preset: str,
    out_dir: Path,
    seed: int = DEFAULT_SEED,
    *,
    progress: ProgressCallback | None = None,
) -> PresetFiles:
    """Generate the preset's files into ``out_dir`` unless an identical set is already there."""
    try:
        size = demo_sizes[preset]
    except KeyError:
        raise ValueError(
            f"unknown preset {preset!r}; expected one of {sorted(demo_sizes)}"
        ) from None
    expected = _expected(preset, size, seed)
    manifest = _cached(out_dir, expected)
    generated = manifest is None
    if manifest is None:
        (out_dir / MANIFEST_FILE).unlink(missing_ok=True)
        summary: GenerationSummary = generate(
            out_dir,
            workers=size.workers,
            employers=size.employers,
            seed=seed,
            vacancies_per_employer=float(size.vacancies_per_employer),
            progress=progress,
        )
        manifest = {
            **expected,
            "vacancies": summary.vacancies,
            "bytes": summary.bytes,
            "seconds": round(summary.seconds, 3),
        }
        tmp = out_dir / (MANIFEST_FILE + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        tmp.replace(out_dir / MANIFEST_FILE)
    return PresetFiles(
        directory=out_dir,
        workers=out_dir / DATA_FILES[0],
        employers=out_dir / DATA_FILES[1],
        vacancies=out_dir / DATA_FILES[2],
        manifest=manifest,
        generated=generated,
    )
