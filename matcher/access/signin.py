"""SigninCodeService: one-time sign-in codes a worker exchanges for a short-lived session.

A worker at an agency's office or an event has a phone, not a 48-character token. Its agency
(for its own workers), the organiser of an event (for the workers registered at it) or an admin
prints a code per worker with a QR code of the page address; the worker scans it or types the
code and gets a worker token that expires within hours. Tokens stay for machines.

- Short: ``CODE_LENGTH`` characters of ``ALPHABET`` (no 0/O, 1/I/L, U), printed ``XXXX-XXXX``;
  30^8 is about 6.6e11, and failed exchanges are limited per client address by the API, so
  guessing one of the live codes is out of reach.
- Short-lived (``code_ttl_hours``), single-use (claimed in one ``UPDATE ... RETURNING``),
  revocable by its issuer, stored as a sha256 like tokens (``hash_token``), audited (issue,
  exchange and revocation each write an ``audit_log`` row for the worker).
- An unknown, used, expired or revoked code fails with one and the same 401: the answer tells a
  guesser nothing about which codes exist.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import segno

from matcher.access.errors import Unauthenticated
from matcher.access.pagination import decode_cursor, next_cursor
from matcher.access.policy import require_role
from matcher.access.principal import Principal
from matcher.access.tokens import hash_token, new_secret
from matcher.access.workers import short_name
from matcher.errors import InvalidInput, NotFound
from matcher.storage.audit import AuditRepository
from matcher.storage.connection import Connection
from matcher.storage.events import EventRepository
from matcher.storage.signin import (
    CodeSubject,
    NewSigninCode,
    SigninCodeRecord,
    SigninCodeRepository,
)
from matcher.storage.tokens import TokenRecord, TokenRepository

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
INVALID_CODE = "the sign-in code is not valid: it may be mistyped, used, expired or revoked"
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_code() -> str:
    """A fresh code, ``XXXX-XXXX`` (the dash is for reading aloud; it is not part of it)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str:
    """The code as stored: upper case, without spaces or dashes. ``InvalidInput`` (422, naming
    ``code``) when it cannot be a code at all: that says nothing about which codes exist."""
    raw = _SEPARATORS.sub("", typed).upper()
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        raise InvalidInput(
            f"a sign-in code is {CODE_LENGTH} letters and digits, like 'K7QM-4TXP'",
            field="code",
        )
    return raw


