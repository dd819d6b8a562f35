"""What the staff package does: accounts, sign-in, sessions. Plain methods, keyword-only, no FastAPI.

Methods take the request's SQLAlchemy session and only add and flush; the
caller commits once (app.deps.SessionDep, or Database.transaction()).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.clock import Clock
from app.ratelimit import RateLimits
from staff import repository
from staff.config import StaffSettings
from staff.errors import (
    AccountNotFound,
    InvalidAccount,
    LastAdmin,
    SignInFailed,
    TooManySignIns,
    UsernameTaken,
)
from staff.identity import Role, StaffIdentity
from staff.limits import failure_log
from staff.models import StaffAccount, StaffSession
from staff.passwords import Passwords
from staff.schemas import AccountCreate, AccountFields, AccountPublic, AccountUpdate

TOKEN_BYTES = 32
TOUCH_EVERY = timedelta(seconds=15)  # last_seen_at is written at most this often per session


def hash_token(token: str) -> str:
    """What the database keeps of a session token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    """A session just made: the token goes into the cookie, the CSRF token into every form."""

    token: str
    csrf_token: str
    identity: StaffIdentity


@dataclass(frozen=True)
class ActiveSession:
    """A valid session found from its cookie."""

    identity: StaffIdentity
    csrf_token: str
    token_hash: str
    idle_expires_at: datetime
    absolute_expires_at: datetime


def identity_of(account: StaffAccount) -> StaffIdentity:
    return StaffIdentity(
        id=account.id,
        username=account.username,
        display_name=account.display_name,
        roles=frozenset(Role(role) for role in account.roles),
        answer_groups=frozenset(account.answer_groups),
        languages=frozenset(account.languages),
    )


def public(account: StaffAccount) -> AccountPublic:
    return AccountPublic(
        id=account.id,
        username=account.username,
        display_name=account.display_name,
        roles=sorted(Role(role) for role in account.roles),
        answer_groups=sorted(account.answer_groups),
        languages=sorted(account.languages),
        active=account.active,
        created_at=account.created_at,
        last_signin_at=account.last_signin_at,
    )


