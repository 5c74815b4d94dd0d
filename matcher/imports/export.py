"""Worker CSV out: the import template and an agency's export, in the columns the reader reads.

The export writes every field of the contract (flat numbered columns for lists of objects, as
many as the longest list needs), so importing it again gives the same workers: nothing changes
(``unchanged``). Cells go through ``matcher.events.exports.write_csv``: UTF-8 with a BOM, and
text that would start a formula gets a leading ``'``, which the reader drops again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from matcher.events.exports import write_csv
from matcher.imports.columns import (
    FLAT_GROUPS,
    LIST_COLUMNS,
    PLAIN_COLUMNS,
    TEMPLATE_COLUMNS,
    UNIT_SEPARATOR,
    flat_name,
)
from models.worker import Worker, WorkerProfile


def template_csv() -> bytes:
    """The import template: the header row, in the file format the export uses."""
    return write_csv(TEMPLATE_COLUMNS, [])


def _text(value: Any) -> str:
    """A contract value as CSV text, as the reader reads it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return UNIT_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _plain(profile: WorkerProfile, column: str) -> str:
    if column.startswith("contact."):
        return _text(getattr(profile.contact, column.split(".")[1], None))
    value = getattr(profile, column)
    if column in LIST_COLUMNS:
        return UNIT_SEPARATOR.join(value)
    return _text(value)


def export_header(workers: Sequence[WorkerProfile]) -> list[str]:
    """The columns of an export: the plain ones, then every attribute of each flat group,
    numbered up to the longest list among ``workers``."""
    header = list(PLAIN_COLUMNS)
    for group in FLAT_GROUPS:
        longest = max((len(getattr(w, group.field)) for w in workers), default=0)
        for number in range(1, longest + 1):
            header.extend(flat_name(group, number, attribute) for attribute in group.attributes)
    return header


def export_row(profile: WorkerProfile, header: Sequence[str]) -> list[str]:
    """One worker as cells of ``header``."""
    cells = {column: _plain(profile, column) for column in PLAIN_COLUMNS}
    for group in FLAT_GROUPS:
        for number, item in enumerate(getattr(profile, group.field), start=1):
            for attribute in group.attributes:
                cells[flat_name(group, number, attribute)] = _text(getattr(item, attribute))
    return [cells.get(column, "") for column in header]


def export_csv(workers: Sequence[Worker]) -> bytes:
    """An agency's workers as CSV (UTF-8 with BOM, formula-safe) that imports back unchanged."""
    header = export_header(workers)
    return write_csv(header, [export_row(w, header) for w in workers])


def export_json(workers: Sequence[Worker]) -> list[dict[str, Any]]:
    """An agency's workers as contract rows (a JSON array ``POST /v1/imports/workers`` takes)."""
    fields = set(WorkerProfile.model_fields)
    return [w.model_dump(mode="json", include=fields, exclude_none=True) for w in workers]
