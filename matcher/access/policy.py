"""The visibility rules of DOMAIN.md ("Who sees what") as pure functions.

Services call these for every object they hand out, so a route cannot skip them: routes reach
repositories only through services. An object the caller may not see is reported exactly like
one that does not exist (OWASP API1); an action the role may never take is 403 (API5).
"""

from __future__ import annotations

from typing import Literal

from matcher.access.principal import Principal, Role
from matcher.errors import PermissionDenied
from models.vacancy import Vacancy
from models.worker import Worker

WorkerViewKind = Literal["full", "contact_hidden", "masked"]


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


def may_delete_worker(principal: Principal, worker: Worker) -> bool:
    return principal.is_admin or principal.acts_for("agency", worker.agency_id)


def is_audited(principal: Principal, worker: Worker, kind: WorkerViewKind) -> bool:
    """Every full-profile read by someone other than the worker itself is audited."""
    return kind == "full" and not principal.acts_for("worker", worker.id)


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
