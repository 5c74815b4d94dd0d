"""Bulk import report."""

from __future__ import annotations

from pydantic import BaseModel


class ImportErrorPublic(BaseModel):
    row: int
    field: str | None
    message: str


class ImportResult(BaseModel):
    """What an import did. ``stored`` is false when ``all_or_nothing`` rolled everything back."""

    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[ImportErrorPublic]
    error_count: int
    errors_truncated: bool
    stored: bool
