"""What the API shows and accepts: allow-listed request and response schemas (OWASP API3).

Domain models (``models.worker`` ...) say what the data means; these say which of it crosses the
wire, per audience. Families per entity: ``XCreate`` (POST body), ``XUpdate`` (PATCH body, every
field optional), ``XPublic`` (the full view), ``XMasked`` (what an employer sees of a worker
before disclosure) and ``XList`` (a page).
"""

from models.schemas.audit import AuditEntryPublic, AuditList
from models.schemas.common import FieldError, Problem
from models.schemas.employers import EmployerCreate, EmployerList, EmployerPublic, EmployerUpdate
from models.schemas.imports import ImportErrorPublic, ImportResult
from models.schemas.matching import (
    RequirementCheckPublic,
    VacancyMatch,
    VacancyMatchList,
    VacancySearchFilters,
    VacancySearchRequest,
    WorkerMatch,
    WorkerMatchList,
    WorkerSearchFilters,
    WorkerSearchRequest,
)
from models.schemas.tokens import (
    PrincipalPublic,
    Role,
    TokenCreate,
    TokenCreated,
    TokenList,
    TokenPublic,
)
from models.schemas.vacancies import VacancyCreate, VacancyList, VacancyPublic, VacancyUpdate
from models.schemas.workers import (
    CertificateMasked,
    DisclosureCreate,
    WorkerCreate,
    WorkerList,
    WorkerMasked,
    WorkerPublic,
    WorkerUpdate,
    WorkerView,
)

__all__ = [
    "AuditEntryPublic",
    "AuditList",
    "CertificateMasked",
    "DisclosureCreate",
    "EmployerCreate",
    "EmployerList",
    "EmployerPublic",
    "EmployerUpdate",
    "FieldError",
    "ImportErrorPublic",
    "ImportResult",
    "PrincipalPublic",
    "Problem",
    "RequirementCheckPublic",
    "Role",
    "TokenCreate",
    "TokenCreated",
    "TokenList",
    "TokenPublic",
    "VacancyCreate",
    "VacancyList",
    "VacancyMatch",
    "VacancyMatchList",
    "VacancyPublic",
    "VacancySearchFilters",
    "VacancySearchRequest",
    "VacancyUpdate",
    "WorkerCreate",
    "WorkerList",
    "WorkerMasked",
    "WorkerMatch",
    "WorkerMatchList",
    "WorkerPublic",
    "WorkerSearchFilters",
    "WorkerSearchRequest",
    "WorkerUpdate",
    "WorkerView",
]
