"""Audit log schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class AuditEntryPublic(BaseModel):
    """One read (or change) of a worker by someone other than the worker itself."""

    id: int
    token_id: int | None
    role: str
    subject_id: int | None
    worker_id: int
    action: str = Field(
        description="read, list, match, search, create, update, delete, or an event_ action"
    )
    view: Literal["full", "contact_hidden", "masked"] = Field(
        description="The view the caller got: `full` or `contact_hidden` (masked views are "
        "not audited; entries from before views were recorded read `full`)."
    )
    at: datetime


class AuditList(BaseModel):
    data: list[AuditEntryPublic]
    count: int
    next_cursor: str | None = None
