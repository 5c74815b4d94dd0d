"""/v1/vocabulary: the codes of the contract with their labels (public reference data)."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, Response

from models.categories import licence_kinds, ssw_categories
from models.schemas.vocabulary import (
    CategoryEntry,
    FieldEntry,
    Labels,
    LicenceEntry,
    OccupationEntry,
    PrefectureEntry,
    SchemeEntry,
    Vocabulary,
)
from models.schemes import schemes
from models.vocabulary import occupations, prefectures, ssw_fields

router = APIRouter(prefix="/v1/vocabulary", tags=["vocabulary"])
CACHE_CONTROL = "public, max-age=3600"
"""The data changes with a release, not between requests."""


@cache
def vocabulary() -> Vocabulary:
    """Built once per process from the data files (they are read-only at run time)."""
    return Vocabulary(
        fields=[
            FieldEntry(
                code=f.code, labels=Labels(en=f.en, ja=f.ja, id=f.id), valid_from=f.valid_from
            )
            for f in ssw_fields().values()
        ],
        categories=[
            CategoryEntry(
                code=c.code,
                field=c.field,
                labels=Labels(en=c.names.en, ja=c.names.ja, id=c.names.id),
                japanese_ssw1=c.japanese_ssw1,
                japanese_ssw2=c.japanese_ssw2,
                ssw2_from=None if c.ssw2 is None else c.ssw2.offered_from,
                dispatch_allowed=c.dispatch_allowed,
                licences=[rule.kind for rule in c.licences],
                valid_from=c.valid_from,
                valid_to=c.valid_to,
            )
            for c in ssw_categories().values()
        ],
        licence_kinds=[
            LicenceEntry(
                code=k.code,
                labels=Labels(en=k.names.en, ja=k.names.ja, id=k.names.id),
                expires=k.expires,
            )
            for k in licence_kinds().values()
        ],
        schemes=[
            SchemeEntry(
                code=s.code,
                labels=Labels(en=s.en, ja=s.ja, id=s.id),
                aliases=list(s.aliases),
                kkni_level=s.kkni_level,
                fields=sorted(s.fields),
                categories=sorted(s.categories),
            )
            for s in schemes().values()
        ],
        occupations=[
            OccupationEntry(
                code=o.code,
                field=o.field,
                category=o.category,
                labels=Labels(en=o.en, ja=o.ja, id=o.id),
            )
            for o in occupations().values()
        ],
        prefectures=[
            PrefectureEntry(
                code=p.code, labels=Labels(en=p.en, ja=p.ja, id=p.en), aliases=list(p.aliases)
            )
            for p in prefectures().values()
        ],
    )


@router.get("", response_model=Vocabulary, summary="Fields, job categories, licences, schemes")
async def get_vocabulary(response: Response) -> Vocabulary:
    """Every code the contract accepts with its labels in en/ja/id: SSW fields and their job
    categories (with the Japanese level each visa needs there), licence kinds, the scheme
    catalogue, occupations and Japan's prefectures. No authentication: it is public reference data."""
    response.headers["Cache-Control"] = CACHE_CONTROL
    return vocabulary()
