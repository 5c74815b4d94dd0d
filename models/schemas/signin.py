"""One-time sign-in code schemas: the code appears once, in ``SigninCodeCreated``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from models.common import ShortText
from models.schemas.common import RequestModel

CodeStatus = Literal["active", "used", "revoked", "expired"]


class SigninCodeCreate(RequestModel):
    """Codes for these workers. Organisers name their event and only its registered workers;
    agencies name their own workers; admins any worker."""

    worker_ids: list[int] = Field(
        min_length=1, max_length=200, description="Workers to print a code for; no repeats."
    )
    event_id: int | None = Field(
        None, ge=1, le=2**63 - 1, description="The event (required for organisers)."
    )


class SigninCodePublic(BaseModel):
    """A code as its issuer lists it: never the code itself (only its hash is stored)."""

    id: int
    worker_id: int
    event_id: int | None
    issued_by_role: Literal["admin", "agency", "organizer"]
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    status: CodeStatus


class SigninCodeCreated(SigninCodePublic):
    code: str = Field(description="The one-time code (`XXXX-XXXX`). Shown once.")
    worker_name: str = Field(description="The name to print beside it, as the issuer sees it.")
    url: str = Field(description="The page address with the code; what the QR code encodes.")
    qr_svg: str = Field(description="The QR code of `url` as an SVG `data:` URI.")


class SigninCodeBatch(BaseModel):
    data: list[SigninCodeCreated]
    count: int


class SigninCodeList(BaseModel):
    data: list[SigninCodePublic]
    count: int
    next_cursor: str | None = None


class SigninExchange(RequestModel):
    code: ShortText = Field(
        max_length=32,
        description="The code as printed; case, spaces and dashes do not matter.",
    )


class SigninSession(BaseModel):
    """A short-lived worker token, used like any bearer token."""

    token: str = Field(description="The bearer secret for this session. Shown once.")
    token_id: int
    worker_id: int
    expires_at: datetime