def code_hash(typed: str) -> str:
    return hash_token("signin:" + normalise_code(typed))


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an SVG ``data:`` URI (an ``<img>`` source the page's CSP
    allows). segno writes SVG itself: no Pillow."""
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2))


def code_status(record: SigninCodeRecord, now: datetime) -> str:
    if record.revoked_at is not None:
        return "revoked"
    if record.used_at is not None:
        return "used"
    return "expired" if record.expires_at <= now else "active"


class SigninCodeService:
    def __init__(self, conn: Connection, principal: Principal) -> None:
        self.conn = conn
        self.principal = principal
        self.repo = SigninCodeRepository(conn)

    async def _subjects(
        self, worker_ids: Sequence[int], event_id: int | None
    ) -> dict[int, CodeSubject]:
        """The workers the caller may print codes for, or ``NotFound`` for the first that it
        may not (a worker of another agency reads exactly like a missing one, OWASP API1)."""
        p = self.principal
        if p.role == "organizer" and event_id is None:
            raise InvalidInput("organisers print codes for one of their events", field="event_id")
        if event_id is not None:
            event = await EventRepository(self.conn).get(event_id)
            # Agencies read every event (they register workers for them); organisers theirs.
            if event is None or (
                p.role == "organizer" and not p.acts_for("organizer", event.organizer_id)
            ):
                raise NotFound(f"no event with id {event_id}")
        found = await self.repo.subjects(worker_ids)
        registered = (
            await self.repo.registered_at(event_id, worker_ids)
            if event_id is not None and p.role == "organizer"
            else None
        )
        for worker_id in worker_ids:
            subject = found.get(worker_id)
            allowed = subject is not None and (
                p.is_admin
                or p.acts_for("agency", subject.agency_id)
                or (registered is not None and worker_id in registered)
            )
            if not allowed:
                raise NotFound(f"no worker with id {worker_id}")
        return found

    def _display_name(self, subject: CodeSubject) -> str:
        """The name to print: organisers see workers masked (``short_name``), so their sheet
        carries the short name and the worker id, never more than they may see."""
        if self.principal.role == "organizer":
            return short_name(subject.full_name)
        return subject.full_name

    async def issue(
        self,
        worker_ids: Sequence[int],
        *,
        event_id: int | None,
        ttl_hours: int,
        base_url: str,
    ) -> list[tuple[SigninCodeRecord, str, str, str]]:
        """One new code per worker, as ``(record, code, name, url)``; the codes are shown once."""
        p = self.principal
        require_role(p, "admin", "agency", "organizer", action="create sign-in codes")
        if len(set(worker_ids)) != len(worker_ids):
            raise InvalidInput("a worker is named twice", field="worker_ids")
        subjects = await self._subjects(worker_ids, event_id)
        codes = {w: new_code() for w in worker_ids}
        records = await self.repo.create_many(
            [NewSigninCode(w, code_hash(codes[w])) for w in worker_ids],
            event_id=event_id,
            issued_by_role=p.role,
            issued_by_subject=p.subject_id,
            issued_by_token=p.token_id,
            expires_at=datetime.now(UTC) + timedelta(hours=ttl_hours),
        )
        await AuditRepository(self.conn).record(
            token_id=p.token_id,
            role=p.role,
            subject_id=p.subject_id,
            worker_ids={w: "masked" if p.role == "organizer" else "full" for w in worker_ids},
            action="signin_code.issue",
        )
        base = base_url.rstrip("/")
        return [
            (
                r,
                codes[r.worker_id],
                self._display_name(subjects[r.worker_id]),
                f"{base}/#code={codes[r.worker_id]}",
            )
            for r in records
        ]

    def _visible(self, record: SigninCodeRecord) -> bool:
        """Admins see every code; agencies and organisers the codes they issued."""
        p = self.principal
        return p.is_admin or (
            record.issued_by_role == p.role and record.issued_by_subject == p.subject_id
        )

    async def list(
        self, *, worker_id: int | None, cursor: str | None, limit: int
    ) -> tuple[list[SigninCodeRecord], str | None]:
        p = self.principal
        require_role(p, "admin", "agency", "organizer", action="list sign-in codes")
        records = await self.repo.page(
            issued_by_role=None if p.is_admin else p.role,
            issued_by_subject=p.subject_id,
            worker_id=worker_id,
            after_id=decode_cursor(cursor),
            limit=limit,
        )
        return records, next_cursor([r.id for r in records], limit)

    async def revoke(self, code_id: int) -> SigninCodeRecord:
        """Revoke a code the caller issued. A code already exchanged also ends the session it
        gave (a lost or shared phone is why codes get revoked)."""
        p = self.principal
        require_role(p, "admin", "agency", "organizer", action="revoke sign-in codes")
        record = await self.repo.get(code_id)
        if record is None or not self._visible(record):
            raise NotFound(f"no sign-in code with id {code_id}")
        revoked = await self.repo.revoke(code_id)
        assert revoked is not None
        if revoked.token_id is not None:
            await TokenRepository(self.conn).revoke(revoked.token_id)
        if record.revoked_at is None:
            await AuditRepository(self.conn).record(
                token_id=p.token_id,
                role=p.role,
                subject_id=p.subject_id,
                worker_ids={record.worker_id: "masked" if p.role == "organizer" else "full"},
                action="signin_code.revoke",
            )
        return revoked


async def exchange_code(
    conn: Connection, typed: str, *, session_hours: int
) -> tuple[TokenRecord, str]:
    """Claim the code and issue a worker token for it, in the caller's transaction: the code is
    used if and only if the token exists. ``Unauthenticated`` (one message for every reason)
    when the code cannot be claimed."""
    hashed = code_hash(typed)
    repo = SigninCodeRepository(conn)
    record = await repo.claim(hashed)
    tokens = TokenRepository(conn)
    # The worker row is key-share locked: a delete running now waits for this token and then
    # revokes it with the worker's others, or has already removed the code with the worker.
    if record is None or not await tokens.lock_subject("worker", record.worker_id):
        raise Unauthenticated(INVALID_CODE)
    secret = new_secret()
    token = await tokens.create(
        name=f"signin-code-{record.id}",
        token_hash=hash_token(secret),
        role="worker",
        subject_id=record.worker_id,
        expires_at=datetime.now(UTC) + timedelta(hours=session_hours),
    )
    await repo.set_token(record.id, token.id)
    await AuditRepository(conn).record(
        token_id=token.id,
        role="worker",
        subject_id=record.worker_id,
        worker_ids=[record.worker_id],
        action="signin_code.exchange",
    )
    return token, secret
