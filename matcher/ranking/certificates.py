"""How a vacancy's certificate name is matched against a worker's BNSP certificates.

Employers write certificate names loosely ("Caregiver", "介護", "SKM-CG-01"), while a certificate
carries a scheme name, a scheme code and qualification titles in Indonesian and English. The
rule, shared by the per-worker check and the vectorised table so that both agree: a certificate
matches a required name when

* its scheme, by the scheme catalogue (``models.schemes``), is one the name resolves to: this is
  how 介護 finds "Caregiver (Perawat Lansia)"; or
* every token of the name occurs in one of its name fields (scheme, scheme code, Indonesian or
  English qualification title), each field taken on its own: how names of schemes outside the
  catalogue, stored before it existed, keep matching.

Text is normalised (NFKC, case-folded) and split into tokens on anything that is not a letter or
digit (``models.schemes.name_tokens``). Token containment rather than substring: "Care" must not
match "Caregiver". Units of competency are not name fields: a unit title says what was assessed,
not which qualification was earned. Validity is ``Certificate.valid_on``.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.schemes import Scheme, name_tokens, resolve_scheme_name, scheme_of_names
from models.worker import Certificate

__all__ = [
    "certificate_matches",
    "certificate_name_fields",
    "certificate_scheme",
    "name_tokens",
    "unique_names",
]


def certificate_name_fields(certificate: Certificate) -> tuple[str, ...]:
    """The texts that name a certificate, in order of authority."""
    fields = (
        certificate.scheme,
        certificate.scheme_code,
        certificate.qualification_id,
        certificate.qualification_en,
    )
    return tuple(text for text in fields if text)


def certificate_scheme(certificate: Certificate) -> Scheme | None:
    """The catalogue scheme a certificate belongs to (None: not in the catalogue)."""
    return scheme_of_names(
        certificate.scheme_code,
        certificate.scheme,
        certificate.qualification_id,
        certificate.qualification_en,
    )


def certificate_matches(certificate: Certificate, name: str) -> bool:
    """Whether ``certificate`` is one the vacancy means by ``name`` (validity not considered)."""
    wanted = name_tokens(name)
    if not wanted:
        return False
    scheme = certificate_scheme(certificate)
    if scheme is not None and scheme in resolve_scheme_name(name):
        return True
    return any(wanted <= name_tokens(text) for text in certificate_name_fields(certificate))


def unique_names(names: Iterable[str]) -> list[str]:
    """``names`` without repeats that normalise to the same tokens, first spelling kept."""
    seen: set[frozenset[str]] = set()
    result: list[str] = []
    for name in names:
        key = name_tokens(name)
        if key not in seen:
            seen.add(key)
            result.append(name)
    return result
