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
    worker_id: int = Field(
        description="The worker read; negative once the worker was erased: a random pseudonym "
        "shared by all of that person's rows."
    )
    action: str = Field(
        description="read, list, match, search, create, update, delete, or an event_ action"
    )
    view: Literal["full", "contact_hidden", "masked"] = Field(
        description="The view the caller got: `full` or `contact_hidden` (masked views are "
        "not audited; entries from before views were recorded read `full`)."
    )
    at: datetime
    consent_id: int | None = Field(
        None, description="The consent that allowed an employer's full view (docs/privacy.md)."
    )
    interview_id: int | None = Field(
        None, description="The accepted interview that allowed an employer's full view."
    )


class AuditList(BaseModel):
    data: list[AuditEntryPublic]
    count: int
    next_cursor: str | None = None
