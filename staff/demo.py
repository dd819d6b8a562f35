"""Demo staff accounts for development: one of each kind, printed once by `make run`.

Refused outside development. Passwords are random and never stored in clear:
each call gives the demo accounts fresh passwords and returns them, so the
console that ran `make run` is the only place they appear.
"""

from __future__ import annotations

import secrets

from app.settings import Settings
from staff import repository
from staff.auth import StaffAuth
from staff.identity import Role
from staff.schemas import AccountCreate, AccountUpdate, DemoAccount

DEMO_ACCOUNTS: tuple[dict, ...] = (
    {"username": "anna.forskola", "display_name": "Anna Lind", "roles": {Role.OFFICER},
     "answer_groups": {"forskola"}, "languages": {"sv"}},
    {"username": "mikko.parkering", "display_name": "Mikko Virtanen", "roles": {Role.OFFICER},
     "answer_groups": {"parkering"}, "languages": {"sv", "en", "fi"}},
    {"username": "sara.redaktor", "display_name": "Sara Ek", "roles": {Role.EDITOR},
     "answer_groups": set(), "languages": {"sv", "en"}},
    {"username": "johan.chef", "display_name": "Johan Berg", "roles": {Role.MANAGER},
     "answer_groups": set(), "languages": {"sv"}},
    {"username": "admin", "display_name": "Administratör", "roles": {Role.ADMIN},
     "answer_groups": set(), "languages": {"sv", "en"}},
)  # fmt: skip


class DemoAccountsRefused(RuntimeError):
    pass


def demo_password() -> str:
    """Easy to type from a console, hard to guess: four groups of four lowercase letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def create_demo_accounts(auth: StaffAuth, *, settings: Settings) -> list[DemoAccount]:
    """Create (or refresh) the demo accounts and return their sign-in details; development and test only."""
    if not settings.is_development:
        raise DemoAccountsRefused("demo staff accounts are never created in production")
    service = auth.service
    made: list[DemoAccount] = []
    with auth.database.transaction() as session:
        for spec in DEMO_ACCOUNTS:
            password = demo_password()
            existing = repository.account_by_username(session, spec["username"])
            if existing is None:
                service.create_account(session=session, data=AccountCreate(password=password, **spec))
            else:
                fields = {key: value for key, value in spec.items() if key != "username"}
                service.update_account(session=session, account_id=existing.id, data=AccountUpdate(**fields))
                service.set_active(session=session, account_id=existing.id, active=True)
                service.set_password(session=session, account_id=existing.id, password=password)
            made.append(
                DemoAccount(
                    username=spec["username"],
                    password=password,
                    display_name=spec["display_name"],
                    roles=sorted(spec["roles"]),
                    answer_groups=sorted(spec["answer_groups"]),
                    languages=sorted(spec["languages"]),
                )  # fmt: skip
            )
    return made


def format_demo_accounts(accounts: list[DemoAccount], *, base_url: str = "") -> str:
    """A console table of the demo accounts, for `make run` to print once."""
    lines = [f"Demo staff accounts (development only; sign in at {base_url}/staff/login):"]
    for account in accounts:
        what = ", ".join(account.roles)
        if account.answer_groups:
            what += f" [{', '.join(account.answer_groups)}]"
        lines.append(
            f"  {account.username:<18} {account.password}   {account.display_name}: {what}; "
            f"languages {', '.join(account.languages)}"
        )
    return "\n".join(lines)
