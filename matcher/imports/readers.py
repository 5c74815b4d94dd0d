"""Streaming readers for JSON arrays, JSON Lines and CSV, yielding one raw row at a time.

Nothing here holds a whole file: a 1M-row file is read in chunks. A row that cannot be parsed
becomes a ``RawRow`` with ``error`` set, so the pipeline reports it with its number and carries on.
Row numbers are what a person would look up: the line for JSON Lines and CSV (the header is
line 1), the element's position (1-based) for a JSON array.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, Any, Literal, TextIO

from matcher.imports.columns import (
    BOOLEAN_COLUMNS,
    FALSE_WORDS,
    LIST_COLUMNS,
    NUMBER_COLUMNS,
    TRUE_WORDS,
    UNIT_SEPARATOR,
    Column,
    resolve_header,
)
from matcher.imports.vacancy_columns import resolve_vacancy_header

Format = Literal["json", "jsonl", "csv"]

MAX_OBJECT_CHARS = 1_000_000
"""A single row larger than this is malformed, not a row to keep buffering for."""

_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class RawRow:
    """One parsed row (``data``) or the reason it could not be parsed (``error``, in English,
    with ``code`` and ``params`` for ``messages.render`` in another language).

    ``cells`` maps a contract path (``certificates.0.issued_on``) to the header and the text
    of the cell it came from, so an error names the column the person typed and its value."""

    row: int
    data: dict[str, Any] | None = None
    error: str | None = None
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)


def detect_format(filename: str | None, content_type: str | None = None) -> Format:
    """Guess the format from a content type or a file name; JSON Lines when in doubt."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/csv", "application/csv"):
        return "csv"
    if kind in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        return "jsonl"
    if kind == "application/json":
        return "json"
    name = (filename or "").lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".json"):
        return "json"
    return "jsonl"


def iter_rows(
    stream: TextIO, fmt: Format, *, kind: Literal["workers", "vacancies"]
) -> Iterator[RawRow]:
    """Rows of ``stream`` in ``fmt``; CSV cells are turned into the contract's nested shape."""
    if fmt == "jsonl":
        return _iter_jsonl(stream)
    if fmt == "json":
        return _iter_json_array(stream)
    return _iter_csv(stream, kind)


def _as_object(row: int, value: Any) -> RawRow:
    if not isinstance(value, dict):
        return RawRow(row, error=f"expected a JSON object, got {type(value).__name__}")
    return RawRow(row, data=value)


