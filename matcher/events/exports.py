"""Timetable exports: CSV per employer, per worker and per room (booth), and printable HTML.

Rendering is pure: the service gathers ``ExportRow``s the caller may see, this module lays
them out. The HTML template ships in the package (``templates/timetable.html``), autoescaped,
UTF-8, with fonts that cover Japanese and Indonesian.

CSV files are opened in spreadsheets, where names come from employers, agencies and workers:
every cell goes through ``csv_cell`` (OWASP "CSV injection": text that would start a formula
gets a leading ``'``), and the bytes are UTF-8 with a BOM (``CSV_ENCODING``), which Japanese
Excel needs to read UTF-8 at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
(OWASP "CSV Injection")."""

CsvValue = str | int | Decimal


def csv_cell(value: CsvValue) -> str:
    """The text of one CSV cell, safe to open in a spreadsheet.

    Text (names, titles, anything a user typed) that starts with one of ``FORMULA_TRIGGERS``
    gets a leading single quote, so ``=HYPERLINK("http://evil.example","click")`` is shown as
    text instead of run. Text that already starts with ``'`` gets one too, so the rule for
    reading a file back is exact: drop one leading ``'`` if there is one.

    Numbers we computed ourselves (ids, slot and booth numbers: ``int``; scores: ``Decimal``,
    to fix the digits written) are written as plain numbers, never quoted: a negative number
    such as ``-0.2500`` is a value to a spreadsheet, not a formula, and prefixing it would turn
    it into text that no longer sums. Only these types count as numbers: a numeric-looking
    *string* is text like any other and is neutralised if it starts with ``-`` or ``+``.
    """
    if isinstance(value, bool):  # bool is an int subclass, but not a number we write
        value = str(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if value.startswith(FORMULA_TRIGGERS) or value.startswith("'"):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[CsvValue]]) -> bytes:
    """A CSV file (UTF-8 with BOM, RFC 4180 ``CRLF`` line ends) whose every cell, header
    included, went through ``csv_cell``. Every CSV this module produces is written here.

    The line end must be ``CRLF``: Python's writer quotes a cell only for the characters of
    its line terminator, so with ``LF`` alone a carriage return inside a name went out
    unquoted and split the row in two."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue().encode(CSV_ENCODING)


CSV_COLUMNS = (
    "event_id",
    "slot",
    "start",
    "end",
    "employer_id",
    "employer_name",
    "booth",
    "worker_id",
    "worker_name",
    "vacancy_id",
    "vacancy_title",
    "ssw_field",
    "score",
    "status",
)


@dataclass(frozen=True, slots=True)
class ExportRow:
    event_id: int
    slot: int
    start: datetime
    end: datetime
    employer_id: int
    employer_name: str
    booth: int
    worker_id: int
    worker_name: str
    vacancy_id: int
    vacancy_title: str
    ssw_field: str
    score: float
    status: str


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes


_ORDER = {
    "employer": lambda r: (r.employer_id, r.slot, r.booth),
    "worker": lambda r: (r.worker_id, r.slot),
    "room": lambda r: (r.employer_id, r.booth, r.slot),
}


def render_csv(rows: Sequence[ExportRow], kind: str, tz: ZoneInfo) -> bytes:
    """One line per interview, sorted for the audience: ``employer`` (by employer, slot),
    ``worker`` (by worker, slot) or ``room`` (by booth, slot: what a table's host prints).
    The encoded file (``CSV_ENCODING``, cells neutralised by ``csv_cell``)."""
    return write_csv(
        CSV_COLUMNS,
        (
            (
                r.event_id,
                r.slot,
                r.start.astimezone(tz).isoformat(),
                r.end.astimezone(tz).isoformat(),
                r.employer_id,
                r.employer_name,
                r.booth,
                r.worker_id,
                r.worker_name,
                r.vacancy_id,
                r.vacancy_title,
                r.ssw_field,
                Decimal(f"{r.score:.4f}"),
                r.status,
            )
            for r in sorted(rows, key=_ORDER[kind])
        ),
    )


_env = Environment(
    loader=PackageLoader("matcher.events", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(
    rows: Sequence[ExportRow],
    *,
    event_name: str,
    venue: str,
    tz: ZoneInfo,
    slots: Sequence[tuple[int, datetime, datetime]],
) -> str:
    """A printable page per employer: a grid of slots (rows) by booths (columns)."""
    employers: dict[int, dict[str, object]] = {}
    for r in sorted(rows, key=_ORDER["room"]):
        page = employers.setdefault(
            r.employer_id, {"name": r.employer_name, "booths": 0, "cells": {}}
        )
        page["booths"] = max(int(str(page["booths"])), r.booth)
        cells = page["cells"]
        assert isinstance(cells, dict)
        cells[(r.slot, r.booth)] = r
    return _env.get_template("timetable.html").render(
        event_name=event_name,
        venue=venue,
        tz=str(tz),
        slots=[(n, s.astimezone(tz), e.astimezone(tz)) for n, s, e in slots],
        employers=[(eid, employers[eid]) for eid in sorted(employers)],
    )
