"""Timetable exports opened in a spreadsheet (issue 14, observation 6).

Names typed by employers, agencies and workers went into the CSVs verbatim, so
``=HYPERLINK("http://evil.example","click")`` ran as a formula in Excel, and without a BOM
Japanese Excel showed the Japanese as garbage. Every test here reads the files back with
Python's csv module and checks every cell.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio
import asyncpg
import pytest
from typer.testing import CliRunner

from matcher.engine import MatchingEngine
from matcher.events import EventService
from matcher.events.exports import (
    CSV_COLUMNS,
    CSV_MEDIA_TYPE,
    ExportRow,
    csv_cell,
    render_csv,
    render_html,
)
from matcher.settings import get_settings
from matcher.storage.employers import EmployerRepository
from matcher.storage.vacancies import VacancyRepository
from matcher.storage.workers import WorkerRepository
from matcher_cli import app
from models.schemas.events import TimetableRequest
from tests import factories
from tests.matcher.events.conftest import Seed, setup_event

# Spelled out here rather than imported, so the test does not trust the module's own list.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = (
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'already quoted",
    "=宮城県 介護",
    "宮城介護 株式会社",
)
JAKARTA = ZoneInfo("Asia/Jakarta")
NAMED = [CSV_COLUMNS.index(c) for c in ("employer_name", "worker_name", "vacancy_title")]


def read_back(content: bytes) -> list[list[str]]:
    """The cells of a CSV file as a spreadsheet would get them: BOM first, UTF-8."""
    assert content.startswith(codecs.BOM_UTF8)
    text = content.decode("utf-8-sig")
    assert not text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def original(cell: str) -> str:
    """What was written, by the documented rule: drop one leading quote if there is one."""
    return cell[1:] if cell.startswith("'") else cell


def check_every_cell(table: list[list[str]]) -> None:
    assert table and all(len(row) == len(CSV_COLUMNS) for row in table)
    for row in table:
        for cell in row:
            assert not cell.startswith(DANGEROUS), (cell, row)


def hostile_rows() -> list[ExportRow]:
    start = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    rows = []
    for n, text in enumerate(HOSTILE):
        rows.append(
            ExportRow(
                event_id=1,
                slot=n + 1,
                start=start + timedelta(minutes=30 * n),
                end=start + timedelta(minutes=30 * n + 20),
                employer_id=100 + n,
                employer_name=text,
                booth=1,
                worker_id=200 + n,
                worker_name=HOSTILE[-1 - n],
                vacancy_id=300 + n,
                vacancy_title=f"{text} 介護職員",
                ssw_field="nursing_care",
                score=n / 10,
                status="scheduled",
            )
        )
    return rows


@pytest.mark.parametrize("kind", ["employer", "worker", "room"])
def test_every_cell_is_neutralised_and_recoverable(kind: str) -> None:
    rows = hostile_rows()
    table = read_back(render_csv(rows, kind, JAKARTA))
    check_every_cell(table)
    assert table[0] == list(CSV_COLUMNS)
    by_worker = {r.worker_id: r for r in rows}
    assert sorted(int(line[7]) for line in table[1:]) == sorted(by_worker)
    for line in table[1:]:
        got = dict(zip(CSV_COLUMNS, line, strict=True))
        r = by_worker[int(got["worker_id"])]
        assert original(got["employer_name"]) == r.employer_name
        assert original(got["worker_name"]) == r.worker_name
        assert original(got["vacancy_title"]) == r.vacancy_title
        # Our own numbers stay numbers (no quote in front, parse back exactly).
        assert (int(got["event_id"]), int(got["slot"]), int(got["booth"])) == (1, r.slot, 1)
        assert (int(got["employer_id"]), int(got["vacancy_id"])) == (r.employer_id, r.vacancy_id)
        assert Decimal(got["score"]) == Decimal(f"{r.score:.4f}")
        assert datetime.fromisoformat(got["start"]) == r.start
    # Every hostile text that needed it got exactly one quote in front.
    cells = {c for line in table for c in line}
    assert "'" + HOSTILE[0] in cells and "''already quoted" in cells
    assert "宮城介護 株式会社" in cells  # harmless text is untouched


def test_csv_cell_rule() -> None:
    for char in DANGEROUS:
        assert csv_cell(f"{char}x") == f"'{char}x"
    assert csv_cell("'x") == "''x"
    assert csv_cell("x=1") == "x=1" and csv_cell("") == ""
    # Numbers we computed are values, negative ones included; numeric-looking text is text.
    assert csv_cell(-3) == "-3" and csv_cell(Decimal("-0.2500")) == "-0.2500"
    assert csv_cell(42) == "42"
    assert csv_cell("-0.25") == "'-0.25"


def test_html_export_escapes_names() -> None:
    row = replace(
        hostile_rows()[0],
        employer_name='<script>alert("e")</script>',
        worker_name="<img src=x onerror=alert(1)>",
        vacancy_title='=HYPERLINK("http://evil.example","click") & <b>',
    )
    html = render_html(
        [row],
        event_name="<i>面接会</i>",
        venue="Jakarta",
        tz=JAKARTA,
        slots=[(row.slot, row.start, row.end)],
    )
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;e&#34;)" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&amp; &lt;b&gt;" in html
    assert "<i>面接会" not in html and "&lt;i&gt;面接会&lt;/i&gt;" in html


async def make_hostile(conn: asyncpg.Connection, seeded: Seed) -> None:
    """Rename the seeded employers, vacancies and workers to texts that start formulas (the
    first four of ``HOSTILE``: the models strip leading tabs and carriage returns, so those
    two reach a CSV only from older data and are covered by the rendering test above)."""
    employers, vacancies, workers = (
        EmployerRepository(conn),
        VacancyRepository(conn),
        WorkerRepository(conn),
    )
    for i, (key, n) in enumerate((("e1", 1), ("e2", 2), ("e3", 3))):
        name = HOSTILE[i % 4] + " 宮城介護"
        assert await employers.replace(seeded.employer[key], factories.employer(n, name=name))
    for i, (key, n) in enumerate((("v1a", 10), ("v1b", 11), ("v2", 20), ("v3", 30))):
        title = HOSTILE[(i + 1) % 4] + " 介護職員"
        profile = factories.vacancy(n, employer=None, employer_id=0, title=title)
        assert await vacancies.replace(seeded.vacancy[key], profile)
    for i, worker_id in enumerate(seeded.workers):
        name = HOSTILE[i % 4] + " Siti"
        assert await workers.replace(worker_id, factories.worker(i + 1, full_name=name))


async def test_service_exports_with_hostile_names(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine, booths=2)
    org = EventService(conn, seeded.org(), engine)
    await org.plan(event_id, TimetableRequest())
    await make_hostile(conn, seeded)
    interviews = await org.timetable(event_id)
    e1 = EventService(conn, seeded.emp("e1"), engine)
    for service in (org, e1):
        for kind in ("employer", "worker", "room"):
            file = await service.export(event_id, kind)
            assert file.media_type == CSV_MEDIA_TYPE == "text/csv; charset=utf-8"
            table = read_back(file.content)
            check_every_cell(table)
            if service is org:
                assert len(table) == 1 + len(interviews)
            texts = [original(line[i]) for line in table[1:] for i in NAMED]
            assert texts and all(t[0] in "=+-@" for t in texts)
            assert any("宮城介護" in t for t in texts)
    html = (await org.export(event_id, "html")).content.decode()
    assert "=HYPERLINK(&#34;http://evil.example&#34;" in html


async def test_cli_export_writes_the_service_bytes(
    conn: asyncpg.Connection,
    seeded: Seed,
    engine: MatchingEngine,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    org = EventService(conn, seeded.org(), engine)
    await org.plan(event_id, TimetableRequest())
    await make_hostile(conn, seeded)
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    out = tmp_path / "room.csv"
    args = ["events", "export", str(event_id), "--kind", "room", "--out", str(out)]
    result = await anyio.to_thread.run_sync(lambda: CliRunner().invoke(app, args))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (await org.export(event_id, "room")).content
    check_every_cell(read_back(out.read_bytes()))
