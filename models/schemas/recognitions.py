"""Recognition table schemas."""

from __future__ import annotations

from models.common import StrictModel
from models.recognition import Recognition


class RecognitionList(StrictModel):
    """Every entry of the table (it is small: no pages)."""

    data: list[Recognition]
    count: int
