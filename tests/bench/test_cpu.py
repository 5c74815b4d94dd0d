"""CPU accounting of the HTTP section: process trees, reaped children, per-request arithmetic."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.cpu import CpuMeter, CpuSnapshot, postmaster_pid, tree_cpu_seconds

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"


def test_a_tree_counts_its_live_descendants() -> None:
    # The root (a shell) only waits; the CPU is burnt by its child, which is still alive.
    script = f"{sys.executable} -c '{BURN}'; sleep 30"
    root = subprocess.Popen(["sh", "-c", script])
    try:
        deadline = time.monotonic() + 30
        while tree_cpu_seconds(root.pid) < 0.25 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tree_cpu_seconds(root.pid) >= 0.25
    finally:
        root.kill()
        root.wait()


def test_a_tree_counts_children_it_already_reaped() -> None:
    script = f"{sys.executable} -c '{BURN}'; sleep 30"
    root = subprocess.Popen(["sh", "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not _reaped_child_time(root.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tree_cpu_seconds(root.pid) >= 0.25
    finally:
        root.kill()
        root.wait()


def _reaped_child_time(pid: int) -> bool:
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.children_user + times.children_system >= 0.25


def test_a_gone_process_counts_nothing() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert tree_cpu_seconds(gone.pid) == 0.0


def test_the_meter_reports_this_process_as_client() -> None:
    meter = CpuMeter({"server": None})
    before = meter.snapshot()
    end = time.process_time() + 0.2
    while time.process_time() < end:
        pass
    after = meter.snapshot()
    assert set(after.seconds) == {"client"}  # a group without a pid is left out
    assert after.seconds["client"] - before.seconds["client"] >= 0.15


def test_per_request_milliseconds_and_total() -> None:
    before = CpuSnapshot({"client": 1.0, "server": 10.0})
    after = CpuSnapshot({"client": 1.4, "server": 12.0})
    assert CpuMeter.per_request_ms(before, after, 100) == {
        "client": 4.0,
        "server": 20.0,
        "total": 24.0,
    }
    with pytest.raises(ValueError, match="positive"):
        CpuMeter.per_request_ms(before, after, 0)


def test_postmaster_pid_is_read_from_the_data_directory(tmp_path: Path) -> None:
    assert postmaster_pid(tmp_path) is None
    (tmp_path / "postmaster.pid").write_text("4242\n/var/lib/pg\n1700000000\n", encoding="utf-8")
    assert postmaster_pid(tmp_path) == 4242
    (tmp_path / "postmaster.pid").write_text("", encoding="utf-8")
    assert postmaster_pid(tmp_path) is None
