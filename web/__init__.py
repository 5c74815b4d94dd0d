"""The browser interface: a static bundle (HTML, CSS, vanilla JS modules, no build step) served
by the API app at ``/``.

Everything the pages show comes from the ``/v1`` API with the token kept in the tab's
``sessionStorage``; nothing is rendered on the server, so the router only hands out files.
It is a plain router (no catch-all mount at ``/``), so unknown ``/v1`` paths still answer the
API's own problem+json 404 and 405.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from matcher.errors import NotFound

__all__ = ["STATIC_DIR", "router"]

STATIC_DIR = Path(__file__).resolve().parent / "static"

_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".csv": "text/csv; charset=utf-8",
    ".ico": "image/x-icon",
}
# Scripts and styles only from this origin; API text reaches the DOM as text, never markup.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


def _file(relative: str) -> FileResponse:
    """A file of the bundle; anything outside it, or of an unknown type, is not found."""
    path = (STATIC_DIR / relative).resolve()
    media_type = _MEDIA_TYPES.get(path.suffix)
    if media_type is None or not path.is_relative_to(STATIC_DIR) or not path.is_file():
        raise NotFound(f"no such file: /web/{relative}")
    return FileResponse(path, media_type=media_type, headers=_SECURITY_HEADERS)


@router.get("/")
async def index() -> FileResponse:
    """The single page; it signs in with a token and shows what that token may see."""
    return _file("index.html")


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    """Browsers ask for it on every first visit; without it each visit logs a 404."""
    return _file("favicon.ico")


@router.get("/web/{relative:path}")
async def static_file(relative: str) -> FileResponse:
    return _file(relative)
