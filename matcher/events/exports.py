"""Timetable exports: CSV per employer, per worker and per room (booth), and printable HTML.

Rendering is pure: the service gathers ``ExportRow``s the caller may see, this module lays
them out. The HTML template ships in the package (``templates/timetable.html``), autoescaped,
UTF-8, with fonts that cover Japanese and Indonesian.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

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


def render_csv(rows: Sequence[ExportRow], kind: str, tz: ZoneInfo) -> str:
    """One line per interview, sorted for the audience: ``employer`` (by employer, slot),
    ``worker`` (by worker, slot) or ``room`` (by booth, slot: what a table's host prints)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in sorted(rows, key=_ORDER[kind]):
        writer.writerow(
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
                f"{r.score:.4f}",
                r.status,
            )
        )
    return out.getvalue()


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
