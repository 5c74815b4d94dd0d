"""Audit log schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class AuditEntryPublic(BaseModel):
    id: int
    token_id: int | None
    role: str
    subject_id: int | None
    worker_id: int
    action: str
    at: datetime


class AuditList(BaseModel):
    data: list[AuditEntryPublic]
    count: int
    next_cursor: str | None = None
