"""`matcher token revoke` says when a token was already revoked (issue 19)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from matcher.settings import get_settings
from matcher_cli import app

runner = CliRunner()


@pytest.fixture
def database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    return db_url


def test_revoking_twice_reports_the_first_revocation(database: str) -> None:
    created = runner.invoke(app, ["token", "create", "--role", "admin", "--name", "ops"])
    assert created.exit_code == 0, created.output
    match = re.search(r"token (\d+):", created.output)
    assert match, created.output
    token_id = match.group(1)

    first = runner.invoke(app, ["token", "revoke", token_id])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"token {token_id} revoked"

    second = runner.invoke(app, ["token", "revoke", token_id])
    assert second.exit_code == 0, second.output
    assert f"token {token_id} was already revoked at " in second.output
    assert "nothing changed" in second.output

    listed = runner.invoke(app, ["token", "list"])
    assert re.search(rf"^{token_id}\t.*\trevoked\t", listed.output, re.MULTILINE), listed.output


def test_revoking_an_unknown_token_fails(database: str) -> None:
    result = runner.invoke(app, ["token", "revoke", "999999"])
    assert result.exit_code == 1
    assert "no token with id 999999" in result.output
