"""/v1/admin: operators' work on the whole installation (admins only).

``POST /v1/admin/reencode`` stores a ``reencode`` job (``matcher.jobs.reencode``) and answers 202:
a runner encodes every worker and vacancy text for the embedder named, so a server switched to
that embedder starts from stored vectors instead of encoding everything first.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from api.deps import ConnectDep, PrincipalDep
from api.problems import problem_responses
from api.routes.jobs import JobPublic, accepted, job_settings
from matcher.imports.messages import pick_lang
from matcher.jobs.reencode import enqueue_reencode
from matcher.settings import EmbedderKind
from models.common import ShortText

router = APIRouter(prefix="/v1/admin", tags=["admin"])


class ReencodeRequest(BaseModel):
    """The embedder to encode for, as ``MATCHER_EMBEDDER`` and ``MATCHER_EMBEDDER_MODEL``
    would name it."""

    model_config = ConfigDict(extra="forbid")

    embedder: EmbedderKind = Field(
        description="`use-multilingual`, `sentence-transformers` or `fake`."
    )
    model: ShortText | None = Field(
        default=None,
        description="sentence-transformers: a local path or cached name (default the packaged "
        "MiniLM); fake: its dimension; use-multilingual: none.",
    )

    @field_validator("model")
    @classmethod
    def _model_fits_embedder(cls, model: str | None, info: ValidationInfo) -> str | None:
        """A model the embedder cannot take is the caller's mistake (422 naming ``model``), not
        a job that fails minutes later."""
        embedder = info.data.get("embedder")
        if model is not None and embedder == "use-multilingual":
            raise ValueError("use-multilingual takes no model; leave model out")
        if model is not None and embedder == "fake" and not model.isdigit():
            raise ValueError("fake takes a dimension as its model, e.g. 64")
        return model


@router.post(
    "/reencode",
    status_code=202,
    response_model=JobPublic,
    summary="Encode every stored text for an embedder, as a job (admins)",
    responses=problem_responses(401, 403, 413, 422, 429),
)
async def reencode(
    request: Request,
    body: ReencodeRequest,
    connect: ConnectDep,
    principal: PrincipalDep,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JSONResponse:
    """Answers 202 with a `reencode` job once it is stored; poll `Location`
    (`GET /v1/jobs/{id}`): `progress` counts workers and then vacancies walked of all of them,
    and when it has succeeded `result` is `{"model_id", "workers": {"encoded", "reused"},
    "vacancies": {...}}`. Only texts whose stored vector for that model is missing or stale are
    encoded, so running it again costs little. A model that cannot be loaded fails the job
    (`embedder_unavailable`)."""
    async with connect() as conn:  # committed when the block ends, before the 202
        job = await enqueue_reencode(
            conn, principal, body.embedder, body.model, job_settings(request)
        )
    return accepted(request, job, pick_lang(None, accept_language))
