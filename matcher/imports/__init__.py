"""Bulk import of workers and vacancies: streaming readers and an idempotent, batched pipeline."""

from matcher.imports.pipeline import (
    ImportReport,
    RowError,
    count_rows,
    import_stream,
    import_vacancies,
    import_workers,
)
from matcher.imports.readers import RawRow, detect_format, iter_rows

__all__ = [
    "ImportReport",
    "RawRow",
    "RowError",
    "count_rows",
    "detect_format",
    "import_stream",
    "import_vacancies",
    "import_workers",
    "iter_rows",
]
