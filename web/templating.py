"""One Jinja2 environment for every server-rendered page (staff pages, demo page, accessibility statement).

Domain page routes (staff, and next the officer and editor consoles) render
through `render`, which adds the headers every page of ours should carry.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.responses import HTMLResponse

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
STOCKHOLM = ZoneInfo("Europe/Stockholm")

templates = Jinja2Templates(directory=TEMPLATES_DIR)


@pass_context
def url_path_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
    """A root-relative URL: the browser resolves it against the page it loaded, so a forged Host header can
    never point an asset or a form at another site (Starlette's own url_for copies the Host into the URL)."""
    request: Request = context["request"]
    return request.scope.get("root_path", "") + str(request.app.url_path_for(name, **path_params))


templates.env.globals["url_for"] = url_path_for

STAFF_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}
PUBLIC_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    staff_page: bool = True,
) -> HTMLResponse:
    """A template as a response; staff pages are never cached, framed or given inline scripts."""
    response = templates.TemplateResponse(request, name, context or {}, status_code=status_code)
    response.headers.update(STAFF_HEADERS if staff_page else PUBLIC_HEADERS)
    return response


def local_time(value: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """An instant as Stockholm wall-clock time, as staff read it."""
    return value.astimezone(STOCKHOLM).strftime(pattern) if value else "–"


templates.env.filters["local_time"] = local_time
