"""The staff package's errors; app.main's one handler turns them into HTTP responses."""

from __future__ import annotations

from app.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound, RateLimited


class NotSignedIn(DomainError):
    """No valid session: never signed in, signed out, timed out, or the account was deactivated."""

    status_code = 401

    def __init__(self, message: str = "Du är inte inloggad. / You are not signed in.") -> None:
        super().__init__(message)


class SignInFailed(DomainError):
    """Wrong user name or password; deliberately the same message for both."""

    status_code = 401

    def __init__(self) -> None:
        super().__init__("Fel användarnamn eller lösenord. / Wrong user name or password.")


class TooManySignIns(RateLimited):
    def __init__(self, retry_after_seconds: int) -> None:
        minutes = max(1, round(retry_after_seconds / 60))
        super().__init__(
            f"För många inloggningsförsök. Försök igen om {minutes} minuter. / "
            f"Too many sign-in attempts. Try again in {minutes} minutes.",
            retry_after_seconds=retry_after_seconds,
        )


class CsrfRejected(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            "Formuläret har gått ut eller kom inte från den här sidan. Ladda om sidan och försök igen. / "
            "The form expired or did not come from this page. Reload the page and try again."
        )


ROLE_NAMES_SV = {"officer": "handläggare", "editor": "redaktör", "manager": "chef", "admin": "administratör"}


class RoleRequired(Forbidden):
    def __init__(self, role: str) -> None:
        super().__init__(
            f"Sidan kräver behörigheten {ROLE_NAMES_SV.get(role, role)}. / This page needs the {role} role."
        )
        self.role = role


class AccountNotFound(NotFound):
    def __init__(self, account_id: int) -> None:
        super().__init__(f"Kontot {account_id} finns inte. / Account {account_id} does not exist.")


class UsernameTaken(Conflict):
    def __init__(self, username: str) -> None:
        super().__init__(f"Användarnamnet {username} är upptaget. / The user name {username} is taken.")


class InvalidAccount(InvalidInput):
    """An account field breaks a rule (unknown group, short password ...)."""


class LastAdmin(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "Det måste finnas minst ett aktivt administratörskonto. / At least one active admin account must remain."
        )
