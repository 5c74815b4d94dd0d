"""Consent rules as pure functions (matcher/access/policy.py; docs/privacy.md)."""

from __future__ import annotations

import pytest

from matcher.access.policy import (
    CONSENT_SCOPES,
    consent_given_by,
    may_erase_worker,
    may_manage_consents,
)
from matcher.access.principal import Principal
from models.schemas.consents import ConsentPurpose, ConsentScope
from models.worker import Worker
from tests import factories

WORKER = Worker(**factories.worker_data(5), id=5, agency_id=1)

CALLERS = {
    "admin": Principal("admin"),
    "itself": Principal("worker", 5),
    "another worker": Principal("worker", 6),
    "its agency": Principal("agency", 1),
    "another agency": Principal("agency", 2),
    "an employer": Principal("employer", 5),  # same number as the worker: still not it
    "an organiser": Principal("organizer", 1),
}


@pytest.mark.parametrize(
    ("caller", "manage", "erase", "given_by"),
    [
        ("admin", True, True, "agency"),
        ("itself", True, False, "worker"),
        ("another worker", False, False, "agency"),
        ("its agency", True, True, "agency"),
        ("another agency", False, False, "agency"),
        ("an employer", False, False, "agency"),
        ("an organiser", False, False, "agency"),
    ],
)
def test_who_manages_consents_and_erases(
    caller: str, manage: bool, erase: bool, given_by: str
) -> None:
    principal = CALLERS[caller]
    assert may_manage_consents(principal, WORKER) is manage
    assert may_erase_worker(principal, WORKER) is erase
    if manage:
        assert consent_given_by(principal, WORKER) == given_by


def test_every_purpose_and_scope_is_decided() -> None:
    """A purpose or scope added to the schema must get its scopes here (and in the table's
    CHECK constraints of migration 0006)."""
    purposes = set(ConsentPurpose.__args__)  # type: ignore[attr-defined]
    scopes = set(ConsentScope.__args__)  # type: ignore[attr-defined]
    assert set(CONSENT_SCOPES) == purposes
    assert set().union(*CONSENT_SCOPES.values()) == scopes
    assert CONSENT_SCOPES["employer_ranking"] == {"all_employers"}
    assert CONSENT_SCOPES["event_participation"] == {"event"}
