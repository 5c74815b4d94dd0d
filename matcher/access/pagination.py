"""Opaque keyset cursors: clients pass back what they were given and never build their own."""

from __future__ import annotations

import base64
import binascii

from matcher.errors import InvalidInput

_PREFIX = "k1:"


def encode_cursor(last_id: int) -> str:
    """The cursor that continues after the row with id ``last_id``."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The id to continue after (0 for the first page); ``InvalidInput`` for a forged cursor."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
        if not text.startswith(_PREFIX):
            raise ValueError(cursor)
        value = int(text.removeprefix(_PREFIX))
    except (ValueError, binascii.Error, UnicodeError):
        raise InvalidInput("the cursor is not one this API issued", field="cursor") from None
    if not 0 <= value < 2**63:
        raise InvalidInput("the cursor is not one this API issued", field="cursor")
    return value


def next_cursor(ids: list[int], limit: int) -> str | None:
    """A cursor to the next page when this one is full, else ``None``."""
    return encode_cursor(ids[-1]) if ids and len(ids) >= limit else None
