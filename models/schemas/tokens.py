"""API token schemas: the secret appears once, in ``TokenCreated``, and never again."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from models.common import ExternalId, Name
from models.schemas.common import RequestModel

Role = Literal["admin", "organizer", "agency", "employer", "worker"]


class TokenCreate(RequestModel):
    """A new token. Non-admin roles need a subject: ``subject_id`` (the employer, agency,
    worker or organiser id) or, for agencies and organisers, ``subject_external_id`` (created
    when missing)."""

    name: Name
    role: Role
    subject_id: int | None = Field(None, ge=1, le=2**63 - 1)
    subject_external_id: ExternalId | None = None
    expires_in_days: int | None = Field(None, ge=1, le=3650)


class TokenPublic(BaseModel):
    id: int
    name: str
    role: Role
    subject_id: int | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="The bearer secret. Shown once; only its hash is stored.")


class TokenList(BaseModel):
    data: list[TokenPublic]
    count: int
    next_cursor: str | None = None


class PrincipalPublic(BaseModel):
    """Who the presented token acts for."""

    token_id: int | None
    name: str
    role: Role
    subject_id: int | None
    display_name: str | None = Field(
        None,
        description="The company, agency, organiser or worker the token acts for (admins: "
        "null); `name` is the token's own label.",
    )