class StaffService:
    def __init__(
        self,
        *,
        clock: Clock,
        settings: StaffSettings,
        known_groups: Collection[str],
        group_names: Mapping[str, str] | None = None,
        passwords: Passwords | None = None,
        limits: RateLimits | None = None,
    ) -> None:
        self.clock = clock
        self.settings = settings
        self.known_groups = frozenset(known_groups)
        self.group_names = {group: (group_names or {}).get(group, group) for group in sorted(self.known_groups)}
        self.passwords = passwords or Passwords()
        limits = limits or RateLimits(clock=clock)
        self._username_failures = failure_log(
            limits, limit=settings.failed_signins_per_username, window=settings.signin_window
        )
        self._client_attempts = limits.limiter(
            "signin-client", limit=settings.signins_per_client, window=settings.signin_window
        )

    # --- accounts -----------------------------------------------------------------

    def list_accounts(self, *, session: Session) -> list[AccountPublic]:
        return [public(account) for account in repository.all_accounts(session)]

    def get_account(self, *, session: Session, account_id: int) -> AccountPublic:
        return public(self._account(session, account_id))

    def create_account(self, *, session: Session, data: AccountCreate) -> AccountPublic:
        self._check_fields(data)
        self._check_password(data.password)
        if repository.account_by_username(session, data.username) is not None:
            raise UsernameTaken(data.username)
        now = self.clock.now()
        account = StaffAccount(
            username=data.username,
            display_name=data.display_name,
            password_hash=self.passwords.hash(data.password),
            roles=sorted(data.roles),
            answer_groups=sorted(data.answer_groups),
            languages=sorted(data.languages),
            active=True,
            created_at=now,
            updated_at=now,
        )
        return public(repository.add_account(session, account))

    def update_account(self, *, session: Session, account_id: int, data: AccountUpdate) -> AccountPublic:
        self._check_fields(data)
        account = self._account(session, account_id)
        if Role.ADMIN in account.roles and Role.ADMIN not in data.roles and account.active:
            self._keep_an_admin(session, leaving=account.id)
        account.display_name = data.display_name
        account.roles = sorted(data.roles)
        account.answer_groups = sorted(data.answer_groups)
        account.languages = sorted(data.languages)
        account.updated_at = self.clock.now()
        session.flush()
        return public(account)

    def set_active(self, *, session: Session, account_id: int, active: bool) -> AccountPublic:
        """Deactivate (every session of the account ends at once) or reactivate an account."""
        account = self._account(session, account_id)
        if not active and account.active and Role.ADMIN in account.roles:
            self._keep_an_admin(session, leaving=account.id)
        now = self.clock.now()
        account.active = active
        account.deactivated_at = None if active else now
        account.updated_at = now
        if not active:
            repository.delete_sessions_of(session, account.id)
        session.flush()
        return public(account)

    def set_password(self, *, session: Session, account_id: int, password: str) -> AccountPublic:
        """A new password; every session of the account ends, so a stolen session dies with the old one."""
        self._check_password(password)
        account = self._account(session, account_id)
        account.password_hash = self.passwords.hash(password)
        account.updated_at = self.clock.now()
        repository.delete_sessions_of(session, account.id)
        session.flush()
        return public(account)

    # --- sign-in and sessions -------------------------------------------------------

    def sign_in(self, *, session: Session, username: str, password: str, client: str) -> SignedIn:
        """A new session for a right user name and password; limited per client and per user name."""
        username = username.strip().lower()
        window_seconds = int(self.settings.signin_window.total_seconds())
        if not self._client_attempts.allow(client):
            raise TooManySignIns(window_seconds)
        locked_for = self._username_failures.retry_after(username)
        if locked_for is not None:
            raise TooManySignIns(locked_for)
        account = repository.account_by_username(session, username) if username else None
        usable = account is not None and account.active
        if not self.passwords.verify(account.password_hash if usable and account else None, password):
            self._username_failures.record(username)
            raise SignInFailed()
        assert account is not None
        self._username_failures.clear(username)
        now = self.clock.now()
        if self.passwords.needs_rehash(account.password_hash):
            account.password_hash = self.passwords.hash(password)
        account.last_signin_at = now
        token = secrets.token_urlsafe(TOKEN_BYTES)
        csrf_token = secrets.token_urlsafe(TOKEN_BYTES)
        repository.add_session(
            session,
            StaffSession(
                token_hash=hash_token(token),
                account_id=account.id,
                csrf_token=csrf_token,
                created_at=now,
                last_seen_at=now,
            ),  # fmt: skip
        )
        return SignedIn(token=token, csrf_token=csrf_token, identity=identity_of(account))

    def resolve(self, *, session: Session, token: str) -> ActiveSession | None:
        """The valid session behind a cookie's token, touched; None (and the row gone) when it has expired."""
        if not token:
            return None
        token_hash = hash_token(token)
        row = repository.session_by_token_hash(session, token_hash)
        if row is None:
            return None
        now = self.clock.now()
        idle_expires_at = row.last_seen_at + self.settings.idle_timeout
        absolute_expires_at = row.created_at + self.settings.absolute_timeout
        account = row.account
        if now >= idle_expires_at or now >= absolute_expires_at or not account.active:
            repository.delete_session(session, token_hash)
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            row.last_seen_at = now
            idle_expires_at = now + self.settings.idle_timeout
        return ActiveSession(
            identity=identity_of(account),
            csrf_token=row.csrf_token,
            token_hash=token_hash,
            idle_expires_at=min(idle_expires_at, absolute_expires_at),
            absolute_expires_at=absolute_expires_at,
        )

    def sign_out(self, *, session: Session, token: str) -> None:
        if token:
            repository.delete_session(session, hash_token(token))

    def sweep_sessions(self, *, session: Session) -> int:
        """Delete expired sessions (a periodic job); returns how many."""
        now = self.clock.now()
        return repository.delete_sessions_older_than(
            session, seen_before=now - self.settings.idle_timeout, created_before=now - self.settings.absolute_timeout
        )

    # --- rules ----------------------------------------------------------------------

    def _account(self, session: Session, account_id: int) -> StaffAccount:
        account = repository.account_by_id(session, account_id)
        if account is None:
            raise AccountNotFound(account_id)
        return account

    def _check_fields(self, data: AccountFields) -> None:
        unknown = sorted(set(data.answer_groups) - self.known_groups)
        if unknown:
            raise InvalidAccount(f"Okänd svarsgrupp / unknown answer group: {', '.join(unknown)}")
        if Role.OFFICER in data.roles and not data.answer_groups:
            raise InvalidAccount(
                "En handläggare måste tillhöra minst en svarsgrupp. / An officer needs at least one answer group."
            )

    def _check_password(self, password: str) -> None:
        if len(password) < self.settings.min_password_length:
            raise InvalidAccount(
                f"Lösenordet måste ha minst {self.settings.min_password_length} tecken. / "
                f"The password needs at least {self.settings.min_password_length} characters."
            )

    def _keep_an_admin(self, session: Session, *, leaving: int) -> None:
        others = [a for a in repository.active_accounts(session) if a.id != leaving and Role.ADMIN in a.roles]
        if not others:
            raise LastAdmin()
