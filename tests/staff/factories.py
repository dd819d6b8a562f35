"""Builders for staff tests: a database with the staff tables, a StaffAuth, an app of our routers, accounts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

import staff.models  # noqa: F401  (registers the tables on Base.metadata)
from app.clock import Clock, FixedClock
from app.db import Base, Database, create_db_engine
from app.errors import DomainError, RateLimited
from staff.auth import CookiePolicy, StaffAuth
from staff.config import StaffSettings
from staff.identity import Role
from staff.passwords import Passwords
from staff.schemas import AccountCreate, AccountPublic
from staff.service import StaffService

STAFF_TABLES = [table for name, table in Base.metadata.tables.items() if name.startswith("staff_")]
GROUPS = {"forskola": "Förskola", "parkering": "Parkeringstillstånd och fordon", "avfall": "Avfall och sophämtning"}
PASSWORD = "rätt-häst-batteri-häftklammer"
HIDDEN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
MORNING = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def staff_database(path: Path) -> Database:
    database = Database(create_db_engine(f"sqlite:///{path}"))
    Base.metadata.create_all(database.engine, tables=STAFF_TABLES)
    return database


def make_auth(database: Database, clock: Clock | None = None, **settings: int) -> StaffAuth:
    service = StaffService(
        clock=clock or FixedClock(MORNING),
        settings=StaffSettings(**settings),
        known_groups=GROUPS.keys(),
        group_names=GROUPS,
        passwords=Passwords.fast_for_tests(),
    )
    return StaffAuth(service=service, database=database, cookies=CookiePolicy(secure=False))


def add_account(
    auth: StaffAuth,
    username: str,
    *,
    roles: Iterable[Role] = (Role.OFFICER,),
    groups: Iterable[str] = ("forskola",),
    languages: Iterable[str] = ("sv",),
    password: str = PASSWORD,
    display_name: str | None = None,
) -> AccountPublic:
    data = AccountCreate(
        username=username,
        password=password,
        display_name=display_name or username.replace(".", " ").title(),
        roles=frozenset(roles),
        answer_groups=frozenset(groups),
        languages=frozenset(languages),
    )
    with auth.database.transaction() as session:
        return auth.service.create_account(session=session, data=data)


def make_app(auth: StaffAuth, *extra_routers: APIRouter) -> FastAPI:
    """Our routers (pages, staff) and static files, with the same DomainError handling as app.main."""
    from staff.api import router as staff_router
    from web.api import mount_static
    from web.api import router as web_router

    app = FastAPI()
    app.state.staff_auth = auth
    for router in (web_router, staff_router, *extra_routers):
        app.include_router(router)
    mount_static(app)

    @app.exception_handler(DomainError)
    async def _domain_error(_: Request, error: DomainError) -> JSONResponse:
        headers = {"Retry-After": str(error.retry_after_seconds)} if isinstance(error, RateLimited) else {}
        return JSONResponse({"detail": error.message}, status_code=error.status_code, headers=headers)

    return app


def form_token(html: str) -> str:
    match = HIDDEN_CSRF.search(html)
    assert match, "the page has no csrf_token field"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD, next: str = "/staff/"):  # type: ignore[no-untyped-def]
    token = form_token(client.get("/staff/login").text)
    return client.post(
        "/staff/login",
        data={"username": username, "password": password, "csrf_token": token, "next": next},
        follow_redirects=False,
    )
