"""Where the cores go during a load series: CPU seconds of the client, the server, PostgreSQL.

On a 2-core box the load generator, the API processes and PostgreSQL share the cores, so a
latency figure alone cannot say whether the server or its neighbours are the bottleneck. Each
group is a process tree (the root, its live descendants, and the descendants it already reaped);
its CPU time is read before and after the series, and the difference per request is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import psutil


def tree_cpu_seconds(pid: int) -> float:
    """User + system seconds of ``pid``, its live descendants and its reaped children.

    A process that exits between listing and reading is skipped; a root that is gone counts 0.
    """
    try:
        root = psutil.Process(pid)
        times = root.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        descendants = root.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0.0
    for child in descendants:
        try:
            t = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system
    return total


def own_cpu_seconds() -> float:
    """User + system seconds of this process (every thread, not its children)."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


def postmaster_pid(pgdata: Path) -> int | None:
    """The PostgreSQL server's pid from ``postmaster.pid`` in its data directory, if running."""
    try:
        first = (pgdata / "postmaster.pid").read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(first) if first.strip().isdigit() else None


@dataclass(frozen=True, slots=True)
class CpuSnapshot:
    """CPU seconds per group at one moment."""

    seconds: Mapping[str, float]


class CpuMeter:
    """CPU seconds of named process groups: ``"client"`` (this process) plus one tree per pid."""

    def __init__(self, trees: Mapping[str, int | None]) -> None:
        self.trees = {name: pid for name, pid in trees.items() if pid is not None}

    def snapshot(self) -> CpuSnapshot:
        seconds = {"client": own_cpu_seconds()}
        seconds.update({name: tree_cpu_seconds(pid) for name, pid in self.trees.items()})
        return CpuSnapshot(seconds)

    @staticmethod
    def per_request_ms(before: CpuSnapshot, after: CpuSnapshot, requests: int) -> dict[str, float]:
        """Milliseconds of CPU per request by group, and their total."""
        if requests <= 0:
            raise ValueError("requests must be positive")
        out = {
            name: round(1000 * (after.seconds[name] - before.seconds[name]) / requests, 2)
            for name in before.seconds
        }
        out["total"] = round(sum(out.values()), 2)
        return out
