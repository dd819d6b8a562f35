"""Public pages: the demo city page with the chat widget (/) and the accessibility statement (/tillganglighet).

The widget itself is a static file (`/static/widget.js`); mount `STATIC_DIR`
at /static with the name "static" (`mount_static(app)`).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.staticfiles import StaticFiles

from web.templating import STATIC_DIR, render

router = APIRouter(tags=["pages"], include_in_schema=False)

# Dates in the accessibility statement: update them with each new assessment (DIGG requires them).
STATEMENT_DATES = {"published": "2026-12-01", "assessed": "2026-11-30", "updated": "2026-11-30"}


def mount_static(app: FastAPI) -> None:
    """Serve web/static at /static (widget.js, widget.css, staff.css, site.css)."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


@router.get("/", summary="Demo page of a city site with the chat widget")
async def demo_page(request: Request):
    return render(request, "demo.html", {}, staff_page=False)


@router.get("/tillganglighet", summary="Accessibility statement (tillgänglighetsredogörelse)")
async def accessibility_statement(request: Request):
    return render(request, "tillganglighet.html", dict(STATEMENT_DATES), staff_page=False)
