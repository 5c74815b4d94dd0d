"""The visibility rules of DOMAIN.md ("Who sees what") as pure functions.

Services call these for every object they hand out, so a route cannot skip them: routes reach
repositories only through services. An object the caller may not see is reported exactly like
one that does not exist (OWASP API1); an action the role may never take is 403 (API5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from matcher.access.principal import Principal, Role
from matcher.errors import PermissionDenied
from models.vacancy import Vacancy
from models.worker import Worker

WorkerViewKind = Literal["full", "contact_hidden", "masked"]

AUDITED_VIEWS: frozenset[WorkerViewKind] = frozenset({"full", "contact_hidden"})
"""Views whose every read by someone other than the worker is written to the audit log.

Both carry the worker's identity (full name, birth date, external id, certificate numbers) and
the full view its contact data. The masked view is left out on purpose: it is the pseudonymous
view DOMAIN.md designs for browsing before consent (shortened name, age, no contact, no external
id, no certificate number), shown in every employer's and organiser's ranking and search; logging
it would write a row per result of every such request and bury the identifying reads an auditor
looks for under browsing noise.
"""

WORKER_STATED_FIELDS: frozenset[str] = frozenset(
    {
        "summary",
        "contact",
        "preferred_fields",
        "preferred_prefectures",
        "available_from",
        "discoverable",
    }
)
"""What a worker may change on its own profile: what only it can state (its words, how to reach
it, what it wants, when it can start, whether it may be found).

Everything else is attested by its agency (DOMAIN.md) and changed only by that agency or an
admin: tests, certificates and intern training (what eligibility is decided on; a worker must
not declare a skill test for itself), experience (it counts towards requirements and SSW(ii)),
the external id (the agency's key: renaming it makes the next re-import create a duplicate
person), and name, birth date and province (identity as the agency checked it on the worker's
documents; the birth date decides the age requirement). An allow-list, so a field added to the
profile later is the agency's until someone decides otherwise.
"""


def require_role(principal: Principal, *roles: Role, action: str) -> None:
    """Function-level authorisation: ``PermissionDenied`` unless the caller has one of ``roles``."""
    if principal.role not in roles:
        raise PermissionDenied(f"the {principal.role} role may not {action}")


def worker_view(principal: Principal, worker: Worker, *, disclosed: bool) -> WorkerViewKind | None:
    """How much of ``worker`` the caller may see, or ``None`` for nothing at all.

    ``disclosed``: the worker was shortlisted by, or consented to, the calling employer.
    """
    match principal.role:
        case "admin":
            return "full"
        case "worker":
            return "full" if principal.subject_id == worker.id else None
        case "agency":
            if principal.subject_id == worker.agency_id:
                return "full"
            return "contact_hidden" if worker.discoverable else None
        case "employer":
            if disclosed:
                return "full"
            return "masked" if worker.discoverable else None
        case "organizer":
            return "masked" if worker.discoverable else None
    return None


def may_edit_worker(principal: Principal, worker: Worker) -> bool:
    """Admins, the owning agency and the worker itself may change a worker."""
    return (
        principal.is_admin
        or principal.acts_for("agency", worker.agency_id)
        or principal.acts_for("worker", worker.id)
    )


def fields_closed_to(principal: Principal, worker: Worker, fields: Iterable[str]) -> list[str]:
    """The named fields of ``worker`` the caller may not change, sorted (empty: all allowed).

    Only a worker acting on itself is restricted (to ``WORKER_STATED_FIELDS``); callers check
    ``may_edit_worker`` first. A field counts as changed when it is named, whatever its value:
    the rule is about who states a fact, and a client learns it from the first refusal.
    """
    if not principal.acts_for("worker", worker.id):
        return []
    return sorted(set(fields) - WORKER_STATED_FIELDS)


def may_delete_worker(principal: Principal, worker: Worker) -> bool:
    return principal.is_admin or principal.acts_for("agency", worker.agency_id)


def is_audited(principal: Principal, worker: Worker, kind: WorkerViewKind) -> bool:
    """Every read of a full or contact-hidden view by someone other than the worker itself is
    audited (``AUDITED_VIEWS`` says why masked views are not)."""
    return kind in AUDITED_VIEWS and not principal.acts_for("worker", worker.id)


def audited_views(
    principal: Principal, workers: Sequence[Worker], kinds: Mapping[int, WorkerViewKind]
) -> dict[int, WorkerViewKind]:
    """The view of each of ``workers`` that must be audited for this caller, by worker id
    (workers it does not see, ``kinds`` lacking them, and unaudited views are left out)."""
    return {
        w.id: kinds[w.id]
        for w in workers
        if w.id in kinds and is_audited(principal, w, kinds[w.id])
    }


def may_see_employer(principal: Principal, employer_id: int) -> bool:
    """Employers see only themselves; every other role sees all employers."""
    if principal.role == "employer":
        return principal.subject_id == employer_id
    return True


def may_see_vacancy(principal: Principal, vacancy: Vacancy) -> bool:
    """Employers see only their own vacancies; every other role sees all of them."""
    return may_see_employer(principal, vacancy.employer_id)


def may_edit_vacancy(principal: Principal, vacancy: Vacancy) -> bool:
    return principal.is_admin or principal.acts_for("employer", vacancy.employer_id)


# -- consent and personal data (DOMAIN.md "Consent and personal data"; docs/privacy.md) ------

CONSENT_SCOPES: Mapping[str, frozenset[str]] = {
    "employer_ranking": frozenset({"all_employers"}),
    "contact_sharing": frozenset({"all_employers", "employer", "event"}),
    "event_participation": frozenset({"event"}),
}
"""The scopes each purpose may have. Ranking is one switch for everyone (the engine's
visibility is per worker, not per employer); taking part in an event is always about one event;
contact data may go to every employer, one employer, or the employers of one event."""


def may_manage_consents(principal: Principal, worker: Worker) -> bool:
    """The worker itself, its agency (recording what the worker signed) and admins give and
    withdraw consents, accept interviews and export the worker's data; employers and organisers
    never do: consent is not theirs to give."""
    return may_edit_worker(principal, worker)


def consent_given_by(principal: Principal, worker: Worker) -> Literal["worker", "agency"]:
    """Who a recorded consent comes from: the worker when it acts itself, otherwise its agency
    on the worker's behalf (admins record for the agency; both need the form's reference)."""
    return "worker" if principal.acts_for("worker", worker.id) else "agency"


def may_erase_worker(principal: Principal, worker: Worker) -> bool:
    """Erasure is the owning agency's or an admin's (the worker asks them): it cannot be
    undone, and the agency is who re-imports the person if it was a mistake."""
    return may_delete_worker(principal, worker)
