"""Staff pages and JSON: sign-in, sign-out, the start page, the admin page for accounts.

Routes only translate HTTP to service calls. Pages that need a signed-in
member redirect to the sign-in page when there is none; every POST carries
the CSRF token (a hidden `csrf_token` field) and is answered with a redirect
(post/redirect/get), so no state changes through GET and a reload never
repeats an action.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from app.deps import RowId
from app.errors import DomainError
from staff.auth import CSRF_FIELD, StaffAuth
from staff.errors import CsrfRejected, NotSignedIn, RoleRequired, SignInFailed, TooManySignIns
from staff.identity import Role, StaffIdentity, get_current_staff
from staff.schemas import AccountCreate, AccountPublic, AccountUpdate
from staff.service import ActiveSession
from web.templating import render

router = APIRouter(tags=["staff"])

ROLE_NAMES = {
    Role.OFFICER: ("Handläggare", "Officer"),
    Role.EDITOR: ("Redaktör", "Editor"),
    Role.MANAGER: ("Chef", "Manager"),
    Role.ADMIN: ("Administratör", "Administrator"),
}
SIGNED_OUT_MESSAGES = {
    "1": "Du är utloggad. / You are signed out.",
    "timeout": "Du har loggats ut eftersom du varit inaktiv en stund. Logga in igen. / "
    "You were signed out after a while without activity. Sign in again.",
}


def get_staff_auth(request: Request) -> StaffAuth:
    return request.app.state.staff_auth


AuthDep = Annotated[StaffAuth, Depends(get_staff_auth)]
CsrfField = Annotated[str, Form(alias=CSRF_FIELD)]


def safe_next(target: str | None) -> str:
    """Only a path on this site: never `//evil.example` or a full URL (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/staff/"
    return target


def _to_login(request: Request) -> HTTPException:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return HTTPException(status_code=303, headers={"Location": f"/staff/login?next={quote(target, safe='/')}"})


async def page_session(request: Request, auth: AuthDep) -> ActiveSession:
    """A staff page's session; not signed in means a redirect to the sign-in page."""
    active = await run_in_threadpool(auth.current, request)
    if active is None:
        raise _to_login(request)
    return active


PageSession = Annotated[ActiveSession, Depends(page_session)]


def _page(request: Request, name: str, active: ActiveSession | None, *, status_code: int = 200, **context: Any):
    context.update(
        me=active.identity if active else None,
        csrf_token=active.csrf_token if active else "",
        role_names=ROLE_NAMES,
        Role=Role,
    )
    return render(request, name, context, status_code=status_code)


def _forbidden(request: Request, active: ActiveSession, error: DomainError):
    return _page(request, "staff/error.html", active, status_code=error.status_code, message=error.message)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def form_identity(request: Request, auth: AuthDep, csrf_token: str, role: Role | None) -> StaffIdentity:
    """The member behind a form POST, CSRF token checked; redirect to sign-in if the session ended."""
    try:
        if role is None:
            return await run_in_threadpool(auth.identify, request, csrf_token=csrf_token)
        return await run_in_threadpool(auth.require, request, role, csrf_token=csrf_token)
    except NotSignedIn as error:
        raise HTTPException(status_code=303, headers={"Location": "/staff/login?signed_out=timeout"}) from error


# --- sign-in ------------------------------------------------------------------------


@router.get("/staff/login", summary="The sign-in page", include_in_schema=False)
async def login_page(request: Request, auth: AuthDep, next: str = "/staff/", signed_out: str | None = None):
    active = await run_in_threadpool(auth.current, request)
    if active is not None:
        return _see_other(safe_next(next))
    return _login_form(request, auth, next=next, notice=SIGNED_OUT_MESSAGES.get(signed_out or ""))


def _login_form(
    request: Request, auth: StaffAuth, *, next: str, error: str | None = None, notice: str | None = None,
    username: str = "", status_code: int = 200,
) -> Response:  # fmt: skip
    token = auth.login_csrf_token(request)
    response = _page(
        request, "staff/login.html", None, status_code=status_code,
        login_csrf=token, next=safe_next(next), error=error, notice=notice, username=username,
    )  # fmt: skip
    auth.remember_login_csrf(response, token)
    return response


@router.post("/staff/login", summary="Sign in with user name and password", include_in_schema=False)
async def login(
    request: Request,
    auth: AuthDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: CsrfField = "",
    next: Annotated[str, Form()] = "/staff/",
):
    try:
        auth.check_login_csrf(request, csrf_token)
    except CsrfRejected as error:
        return _login_form(request, auth, next=next, error=error.message, username=username, status_code=403)
    client = request.client.host if request.client else "unknown"

    def sign_in():  # type: ignore[no-untyped-def]
        with auth.database.transaction() as session:
            return auth.service.sign_in(session=session, username=username, password=password, client=client)

    try:
        signed_in = await run_in_threadpool(sign_in)
    except (SignInFailed, TooManySignIns) as error:
        response = _login_form(
            request, auth, next=next, error=error.message, username=username, status_code=error.status_code
        )
        if isinstance(error, TooManySignIns):
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response
    response = _see_other(safe_next(next))
    auth.start_session(response, signed_in)
    return response


@router.post("/staff/logout", summary="Sign out", include_in_schema=False)
async def logout(request: Request, auth: AuthDep, csrf_token: CsrfField = ""):
    active = await run_in_threadpool(auth.current, request)
    if active is not None:
        await form_identity(request, auth, csrf_token, None)
    response = _see_other("/staff/login?signed_out=1")
    await run_in_threadpool(auth.end_session, request, response)
    return response


@router.get("/staff/", summary="Staff start page", include_in_schema=False)
async def start_page(request: Request, active: PageSession):
    return _page(request, "staff/home.html", active)


# --- admin: accounts ------------------------------------------------------------------


def _admin_session(request: Request, active: ActiveSession) -> None:
    if not active.identity.has_role(Role.ADMIN):
        raise RoleRequired(Role.ADMIN.value)


def _accounts_page(request: Request, auth: StaffAuth, active: ActiveSession, *, status_code: int = 200, **ctx: Any):
    with auth.database.transaction() as session:
        accounts = auth.service.list_accounts(session=session)
    return _page(
        request, "staff/accounts.html", active, status_code=status_code,
        accounts=accounts, groups=auth.service.group_names, **ctx,
    )  # fmt: skip


@router.get("/staff/admin/accounts", summary="Admin: list and create staff accounts", include_in_schema=False)
async def accounts_page(request: Request, auth: AuthDep, active: PageSession, done: str | None = None):
    try:
        _admin_session(request, active)
    except RoleRequired as error:
        return _forbidden(request, active, error)
    return await run_in_threadpool(_accounts_page, request, auth, active, done=done, form={})


def _fields(display_name: str, roles: list[str], answer_groups: list[str], languages: str) -> dict[str, Any]:
    return {
        "display_name": display_name,
        "roles": frozenset(roles),
        "answer_groups": frozenset(answer_groups),
        "languages": frozenset(part for part in languages.replace(";", ",").replace(" ", ",").split(",") if part),
    }


def _problem(error: ValidationError) -> str:
    return " ".join(str(problem["msg"]).removeprefix("Value error, ") for problem in error.errors())


@router.post("/staff/admin/accounts", summary="Admin: create an account", include_in_schema=False)
async def create_account(
    request: Request,
    auth: AuthDep,
    csrf_token: CsrfField = "",
    username: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    roles: Annotated[list[str], Form()] = [],  # noqa: B006  (FastAPI copies form defaults)
    answer_groups: Annotated[list[str], Form()] = [],  # noqa: B006
    languages: Annotated[str, Form()] = "sv",
):
    await form_identity(request, auth, csrf_token, Role.ADMIN)
    active = auth.current(request)
    assert active is not None
    form = {"username": username, "display_name": display_name, "roles": roles,
            "answer_groups": answer_groups, "languages": languages}  # fmt: skip
    try:
        data = AccountCreate(
            username=username, password=password, **_fields(display_name, roles, answer_groups, languages)
        )

        def create() -> AccountPublic:
            with auth.database.transaction() as session:
                return auth.service.create_account(session=session, data=data)

        created = await run_in_threadpool(create)
    except ValidationError as error:
        return await run_in_threadpool(
            _accounts_page, request, auth, active, status_code=422, error=_problem(error), form=form
        )
    except DomainError as error:
        return await run_in_threadpool(
            _accounts_page, request, auth, active, status_code=error.status_code, error=error.message, form=form
        )
    return _see_other(f"/staff/admin/accounts?done=created-{quote(created.username)}")


@router.get("/staff/admin/accounts/{account_id}", summary="Admin: one account", include_in_schema=False)
async def account_page(request: Request, auth: AuthDep, active: PageSession, account_id: RowId,
                       done: str | None = None):  # fmt: skip
    try:
        _admin_session(request, active)
    except RoleRequired as error:
        return _forbidden(request, active, error)
    return await run_in_threadpool(_account_page, request, auth, active, account_id, done=done)


def _account_page(request: Request, auth: StaffAuth, active: ActiveSession, account_id: int, *,
                  status_code: int = 200, **ctx: Any):  # fmt: skip
    try:
        with auth.database.transaction() as session:
            account = auth.service.get_account(session=session, account_id=account_id)
    except DomainError as error:
        return _forbidden(request, active, error)
    return _page(
        request, "staff/account.html", active, status_code=status_code,
        account=account, groups=auth.service.group_names, **ctx,
    )  # fmt: skip


async def _change(request: Request, auth: StaffAuth, account_id: int, change, done: str):  # type: ignore[no-untyped-def]
    active = auth.current(request)
    assert active is not None

    def run() -> None:
        with auth.database.transaction() as session:
            change(session)

    try:
        await run_in_threadpool(run)
    except ValidationError as error:
        return await run_in_threadpool(
            _account_page, request, auth, active, account_id, status_code=422, error=_problem(error)
        )
    except DomainError as error:
        return await run_in_threadpool(
            _account_page, request, auth, active, account_id, status_code=error.status_code, error=error.message
        )
    return _see_other(f"/staff/admin/accounts/{account_id}?done={done}")


@router.post("/staff/admin/accounts/{account_id}", summary="Admin: change name, roles, groups, languages",
             include_in_schema=False)  # fmt: skip
async def update_account(
    request: Request,
    auth: AuthDep,
    account_id: RowId,
    csrf_token: CsrfField = "",
    display_name: Annotated[str, Form()] = "",
    roles: Annotated[list[str], Form()] = [],  # noqa: B006
    answer_groups: Annotated[list[str], Form()] = [],  # noqa: B006
    languages: Annotated[str, Form()] = "",
):
    await form_identity(request, auth, csrf_token, Role.ADMIN)

    def change(session) -> None:  # type: ignore[no-untyped-def]
        data = AccountUpdate(**_fields(display_name, roles, answer_groups, languages))
        auth.service.update_account(session=session, account_id=account_id, data=data)

    return await _change(request, auth, account_id, change, "saved")


@router.post("/staff/admin/accounts/{account_id}/active", summary="Admin: deactivate or reactivate",
             include_in_schema=False)  # fmt: skip
async def set_active(
    request: Request,
    auth: AuthDep,
    account_id: RowId,
    csrf_token: CsrfField = "",
    active: Annotated[bool, Form()] = False,
):
    await form_identity(request, auth, csrf_token, Role.ADMIN)

    def change(session) -> None:  # type: ignore[no-untyped-def]
        auth.service.set_active(session=session, account_id=account_id, active=active)

    return await _change(request, auth, account_id, change, "activated" if active else "deactivated")


@router.post("/staff/admin/accounts/{account_id}/password", summary="Admin: set a new password",
             include_in_schema=False)  # fmt: skip
async def set_password(
    request: Request,
    auth: AuthDep,
    account_id: RowId,
    csrf_token: CsrfField = "",
    password: Annotated[str, Form()] = "",
):
    await form_identity(request, auth, csrf_token, Role.ADMIN)

    def change(session) -> None:  # type: ignore[no-untyped-def]
        auth.service.set_password(session=session, account_id=account_id, password=password)

    return await _change(request, auth, account_id, change, "password")


# --- JSON ----------------------------------------------------------------------------


@router.get(
    "/api/staff/me",
    summary="The signed-in staff member and the CSRF token to send as X-CSRF-Token on JSON calls",
    responses={401: {"description": "Not signed in"}},
)
async def me(request: Request, auth: AuthDep, identity: Annotated[StaffIdentity, Depends(get_current_staff)]):
    active = auth.current(request)
    assert active is not None
    return {
        "id": identity.id,
        "username": identity.username,
        "display_name": identity.display_name,
        "roles": sorted(identity.roles),
        "answer_groups": sorted(identity.answer_groups),
        "languages": sorted(identity.languages),
        "csrf_token": active.csrf_token,
        "session_expires_at": active.idle_expires_at.isoformat(),
    }
