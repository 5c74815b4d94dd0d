"""The worker CSV columns in one table: contract names, their Indonesian and English aliases,
and the numbered flat columns for lists of objects (``cert1_scheme``, ``exp2_years``...).

An agency's spreadsheet has headers a person typed (``Nama Lengkap``, ``Tanggal Lahir``,
``No. HP``); the reader maps each header to a contract path through this table, so nobody has
to rename columns or write JSON in a cell. The same table writes the template and the export,
so what we hand out is exactly what we read back. docs/api.md ("Bulk import") lists it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Contract path -> the aliases a header may use (compared after ``normalise_header``).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": (
        "id",
        "external id",
        "worker id",
        "id eksternal",
        "id pekerja",
        "no induk",
        "nomor induk",
        "no peserta",
        "nomor peserta",
    ),
    "full_name": ("full name", "name", "nama", "nama lengkap", "nama pekerja"),
    "birth_date": (
        "birth date",
        "date of birth",
        "dob",
        "tanggal lahir",
        "tgl lahir",
        "tgl. lahir",
    ),
    "province": ("province", "provinsi", "asal provinsi", "daerah asal"),
    "summary": ("summary", "profile", "ringkasan", "profil", "keterangan"),
    "contact.email": ("email", "e-mail", "surel", "alamat email"),
    "contact.phone": (
        "phone",
        "telephone",
        "mobile",
        "telepon",
        "no hp",
        "no. hp",
        "nomor hp",
        "no telepon",
        "whatsapp",
        "no wa",
    ),
    "japanese": ("japanese", "bahasa jepang", "tes bahasa jepang"),
    "ssw_tests": ("ssw tests", "tes ssw", "ujian ssw", "tes keterampilan"),
    "intern_training": ("intern training", "magang", "pemagangan", "titp"),
    "licences": ("licences", "licenses", "sim", "lisensi"),
    "ssw1_months_used": (
        "ssw1 months used",
        "months of ssw(i) used",
        "bulan ssw1 terpakai",
        "masa ssw1 terpakai",
    ),
    "preferred_fields": ("preferred fields", "fields", "bidang pilihan", "bidang diminati"),
    "preferred_prefectures": (
        "preferred prefectures",
        "prefectures",
        "prefektur pilihan",
        "prefektur diminati",
    ),
    "available_from": (
        "available from",
        "available",
        "tersedia mulai",
        "siap berangkat",
        "tanggal siap",
    ),
    "discoverable": ("discoverable", "visible to employers", "dapat ditemukan", "tampil"),
}


@dataclass(frozen=True, slots=True)
class FlatGroup:
    """A list of objects spread over numbered columns: ``{prefix}{n}_{attribute}``."""

    field: str
    """The contract list it fills (``certificates``)."""
    prefixes: tuple[str, ...]
    """The written prefix first (``cert``), then its aliases (``sertifikat``)."""
    attributes: dict[str, tuple[str, ...]]
    """Attribute -> its aliases, in template order."""
    template: tuple[str, ...]
    """The attributes the template shows (the others are read and exported all the same)."""
    template_count: int


FLAT_GROUPS: tuple[FlatGroup, ...] = (
    FlatGroup(
        "japanese",
        ("jp", "jepang", "japanese"),
        {
            "test": ("tes", "ujian", "name", "nama"),
            "level": ("tingkat", "level"),
            "passed_on": ("lulus", "tanggal lulus", "passed"),
        },
        ("test", "level", "passed_on"),
        2,
    ),
    FlatGroup(
        "ssw_tests",
        ("test", "tes", "ssw"),
        {
            "field": ("bidang",),
            "category": ("kategori",),
            "level": ("tingkat",),
            "passed_on": ("lulus", "tanggal lulus", "passed"),
        },
        ("field", "category", "level", "passed_on"),
        1,
    ),
    FlatGroup(
        "certificates",
        ("cert", "sertifikat", "certificate"),
        {
            "scheme": ("skema",),
            "scheme_code": ("kode skema",),
            "number": ("nomor", "no"),
            "registration_number": ("nomor registrasi", "no registrasi"),
            "issuer": ("penerbit", "lsp"),
            "kkni_level": ("kkni", "level kkni", "jenjang kkni"),
            "qualification_id": ("kualifikasi",),
            "qualification_en": (),
            "units": ("unit", "unit kompetensi"),
            "issued_on": ("terbit", "tanggal terbit", "issued"),
            "expires_on": ("berlaku sampai", "kedaluwarsa", "expires"),
            "status": (),
            "verified": ("verifikasi",),
            "verified_on": ("tanggal verifikasi",),
            "verified_by": ("diverifikasi oleh",),
        },
        ("scheme", "scheme_code", "number", "issuer", "kkni_level", "issued_on", "expires_on"),
        2,
    ),
    FlatGroup(
        "experience",
        ("exp", "pengalaman", "experience"),
        {
            "title": ("jabatan", "posisi", "judul"),
            "field": ("bidang",),
            "occupation": ("pekerjaan",),
            "years": ("tahun", "lama tahun"),
            "supervisory": ("mandor", "pengawas"),
            "description": ("deskripsi", "uraian"),
        },
        ("title", "field", "years", "supervisory", "description"),
        2,
    ),
    FlatGroup(
        "intern_training",
        ("intern", "magang"),
        {
            "field": ("bidang",),
            "category": ("kategori",),
            "job_type": ("jenis pekerjaan",),
            "programme": ("program",),
            "completed_on": ("selesai", "tanggal selesai"),
            "completion": ("status",),
        },
        (),
        0,
    ),
    FlatGroup(
        "licences",
        ("lic", "licence", "license", "lisensi"),
        {
            "kind": ("jenis",),
            "number": ("nomor",),
            "issued_on": ("terbit",),
            "expires_on": ("berlaku sampai",),
        },
        (),
        0,
    ),
)

LIST_COLUMNS = frozenset({"preferred_fields", "preferred_prefectures"})
"""Lists of plain values, written in one cell joined by ``;``."""
UNIT_SEPARATOR = ";"
BOOLEAN_COLUMNS = frozenset({"discoverable", "experience.supervisory"})
NUMBER_COLUMNS = frozenset({"experience.years"})
"""Decimal numbers: ``2,5`` (Indonesian and Japanese Excel) is read as 2.5."""
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "ya", "benar", "iya", "はい", "有"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "tidak", "bukan", "salah", "いいえ", "無"})


def flat_name(group: FlatGroup, number: int, attribute: str) -> str:
    """The written name of a flat column (``cert1_issued_on``)."""
    return f"{group.prefixes[0]}{number}_{attribute}"


def normalise_header(header: str) -> str:
    """A header compared case-, width- and spacing-insensitively (``Nama_Lengkap`` and
    ``nama lengkap`` are the same; full-width ``ＩＤ`` is ``id``)."""
    text = unicodedata.normalize("NFKC", header).strip().casefold()
    return re.sub(r"[\s_\-]+", " ", text)


PLAIN_COLUMNS: tuple[str, ...] = (
    "external_id",
    "full_name",
    "birth_date",
    "province",
    "contact.email",
    "contact.phone",
    "summary",
    "available_from",
    "preferred_fields",
    "preferred_prefectures",
    "ssw1_months_used",
    "discoverable",
)
"""The one-cell columns of a worker, in the order the template and the export write them."""

TEMPLATE_COLUMNS: tuple[str, ...] = (
    *PLAIN_COLUMNS,
    *(
        flat_name(g, n, a)
        for g in FLAT_GROUPS
        for n in range(1, g.template_count + 1)
        for a in g.template
    ),
    "intern_training",
    "licences",
)


_ALIASES: dict[str, str] = {}
for _path, _names in COLUMN_ALIASES.items():
    for _name in (_path, _path.replace(".", " "), *_names):
        _ALIASES[normalise_header(_name)] = _path

_FLAT: list[tuple[re.Pattern[str], FlatGroup, dict[str, str]]] = []
for _group in FLAT_GROUPS:
    _attributes = {
        normalise_header(alias): attribute
        for attribute, aliases in _group.attributes.items()
        for alias in (attribute, *aliases)
    }
    _prefix = "|".join(re.escape(normalise_header(p)) for p in _group.prefixes)
    _FLAT.append((re.compile(rf"^(?:{_prefix}) ?(\d{{1,2}}) ?(.+)$"), _group, _attributes))


@dataclass(frozen=True, slots=True)
class Column:
    """Where a header's cells go: a plain contract path, or item ``number`` of a flat group."""

    path: str
    group: FlatGroup | None = None
    number: int = 0
    attribute: str = ""


def resolve_header(header: str) -> Column:
    """The column a header names. An unknown header is kept as written (a dotted contract
    path such as ``contact.email`` still works), and the model refuses it by name."""
    key = normalise_header(header)
    if key in _ALIASES:
        return Column(_ALIASES[key])
    for pattern, group, attributes in _FLAT:
        match = pattern.match(key)
        if match and match.group(2) in attributes and int(match.group(1)) >= 1:
            attribute = attributes[match.group(2)]
            return Column(f"{group.field}.{attribute}", group, int(match.group(1)), attribute)
    return Column(header.strip())