def _iter_jsonl(stream: TextIO) -> Iterator[RawRow]:
    for number, line in enumerate(stream, start=1):
        text = line.strip()
        if not text:
            continue
        if len(text) > MAX_OBJECT_CHARS:
            yield RawRow(number, error=f"row longer than {MAX_OBJECT_CHARS} characters")
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield RawRow(number, error=f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield RawRow(number, error="invalid JSON: nested too deeply")
            continue
        yield _as_object(number, value)


def _iter_json_array(stream: TextIO) -> Iterator[RawRow]:
    """Decode the elements of a top-level JSON array one by one with ``raw_decode``."""
    decoder = json.JSONDecoder()
    buffer = ""
    position = 0
    started = False
    element = 0
    eof = False
    while True:
        if not eof and len(buffer) - position < _CHUNK:
            chunk = stream.read(_CHUNK)
            eof = chunk == ""
            buffer = buffer[position:] + chunk
            position = 0
        while position < len(buffer) and buffer[position] in " \t\r\n,":
            if buffer[position] == "," and not started:
                break
            position += 1
        if position >= len(buffer):
            if eof:
                if not started:
                    yield RawRow(0, error="the body is empty; expected a JSON array")
                else:
                    yield RawRow(element + 1, error="the JSON array is not closed with ]")
                return
            continue
        char = buffer[position]
        if not started:
            if char != "[":
                yield RawRow(
                    0, error="expected a JSON array of objects (the body must start with [)"
                )
                return
            started = True
            position += 1
            continue
        if char == "]":
            return
        try:
            value, end = decoder.raw_decode(buffer, position)
        except RecursionError:
            element += 1
            yield RawRow(element, error="invalid JSON: nested too deeply")
            return
        except json.JSONDecodeError as exc:
            if not eof and len(buffer) - position < MAX_OBJECT_CHARS:
                chunk = stream.read(_CHUNK)
                if chunk:
                    buffer = buffer[position:] + chunk
                    position = 0
                    continue
                eof = True
                continue
            element += 1
            yield RawRow(
                element, error=f"invalid JSON: {exc.msg}; the rest of the array cannot be read"
            )
            return
        element += 1
        position = end
        yield _as_object(element, value)


# CSV: the same names as the JSON contract; nested objects through dotted column names
# (requirements.japanese), lists of plain values joined by ';', lists of objects as JSON text
# or in the compact forms below (items joined by ';', pieces by ':', an empty piece left out):
#
#   japanese         test:level:passed_on                      JLPT:N4:2024-07-07;JFT-Basic:A2
#   ssw_tests        field:category:level:passed_on            agriculture:crop_farming:1:2024-02-01
#                    (before categories: field:passed_on)       nursing_care:2024-02-01
#   intern_training  field:category_or_job_type:completion:completed_on
#                    agriculture:crop_farming:good_standing:2023-01-31
#                    agriculture:耕種農業（施設園芸）:good_standing:2023-01-31
#                    (before categories: field:completed_on)    nursing_care:2023-01-31
#   licences         kind:expires_on or kind:issued_on:expires_on
#                    jp_driving_first_class:2025-06-01:2028-06-01;forklift
#
# The older two-piece forms are told apart by their second piece being a date. In
# intern_training a second piece written like a code (lower case, digits, '_') is a category, so
# a mistyped code is refused naming intern_training.N.category instead of being kept as a job
# type nobody can map; anything else is a job type (職種・作業, usually Japanese).
_LIST_COLUMNS = {
    "workers": set(LIST_COLUMNS),
    "vacancies": {"requirements.certificates", "preferred.certificates", "requirements.licences"},
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[a-z0-9_]+$")
_COMPACT: dict[str, tuple[tuple[str, ...], ...]] = {
    "japanese": (("test", "level", "passed_on"),),
    "ssw_tests": (("field", "category", "level", "passed_on"), ("field", "passed_on")),
    "intern_training": (
        ("field", "category", "completion", "completed_on"),
        ("field", "completed_on"),
    ),
    "licences": (("kind", "issued_on", "expires_on"),),
}
"""Column -> its compact form, then (if any) the older form whose second piece is a date."""


def _compact_names(column: str, pieces: list[str]) -> tuple[str, ...]:
    """The names of ``pieces``: the column's form, the older one, or for licences the short
    ``kind:expires_on``."""
    forms = _COMPACT[column]
    if len(forms) > 1 and len(pieces) == 2 and _DATE.match(pieces[1]):
        return forms[1]
    if column == "licences" and len(pieces) == 2:
        return ("kind", "expires_on")
    return forms[0]


def _compact_item(column: str, part: str) -> dict[str, Any] | None:
    pieces = [p.strip() for p in part.split(":")]
    if not any(pieces):
        return None
    names = _compact_names(column, pieces)
    if len(pieces) > len(names):
        forms = " or ".join(":".join(form) for form in _COMPACT[column])
        raise ValueError(f"{column}: expected {forms}, got {part!r}")
    item: dict[str, Any] = {}
    for name, piece in zip(names, pieces, strict=False):
        if not piece:
            continue
        if name == "level" and column == "ssw_tests":
            if not piece.isdigit():
                raise ValueError(
                    f"ssw_tests: the level (third piece of field:category:level:passed_on) "
                    f"is 1 or 2, got {piece!r} in {part!r}"
                )
            item[name] = int(piece)
        elif name == "category" and column == "intern_training" and not _CODE.match(piece):
            item["job_type"] = piece
        else:
            item[name] = piece
    return item


def _csv_cell(column: str, value: str, kind: str) -> Any:
    if value.startswith(("[", "{")):
        return json.loads(value)
    if column in _LIST_COLUMNS[kind]:
        return [part.strip() for part in value.split(";") if part.strip()]
    if column in _COMPACT:
        items = [_compact_item(column, part) for part in value.split(";")]
        return [item for item in items if item is not None]
    return value


_SNIFF_LINES = 20
DELIMITERS = (",", ";", "\t")


def sniff_encoding(file: IO[bytes]) -> str:
    """The encoding of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
    "Unicode text"), else Windows-1252 (Excel's "CSV" on Indonesian and Western Windows).

    UTF-8 is tried first over the whole file: cp1252 decodes almost any bytes, so it can only
    be the answer once UTF-8 has failed. Bytes that are neither raise ``ValueError``. The
    file is left at its start. (No guessing library: these are the encodings agencies' Excel
    writes, and a statistical guess on a short file is wrong more often than this rule.)
    """
    head = file.read(4)
    file.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := file.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            file.seek(0)
        return encoding
    raise ValueError("the file is neither UTF-8 nor Windows-1252 (cp1252) text")


def sniff_delimiter(header: str) -> str:
    """The delimiter of a CSV file, read from its header line: the most frequent of ``,``
    ``;`` and tab outside quotes (``,`` when there is none: a one-column file).

    Only the header decides. ``csv.Sniffer`` also weighs the data lines, where a comma file's
    lists joined by ``;`` (``nursing_care;agriculture``) and Indonesian decimal commas mislead
    it; header names contain neither."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _iter_csv(stream: TextIO, kind: str) -> Iterator[RawRow]:
    """Rows of a CSV file; a file the csv module cannot read ends with one error row."""
    lines = iter(stream)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if len(head) >= _SNIFF_LINES:
            break
    first = next((line for line in head if line.strip()), "")
    reader = csv.DictReader(chain(head, lines), delimiter=sniff_delimiter(first))
    try:
        if reader.fieldnames is None:
            return
        if kind == "workers":
            yield from _worker_records(reader)
        else:
            yield from _csv_records(reader, kind)
    except csv.Error as exc:
        yield RawRow(
            reader.line_num,
            error=f"cannot read CSV: {exc}; the rest was not read",
            code="csv",
            params={"detail": str(exc)},
        )


def _csv_records(reader: csv.DictReader[str], kind: str) -> Iterator[RawRow]:
    """Vacancy rows: each header mapped through its Japanese and English aliases
    (``matcher.imports.vacancy_columns``); two headers meaning the same column are reported on
    the header line and the second one's cells are not read."""
    paths: dict[str, str] = {}
    seen: dict[str, str] = {}
    for header in reader.fieldnames or []:
        path = resolve_vacancy_header(header)
        if path in seen:
            yield RawRow(
                1,
                error=f"columns {seen[path]!r} and {header!r} both mean {path}; keep one",
                code="same_column",
                params={"first": seen[path], "second": header, "path": path},
                cells={"": (header, "")},
            )
            continue
        seen[path] = header
        paths[header] = path
    for record in reader:
        line = reader.line_num
        if None in record:
            yield _too_many_cells(line)
            continue
        document: dict[str, Any] = {}
        try:
            for header, raw in record.items():
                value = (raw or "").strip()
                column = paths.get(header)
                if not value or column is None:
                    continue
                _put(document, column, _csv_cell(column, value, kind))
        except (ValueError, RecursionError) as exc:
            yield _bad_cell(line, exc)
            continue
        if document:
            yield RawRow(line, data=document)


def _too_many_cells(line: int) -> RawRow:
    return RawRow(line, error="more cells than header columns", code="cells")


def _bad_cell(line: int, exc: Exception) -> RawRow:
    return RawRow(line, error=f"cannot read cell: {exc}", code="cell", params={"detail": str(exc)})


def _put(document: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted ``path`` (``contact.email``) in ``document``."""
    target = document
    parts = path.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            raise ValueError(f"column {path!r} clashes with column {part!r}")
    target[parts[-1]] = value


_WORKER_FIELDS = frozenset(
    {
        "external_id", "full_name", "birth_date", "province", "summary", "contact", "japanese",
        "certificates", "ssw_tests", "intern_training", "licences", "experience",
        "ssw1_months_used", "preferred_fields", "preferred_prefectures", "available_from",
        "discoverable",
    }
)  # fmt: skip
"""The top-level names of the worker contract (``models.worker.WorkerProfile``)."""


def _header_columns(fieldnames: Iterable[str]) -> tuple[dict[str, Column], list[RawRow]]:
    """Each header's column, and the header problems (reported as row 1: the header line).

    A header that names nothing in the contract is reported once and its cells are not read,
    rather than refusing every row for the same reason; two headers meaning the same thing
    (``Nama`` and ``Nama Lengkap``) are an error, since either could be the one meant."""
    columns: dict[str, Column] = {}
    problems: list[RawRow] = []
    seen: dict[tuple[str, int], str] = {}
    for header in fieldnames:
        column = resolve_header(header)
        if column.path.split(".")[0] not in _WORKER_FIELDS:
            problems.append(
                RawRow(
                    1,
                    error=f"unknown column {header!r}: it was not read",
                    code="unknown_column",
                    params={"column": header},
                    cells={"": (header, "")},
                )
            )
            continue
        key = (column.path, column.number)
        if key in seen:
            shown = (
                column.path if column.group is None else f"{column.group.field}[{column.number}]"
            )
            problems.append(
                RawRow(
                    1,
                    error=f"columns {seen[key]!r} and {header!r} both mean {shown}; keep one",
                    code="same_column",
                    params={"first": seen[key], "second": header, "path": shown},
                    cells={"": (header, "")},
                )
            )
            continue
        seen[key] = header
        columns[header] = column
    return columns, problems


def _cell_text(raw: str | None) -> str:
    """A cell's text: stripped, and one leading ``'`` dropped (a spreadsheet's text marker, and
    what our exports put before text that would read as a formula: ``'+62 812...``)."""
    value = (raw or "").strip()
    return value[1:].strip() if value.startswith("'") else value


def _typed(path: str, value: str) -> Any:
    """Words and numbers as a spreadsheet writes them: ``ya``/``tidak`` for booleans, ``2,5``
    for 2.5, the SSW test level as a number. Anything else goes to the model unchanged, to be
    refused there with the expected format."""
    if path in BOOLEAN_COLUMNS:
        word = value.casefold()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else value
    if path in NUMBER_COLUMNS and re.fullmatch(r"\d+,\d+", value):
        return value.replace(",", ".")
    if path in ("ssw_tests.level", "certificates.kkni_level") and value.isdigit():
        return int(value)
    if path == "certificates.units":
        return [unit.strip() for unit in value.split(UNIT_SEPARATOR) if unit.strip()]
    return value


def _worker_records(reader: csv.DictReader[str]) -> Iterator[RawRow]:
    """Worker rows with headers resolved through ``columns`` and flat columns gathered into
    lists (``cert1_*``, ``cert2_*`` -> ``certificates``; a group left empty is no item)."""
    columns, problems = _header_columns(reader.fieldnames or [])
    yield from problems
    for record in reader:
        line = reader.line_num
        if None in record:
            yield _too_many_cells(line)
            continue
        document: dict[str, Any] = {}
        cells: dict[str, tuple[str, str]] = {}
        groups: dict[str, dict[int, dict[str, tuple[str, str, Any]]]] = {}
        try:
            for header, raw in record.items():
                column = columns.get(header)
                value = _cell_text(raw)
                if column is None or not value:
                    continue
                if column.group is not None:
                    items = groups.setdefault(column.group.field, {})
                    items.setdefault(column.number, {})[column.attribute] = (
                        header,
                        value,
                        _typed(column.path, value),
                    )
                    continue
                parsed = _csv_cell(column.path, value, "workers")
                _put(
                    document,
                    column.path,
                    _typed(column.path, parsed) if isinstance(parsed, str) else parsed,
                )
                cells[column.path] = (header, value)
        except (ValueError, RecursionError) as exc:
            yield _bad_cell(line, exc)
            continue
        for name, items in groups.items():
            target = document.setdefault(name, [])
            if not isinstance(target, list):
                yield _bad_cell(
                    line, ValueError(f"column {name!r} clashes with its numbered columns")
                )
                break
            for number in sorted(items):
                index = len(target)
                item = {}
                for attribute, (header, text, typed) in items[number].items():
                    item[attribute] = typed
                    cells[f"{name}.{index}.{attribute}"] = (header, text)
                target.append(item)
        else:
            if document:
                yield RawRow(line, data=document, cells=cells)
