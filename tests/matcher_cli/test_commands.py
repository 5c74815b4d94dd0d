"""The command line against a real database: migrate, import with errors, idempotent re-import."""

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


def test_every_command_has_help() -> None:
    for args in (
        [],
        ["db"],
        ["import"],
        ["demo"],
        ["token"],
        ["events"],
        ["import", "workers", "--help"],
        ["eval", "--help"],
        ["serve", "--help"],
        ["bench", "--help"],
    ):
        result = runner.invoke(app, [*args, "--help"] if "--help" not in args else args)
        assert result.exit_code == 0, (args, result.output)
        assert "Usage" in result.output


def test_import_reports_bad_rows_and_is_idempotent(database: str, tmp_path: Path) -> None:
    rows = [factories.worker_data(n) for n in range(1, 5)]
    rows[2] = factories.worker_data(3, birth_date="not a date")
    path = tmp_path / "workers.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    report_path = tmp_path / "report.json"

    assert runner.invoke(app, ["db", "migrate"]).exit_code == 0
    report_args = ["--report", str(report_path)]
    first = runner.invoke(
        app,
        ["import", "workers", str(path), "--agency", "AG1", "--create-agency", *report_args],
    )
    second = runner.invoke(app, ["import", "workers", str(path), "--agency", "AG1"])

    assert first.exit_code == 3, "good rows stored, some refused: its own exit code"
    report = json.loads(report_path.read_text())
    assert (report["created"], report["error_count"]) == (3, 1)
    assert report["errors"] == [
        {
            "row": 3,
            "field": "birth_date",
            "column": None,
            "value": None,
            "message": report["errors"][0]["message"],
        }
    ]
    assert "created 0, updated 0, unchanged 3, errors 1" in second.output
    atomic = runner.invoke(
        app, ["import", "workers", str(path), "--agency", "AG1", "--all-or-nothing"]
    )
    assert atomic.exit_code == 1, "nothing stored: exit 1"


def test_import_reads_an_indonesian_excel_csv(database: str, tmp_path: Path) -> None:
    """A `;`-separated cp1252 file with Indonesian headers, as Indonesian Excel saves it."""
    path = tmp_path / "pekerja.csv"
    path.write_bytes(
        "No Induk;Nama Lengkap;Tanggal Lahir\r\nCLI-1;Ni Luh Café;2000-08-17\r\n".encode("cp1252")
    )
    assert runner.invoke(app, ["db", "migrate"]).exit_code == 0
    done = runner.invoke(
        app, ["import", "workers", str(path), "--agency", "AG1", "--create-agency"]
    )
    assert done.exit_code == 0, done.output
    assert "created 1" in done.output


def test_import_refuses_an_unknown_agency_unless_told_to_create_it(
    database: str, tmp_path: Path
) -> None:
    """``--agency AGI`` (a typo for AG1) once filed the import under a new agency AGI."""
    path = tmp_path / "workers.jsonl"
    path.write_text(json.dumps(factories.worker_data()) + "\n")
    assert runner.invoke(app, ["db", "migrate"]).exit_code == 0
    made = runner.invoke(
        app, ["import", "workers", str(path), "--agency", "AG1", "--create-agency"]
    )
    assert made.exit_code == 0, made.output

    typo = runner.invoke(app, ["import", "workers", str(path), "--agency", "AGI"])

    assert typo.exit_code == 1
    assert "no agency with external id 'AGI'" in typo.output
    assert "did you mean AG1?" in typo.output
    assert "--create-agency" in typo.output
    assert "rows" not in typo.output, "nothing was imported"
    again = runner.invoke(app, ["import", "workers", str(path), "--agency", "AG1"])
    assert again.exit_code == 0 and "unchanged 1" in again.output


def test_import_refuses_an_unmigrated_database(
    database: str, tmp_path: Path, pg_server_url: str
) -> None:
    path = tmp_path / "w.jsonl"
    path.write_text(json.dumps(factories.worker_data()) + "\n")
    result = runner.invoke(app, ["db", "status"])
    assert result.exit_code == 0 and "applied" in result.output
    bad = runner.invoke(app, ["import", "workers", str(path), "--agency", "AG1", "--format", "xml"])
    assert bad.exit_code != 0
    assert "json, jsonl or csv" in bad.output


def test_serve_refuses_a_bad_worker_count() -> None:
    result = runner.invoke(app, ["serve", "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output


def test_a_negative_worker_cache_size_is_refused_by_name() -> None:
    from pydantic import ValidationError

    from matcher.settings import Settings

    with pytest.raises(ValidationError) as raised:
        Settings.model_validate({"worker_cache_size": -1})
    assert raised.value.errors()[0]["loc"] == ("worker_cache_size",)
