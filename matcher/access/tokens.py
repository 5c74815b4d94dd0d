"""TokenService: issuing, authenticating, listing and revoking bearer tokens.

A token is ``secrets.token_urlsafe(32)`` behind a recognisable prefix; only its sha256 is
stored. Each token is bound to a role and (except for admins) a subject the role acts for.
Deleting that subject revokes its tokens in the deleting transaction
(``TokenRepository.revoke_subject``), so a deleted worker's or employer's token is refused from
the next request on; issuing locks the subject so a concurrent delete cannot miss the new token.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from matcher.access.errors import Unauthenticated
from matcher.access.pagination import decode_cursor, next_cursor
from matcher.access.policy import require_role
from matcher.access.principal import ROLES, Principal, Role
from matcher.errors import InvalidInput, NotFound
from matcher.storage.agencies import AgencyRepository
from matcher.storage.connection import Connection
from matcher.storage.tokens import OrganizerRepository, TokenRecord, TokenRepository

TOKEN_PREFIX = "sswm_"


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class TokenService:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.repo = TokenRepository(conn)

    async def authenticate(self, secret: str | None) -> Principal:
        """The principal a presented secret acts for; ``Unauthenticated`` otherwise."""
        if not secret:
            raise Unauthenticated("send a bearer token: Authorization: Bearer <token>")
        if len(secret) > 200:
            raise Unauthenticated("the bearer token is not valid")
        record = await self.repo.by_hash(hash_token(secret))
        if record is None:
            raise Unauthenticated("the bearer token is not valid")
        if record.revoked_at is not None:
            raise Unauthenticated("the bearer token was revoked")
        if record.expires_at is not None and record.expires_at <= datetime.now(UTC):
            raise Unauthenticated("the bearer token has expired")
        role: Role = record.role  # type: ignore[assignment]
        return Principal(
            role=role, subject_id=record.subject_id, token_id=record.id, name=record.name
        )

    async def _subject(
        self, role: Role, subject_id: int | None, subject_external_id: str | None
    ) -> int | None:
        """Check (or, for agencies and organisers named by external id, create) the subject."""
        if role == "admin":
            if subject_id is not None or subject_external_id is not None:
                raise InvalidInput("admin tokens have no subject", field="subject_id")
            return None
        if (subject_id is None) == (subject_external_id is None):
            raise InvalidInput(
                f"a {role} token needs exactly one of subject_id or subject_external_id",
                field="subject_id",
            )
        if subject_external_id is not None:
            if role == "agency":
                return (await AgencyRepository(self.conn).ensure(subject_external_id)).id
            if role == "organizer":
                return (await OrganizerRepository(self.conn).ensure(subject_external_id)).id
            raise InvalidInput(
                f"{role} subjects are named by subject_id", field="subject_external_id"
            )
        assert subject_id is not None
        if not await self.repo.lock_subject(role, subject_id):
            raise InvalidInput(f"no {role} with id {subject_id}", field="subject_id")
        return subject_id

    async def issue(
        self,
        principal: Principal,
        *,
        name: str,
        role: Role,
        subject_id: int | None = None,
        subject_external_id: str | None = None,
        expires_in_days: int | None = None,
    ) -> tuple[TokenRecord, str]:
        """A new token and its secret (shown once)."""
        require_role(principal, "admin", action="create tokens")
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role!r}; expected one of {ROLES}", field="role")
        subject = await self._subject(role, subject_id, subject_external_id)
        expires_at = (
            datetime.now(UTC) + timedelta(days=expires_in_days) if expires_in_days else None
        )
        secret = new_secret()
        record = await self.repo.create(
            name=name,
            token_hash=hash_token(secret),
            role=role,
            subject_id=subject,
            expires_at=expires_at,
        )
        return record, secret

    async def list(
        self, principal: Principal, cursor: str | None, limit: int
    ) -> tuple[list[TokenRecord], str | None]:
        require_role(principal, "admin", action="list tokens")
        records = await self.repo.page(after_id=decode_cursor(cursor), limit=limit)
        return records, next_cursor([r.id for r in records], limit)

    async def revoke(self, principal: Principal, token_id: int) -> TokenRecord:
        require_role(principal, "admin", action="revoke tokens")
        record = await self.repo.revoke(token_id)
        if record is None:
            raise NotFound(f"no token with id {token_id}")
        return record

    async def subject_name(self, principal: Principal) -> str | None:
        """The name of whom the principal acts for (the company, agency, organiser or the
        worker itself), for the page header: the token's own name says what the token is for,
        not who is signed in. ``None`` for admins and for a subject deleted since."""
        table = _SUBJECT_NAMES.get(principal.role)
        if table is None or principal.subject_id is None:
            return None
        table_name, column = table
        name: str | None = await self.conn.fetchval(
            f"SELECT {column} FROM {table_name} WHERE id = $1", principal.subject_id
        )
        return name


# Where each role's subject keeps its name (fixed identifiers, never user input).
_SUBJECT_NAMES: dict[str, tuple[str, str]] = {
    "employer": ("employers", "name"),
    "agency": ("agencies", "name"),
    "organizer": ("organizers", "name"),
    "worker": ("workers", "full_name"),
}
