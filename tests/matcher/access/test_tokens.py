"""TokenService against PostgreSQL: secrets are hashed, expired and revoked tokens refused."""

from __future__ import annotations

import pytest

from matcher.access import ADMIN, TokenService, Unauthenticated, hash_token
from matcher.access.principal import Principal
from matcher.errors import PermissionDenied
from matcher.storage.connection import Connection


async def test_issue_authenticate_revoke(conn: Connection) -> None:
    service = TokenService(conn)
    record, secret = await service.issue(
        ADMIN, name="ops", role="agency", subject_external_id="AG5"
    )
    stored = await conn.fetchval("SELECT token_hash FROM api_tokens WHERE id = $1", record.id)
    assert stored == hash_token(secret) and secret not in stored
    principal = await service.authenticate(secret)
    assert (principal.role, principal.subject_id) == ("agency", record.subject_id)
    with pytest.raises(PermissionDenied):
        await service.issue(principal, name="x", role="admin")
    await service.revoke(ADMIN, record.id)
    with pytest.raises(Unauthenticated, match="revoked"):
        await service.authenticate(secret)
    with pytest.raises(Unauthenticated):
        await service.authenticate(None)
    assert Principal("admin").is_admin
