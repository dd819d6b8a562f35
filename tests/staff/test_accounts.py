"""Account rules: unique user names, known answer groups, officers in a group, a last admin, demo accounts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.settings import Environment, Settings
from staff.auth import StaffAuth, create_admin
from staff.demo import DEMO_ACCOUNTS, DemoAccountsRefused, create_demo_accounts
from staff.errors import InvalidAccount, LastAdmin, UsernameTaken
from staff.identity import Role
from staff.schemas import AccountCreate, AccountUpdate
from tests.staff.factories import add_account

pytestmark = pytest.mark.unit


class TestCreate:
    def test_user_names_are_unique_case_insensitively(self, auth: StaffAuth) -> None:
        add_account(auth, "anna.lind")
        with pytest.raises(UsernameTaken):
            add_account(auth, "Anna.Lind")

    def test_unknown_answer_group(self, auth: StaffAuth) -> None:
        with pytest.raises(InvalidAccount, match="okand"):
            add_account(auth, "anna", groups=["okand"])

    def test_an_officer_needs_an_answer_group(self, auth: StaffAuth) -> None:
        with pytest.raises(InvalidAccount, match="svarsgrupp"):
            add_account(auth, "anna", groups=[])
        assert add_account(auth, "sara", roles=[Role.EDITOR], groups=[]).roles == [Role.EDITOR]

    def test_short_password(self, auth: StaffAuth) -> None:
        with pytest.raises(InvalidAccount, match="12"):
            add_account(auth, "anna", password="kort")

    @pytest.mark.parametrize("username", ["a", "anna lind", "anna@stad.se", "-anna", "ånna"])
    def test_user_name_shape(self, username: str) -> None:
        with pytest.raises(ValidationError):
            AccountCreate(username=username, password="x" * 12, display_name="A")

    def test_languages_are_iso_codes(self) -> None:
        with pytest.raises(ValidationError, match="ISO 639-1"):
            AccountUpdate(display_name="A", languages=frozenset({"svenska"}))
        assert AccountUpdate(display_name="A", languages=frozenset({" FI ", "sv"})).languages == {"fi", "sv"}


class TestLastAdmin:
    def test_the_last_active_admin_cannot_be_deactivated_or_demoted(self, auth: StaffAuth) -> None:
        admin = add_account(auth, "admin", roles=[Role.ADMIN], groups=[])
        with auth.database.transaction() as session, pytest.raises(LastAdmin):
            auth.service.set_active(session=session, account_id=admin.id, active=False)
        with auth.database.transaction() as session, pytest.raises(LastAdmin):
            auth.service.update_account(
                session=session, account_id=admin.id, data=AccountUpdate(display_name="A", roles=frozenset())
            )
        add_account(auth, "admin2", roles=[Role.ADMIN], groups=[])
        with auth.database.transaction() as session:
            assert not auth.service.set_active(session=session, account_id=admin.id, active=False).active


class TestDemoAccounts:
    def test_made_in_development_with_their_sign_in_details(self, auth: StaffAuth, tmp_path) -> None:  # type: ignore[no-untyped-def]
        accounts = create_demo_accounts(auth, settings=Settings(var_dir=tmp_path))
        assert [a.username for a in accounts] == [spec["username"] for spec in DEMO_ACCOUNTS]
        parking = next(a for a in accounts if "parkering" in a.answer_groups)
        assert set(parking.languages) == {"sv", "en", "fi"} and parking.roles == [Role.OFFICER]
        assert {role for a in accounts for role in a.roles} == set(Role)
        with auth.database.transaction() as session:
            for account in accounts:
                auth.service.sign_in(session=session, username=account.username, password=account.password, client="x")

    def test_a_second_run_gives_fresh_passwords(self, auth: StaffAuth, tmp_path) -> None:  # type: ignore[no-untyped-def]
        first = create_demo_accounts(auth, settings=Settings(var_dir=tmp_path))
        second = create_demo_accounts(auth, settings=Settings(var_dir=tmp_path))
        assert all(a.password != b.password for a, b in zip(first, second, strict=True))
        with auth.database.transaction() as session:
            assert len(auth.service.list_accounts(session=session)) == len(DEMO_ACCOUNTS)

    def test_refused_in_production(self, auth: StaffAuth, tmp_path) -> None:  # type: ignore[no-untyped-def]
        settings = Settings(var_dir=tmp_path, environment=Environment.PRODUCTION, secret_key="a-real-secret")
        with pytest.raises(DemoAccountsRefused):
            create_demo_accounts(auth, settings=settings)


class TestFirstAdministrator:
    """`python -m app create-admin`: a new installation without demo accounts can still be signed in to."""

    def test_the_first_administrator_can_sign_in_with_the_admin_role(self, auth: StaffAuth) -> None:
        create_admin(auth, username="It.Admin", display_name="IT-avdelningen", password="a-long-passphrase-26")
        with auth.database.transaction() as session:
            signed_in = auth.service.sign_in(
                session=session, username="it.admin", password="a-long-passphrase-26", client="10.0.0.1"
            )
        assert signed_in.identity.roles == frozenset({Role.ADMIN})

    def test_the_console_password_rules_hold_for_the_first_administrator_too(self, auth: StaffAuth) -> None:
        with pytest.raises(InvalidAccount, match="12"):
            create_admin(auth, username="it.admin", display_name="IT", password="short")
