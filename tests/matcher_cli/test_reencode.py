"""``matcher reencode`` against a real database: it runs its job here to the end, reports what
it encoded, encodes nothing the second time, and exits non-zero when the job failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.settings import get_settings
from matcher_cli import app
from tests import factories

runner = CliRunner()


@pytest.fixture
def database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    return db_url


def test_reencode_runs_its_job_and_reports_what_it_encoded(database: str, tmp_path: Path) -> None:
    path = tmp_path / "workers.jsonl"
    path.write_text("\n".join(json.dumps(factories.worker_data(n)) for n in range(1, 4)) + "\n")
    imported = runner.invoke(
        app, ["import", "workers", str(path), "--agency", "AG1", "--create-agency"]
    )
    assert imported.exit_code == 0, imported.output

    first = runner.invoke(app, ["reencode", "--embedder", "fake", "--model", "16"])
    assert first.exit_code == 0, first.output
    assert (
        "model fake-16: workers encoded 3, reused 0, vacancies encoded 0, reused 0" in first.output
    )
    again = runner.invoke(app, ["reencode", "--embedder", "fake", "--model", "16"])
    assert again.exit_code == 0, again.output
    assert "workers encoded 0, reused 3" in again.output


def test_a_job_that_fails_exits_non_zero_with_the_reason(database: str) -> None:
    failed = runner.invoke(app, ["reencode", "--embedder", "fake", "--model", "wide"])
    assert failed.exit_code == 1, failed.output
    assert "the embedding model could not be loaded" in failed.output
    assert "failed" in failed.output


def test_an_unknown_embedder_is_a_usage_error() -> None:
    refused = runner.invoke(app, ["reencode", "--embedder", "word2vec"])
    assert refused.exit_code == 2
    assert "must be one of" in refused.output
