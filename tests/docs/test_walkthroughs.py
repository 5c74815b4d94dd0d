"""The walkthroughs of docs/api.md and docs/events.md run as written against the demo data
that `make run` loads (issue 19: ids that only existed on an empty database, unset variables).

A shell block preceded by ``<!-- walkthrough -->`` is run with every ``curl`` failing on an
HTTP error; ``<!-- walkthrough: shows-an-error -->`` marks a block that demonstrates an error
answer on purpose (run, but its status is not checked). The blocks of one document run in order
in one ``bash -euo pipefail``, so a variable one block sets is there for the next and an unset
one fails the test. The only rewriting is the address: ``localhost:8000`` becomes the test
server's port.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import pytest

from tests.api.live.conftest import server_env, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
MARK = re.compile(r"<!-- walkthrough(?P<kind>: shows-an-error)? -->\n```sh\n(?P<body>.*?)```", re.S)
SCRIPT_TIMEOUT_S = 60


@dataclass
class Demo:
    base_url: str
    env: dict[str, str]


def walkthrough(doc: Path) -> tuple[str, int]:
    """The document's marked blocks as one script, and how many blocks it has."""
    parts = []
    blocks = list(MARK.finditer(doc.read_text()))
    for n, block in enumerate(blocks, start=1):
        body = block["body"]
        if block["kind"]:
            parts.append(f"# --- block {n} (shows an error)\nCURL_FAIL=\n{body}CURL_FAIL=1\n")
        else:
            parts.append(f"# --- block {n}\n{body}")
    return "\n".join(parts), len(blocks)


PREAMBLE = """
set -euo pipefail
CURL_FAIL=1
# Every request of a walkthrough must succeed, unless its block shows an error on purpose.
curl() {
  if [ -n "$CURL_FAIL" ]; then command curl --fail-with-body --show-error "$@"
  else command curl "$@"; fi
}
"""


@pytest.fixture
async def demo(db_url: str, tmp_path: Path) -> AsyncIterator[Demo]:
    """`matcher demo load` into the test's database, served by a real `matcher serve`."""
    env = server_env(db_url, tmp_path / "var")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    loaded = await anyio.to_thread.run_sync(
        lambda: subprocess.run(
            [sys.executable, "-m", "matcher_cli", "demo", "load", "--dir", str(tmp_path / "demo")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    process, base_url = await anyio.to_thread.run_sync(start_server, env, tmp_path / "serve.log")
    try:
        yield Demo(base_url, env)
    finally:
        await anyio.to_thread.run_sync(stop_server, process)


def _run(doc: str, demo: Demo, workdir: Path) -> subprocess.CompletedProcess[str]:
    script, blocks = walkthrough(ROOT / doc)
    assert blocks >= 3, f"{doc} marks its walkthrough blocks with <!-- walkthrough -->"
    port = demo.base_url.rsplit(":", 1)[1]
    script = script.replace("localhost:8000", f"127.0.0.1:{port}")
    # `.venv/bin/matcher` as the docs write it, from the checkout the test runs in.
    script = script.replace(".venv/bin/matcher", f"{Path(sys.executable).parent}/matcher")
    return subprocess.run(
        ["bash", "-c", PREAMBLE + script],
        cwd=workdir,
        env=demo.env,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT_S,
        check=False,
    )


@pytest.mark.skipif(shutil.which("jq") is None or shutil.which("curl") is None, reason="jq, curl")
async def test_the_walkthroughs_run_against_the_demo_data(demo: Demo, tmp_path: Path) -> None:
    for doc in ("docs/api.md", "docs/events.md"):
        workdir = tmp_path / Path(doc).stem
        workdir.mkdir()
        result = await anyio.to_thread.run_sync(_run, doc, demo, workdir)
        assert result.returncode == 0, f"{doc}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
