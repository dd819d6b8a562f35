"""The HTTP side of staff sign-in: the session cookie, CSRF tokens and `StaffAuth.identify`.

- The session cookie holds a random token (the database keeps its SHA-256),
  HttpOnly and SameSite=Lax; Secure, with the `__Host-` prefix, outside
  development.
- Every state-changing request (POST, PUT, PATCH, DELETE) of a signed-in
  member must carry the session's CSRF token: in the `csrf_token` field of a
  form (the page routes pass it as `csrf_token=`) or in the `X-CSRF-Token`
  header of a JSON call. `identify` checks it, so a domain's JSON route that
  depends on `get_current_staff` is protected without doing anything.
- The sign-in form has no session yet: it carries a double-submit token
  (a random value in a short-lived cookie and in the form), which stops a
  forged cross-site sign-in.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request, Response

from app.clock import Clock
from app.db import Database
from app.ratelimit import RateLimits
from app.settings import Settings
from app.taxonomy import Taxonomy, load_taxonomy
from staff.config import StaffSettings
from staff.errors import CsrfRejected, NotSignedIn, RoleRequired
from staff.identity import Role, StaffIdentity
from staff.passwords import Passwords
from staff.schemas import AccountCreate, AccountPublic
from staff.service import ActiveSession, SignedIn, StaffService

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOGIN_CSRF_COOKIE = "kc_login_csrf"
LOGIN_PATH = "/staff/login"
_STATE_KEY = "staff_session"
_UNRESOLVED = object()


@dataclass(frozen=True)
class CookiePolicy:
    secure: bool

    @property
    def session_cookie(self) -> str:
        """With `__Host-` the browser refuses the cookie unless Secure, Path=/, no Domain: no subdomain plants it."""
        return "__Host-kc_staff" if self.secure else "kc_staff"


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


class StaffAuth:
    """Put on `app.state.staff_auth`; `staff.identity.get_current_staff` calls `identify`."""

    def __init__(self, *, service: StaffService, database: Database, cookies: CookiePolicy) -> None:
        self.service = service
        self.database = database
        self.cookies = cookies

    # --- who is signed in -----------------------------------------------------------

    def current(self, request: Request) -> ActiveSession | None:
        """The request's valid session or None; looked up once per request."""
        cached = getattr(request.state, _STATE_KEY, _UNRESOLVED)
        if cached is not _UNRESOLVED:
            return cached  # type: ignore[return-value]
        token = request.cookies.get(self.cookies.session_cookie, "")
        active = None
        if token:
            with self.database.transaction() as session:
                active = self.service.resolve(session=session, token=token)
        setattr(request.state, _STATE_KEY, active)
        return active

    def identify(self, request: Request, *, csrf_token: str | None = None) -> StaffIdentity:
        """The signed-in member; 401 without a valid session, 403 on an unsafe method without the CSRF token."""
        active = self.current(request)
        if active is None:
            raise NotSignedIn()
        if request.method.upper() not in SAFE_METHODS:
            given = csrf_token if csrf_token is not None else request.headers.get(CSRF_HEADER)
            if not tokens_match(active.csrf_token, given):
                raise CsrfRejected()
        return active.identity

    def require(self, request: Request, role: Role, *, csrf_token: str | None = None) -> StaffIdentity:
        identity = self.identify(request, csrf_token=csrf_token)
        if not identity.has_role(role):
            raise RoleRequired(role.value)
        return identity

    # --- cookies --------------------------------------------------------------------

    def start_session(self, response: Response, signed_in: SignedIn) -> None:
        response.set_cookie(
            self.cookies.session_cookie,
            signed_in.token,
            max_age=int(self.service.settings.absolute_timeout.total_seconds()),
            path="/",
            httponly=True,
            secure=self.cookies.secure,
            samesite="lax",
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_PATH, secure=self.cookies.secure, httponly=True)

    def end_session(self, request: Request, response: Response) -> None:
        token = request.cookies.get(self.cookies.session_cookie, "")
        if token:
            with self.database.transaction() as session:
                self.service.sign_out(session=session, token=token)
        setattr(request.state, _STATE_KEY, None)
        response.delete_cookie(
            self.cookies.session_cookie, path="/", secure=self.cookies.secure, httponly=True, samesite="lax"
        )

    # --- the sign-in form's double-submit token ---------------------------------------

    def login_csrf_token(self, request: Request) -> str:
        """The token of the browser's sign-in cookie, or a new one (set it with `remember_login_csrf`)."""
        return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)

    def remember_login_csrf(self, response: Response, token: str) -> None:
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            token,
            max_age=3600,
            path=LOGIN_PATH,
            httponly=True,
            secure=self.cookies.secure,
            samesite="strict",
        )

    def check_login_csrf(self, request: Request, form_token: str | None) -> None:
        if not tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE), form_token):
            raise CsrfRejected()


def build_staff(
    settings: Settings,
    database: Database,
    clock: Clock,
    *,
    taxonomy: Taxonomy | None = None,
    staff_settings: StaffSettings | None = None,
    passwords: Passwords | None = None,
    limits: RateLimits | None = None,
) -> StaffAuth:
    """The staff package's service and authenticator, for the composition root to put on app.state.staff_auth."""
    taxonomy = taxonomy or load_taxonomy(settings.taxonomy_path)
    service = StaffService(
        clock=clock,
        settings=staff_settings or StaffSettings(),
        known_groups=taxonomy.groups.keys(),
        group_names={group.id: group.name_sv for group in taxonomy.groups.values()},
        passwords=passwords,
        limits=limits,
    )
    return StaffAuth(service=service, database=database, cookies=CookiePolicy(secure=not settings.is_development))


def sweep_job(auth: StaffAuth) -> Callable[[], None]:
    """A periodic job that deletes expired sessions (one of Product.jobs)."""

    def sweep_staff_sessions() -> None:
        with auth.database.transaction() as session:
            auth.service.sweep_sessions(session=session)

    return sweep_staff_sessions


def create_admin(auth: StaffAuth, *, username: str, display_name: str, password: str) -> AccountPublic:
    """The first administrator of a new installation, who then creates every other account in the console.

    Production makes no demo accounts, and only an administrator can make accounts, so without this a
    new installation could not be signed in to. The password rules are the console's."""
    with auth.database.transaction() as session:
        return auth.service.create_account(
            session=session,
            data=AccountCreate(
                username=username, password=password, display_name=display_name, roles=frozenset({Role.ADMIN})
            ),
        )
