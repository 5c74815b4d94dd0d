"""Timetable section: solve time of both modes on the Sendai-shaped synthetic event."""

from __future__ import annotations

from typing import Any

from matcher.scheduling.synthetic import bench_timetable as solve_both


def bench_timetable(employers: int, workers: int, slots: int, seed: int = 0) -> dict[str, Any]:
    timings = solve_both(seed, n_employers=employers, n_workers=workers, n_slots=slots)
    return {
        "employers": employers,
        "workers": workers,
        "slots": slots,
        "optimal_s": round(timings["optimal"], 2),
        "stable_s": round(timings["stable"], 2),
        "optimal_interviews": int(timings["optimal_interviews"]),
        "stable_interviews": int(timings["stable_interviews"]),
    }
