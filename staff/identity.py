"""Who a signed-in staff member is, as every domain sees them.

This file is the narrow contract between the staff package (accounts,
sessions, CSRF) and the domains that act on behalf of staff (the officer
API, the editor API). Domains depend on `StaffIdentity` and
`get_current_staff` only, never on staff's models, so sign-in can change
without touching them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from fastapi import Request


class Role(StrEnum):
    OFFICER = "officer"
    EDITOR = "editor"
    MANAGER = "manager"
    ADMIN = "admin"


@dataclass(frozen=True)
class StaffIdentity:
    """A signed-in staff member: frozen, so a route cannot widen its own rights by accident."""

    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    answer_groups: frozenset[str]
    languages: frozenset[str]

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def serves_group(self, group_id: str) -> bool:
        return group_id in self.answer_groups

    def speaks(self, language: str) -> bool:
        return language in self.languages


class StaffAuthenticator(Protocol):
    """What the staff package puts on `app.state.staff_auth`."""

    def identify(self, request: Request) -> StaffIdentity:
        """The signed-in staff member; raises an app.errors.DomainError (401/403) when there is none."""
        ...


def get_current_staff(request: Request) -> StaffIdentity:
    """FastAPI dependency: the staff member behind this request.

    It delegates to the authenticator the composition root installed, so tests
    override this one dependency instead of faking sessions and cookies.
    """
    authenticator: StaffAuthenticator = request.app.state.staff_auth
    return authenticator.identify(request)
