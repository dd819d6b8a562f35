"""Sign-in, sessions and their time-outs, on a FixedClock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import FixedClock
from staff.auth import StaffAuth
from staff.errors import SignInFailed, TooManySignIns
from staff.models import StaffSession
from staff.service import hash_token
from tests.staff.factories import PASSWORD, add_account

pytestmark = pytest.mark.unit


def sign_in(auth: StaffAuth, username: str = "anna", password: str = PASSWORD, client: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    with auth.database.transaction() as session:
        return auth.service.sign_in(session=session, username=username, password=password, client=client)


def resolve(auth: StaffAuth, token: str):  # type: ignore[no-untyped-def]
    with auth.database.transaction() as session:
        return auth.service.resolve(session=session, token=token)


class TestSignIn:
    def test_gives_a_session_with_the_identity(self, auth: StaffAuth) -> None:
        add_account(auth, "anna", groups=["forskola"], languages=["sv", "en"])
        signed_in = sign_in(auth, "  Anna ")
        assert signed_in.identity.username == "anna"
        assert signed_in.identity.answer_groups == frozenset({"forskola"})
        assert signed_in.identity.languages == frozenset({"sv", "en"})
        assert len(signed_in.token) >= 40 and len(signed_in.csrf_token) >= 40
        assert resolve(auth, signed_in.token).identity == signed_in.identity

    def test_the_database_keeps_only_the_token_hash(self, auth: StaffAuth) -> None:
        add_account(auth, "anna")
        token = sign_in(auth).token
        with auth.database.transaction() as session:
            rows = session.scalars(select(StaffSession)).all()
        assert [row.token_hash for row in rows] == [hash_token(token)]
        assert token not in rows[0].token_hash

    def test_wrong_password_and_unknown_user_get_the_same_refusal(self, auth: StaffAuth) -> None:
        add_account(auth, "anna")
        with pytest.raises(SignInFailed) as wrong:
            sign_in(auth, password="fel-lösenord-helt")
        with pytest.raises(SignInFailed) as unknown:
            sign_in(auth, username="ingen")
        assert wrong.value.message == unknown.value.message

    def test_a_deactivated_account_cannot_sign_in(self, auth: StaffAuth) -> None:
        account = add_account(auth, "anna")
        with auth.database.transaction() as session:
            auth.service.set_active(session=session, account_id=account.id, active=False)
        with pytest.raises(SignInFailed):
            sign_in(auth)


class TestTimeOuts:
    def test_idle_time_out(self, auth: StaffAuth, clock: FixedClock) -> None:
        add_account(auth, "anna")
        token = sign_in(auth).token
        clock.advance(timedelta(minutes=29))
        assert resolve(auth, token) is not None  # and touched: the idle clock restarts
        clock.advance(timedelta(minutes=29))
        assert resolve(auth, token) is not None
        clock.advance(timedelta(minutes=30))
        assert resolve(auth, token) is None
        assert resolve(auth, token) is None  # the expired row is gone

    def test_absolute_time_out_even_when_active(self, auth: StaffAuth, clock: FixedClock) -> None:
        add_account(auth, "anna")
        token = sign_in(auth).token
        for _ in range(20):  # 20 x 29 min = 9 h 40 min of steady work
            clock.advance(timedelta(minutes=29))
            assert resolve(auth, token) is not None
        clock.advance(timedelta(minutes=20))  # 10 h after signing in
        assert resolve(auth, token) is None

    def test_time_outs_come_from_settings(self, staff_db, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
        from tests.staff.factories import make_auth

        auth = make_auth(staff_db, clock, idle_timeout_minutes=5)
        add_account(auth, "anna")
        token = sign_in(auth).token
        clock.advance(timedelta(minutes=5))
        assert resolve(auth, token) is None

    def test_sweep_deletes_expired_sessions_only(self, auth: StaffAuth, clock: FixedClock) -> None:
        add_account(auth, "anna")
        add_account(auth, "bosse")
        sign_in(auth, "anna")
        clock.advance(timedelta(minutes=31))
        fresh = sign_in(auth, "bosse").token
        with auth.database.transaction() as session:
            assert auth.service.sweep_sessions(session=session) == 1
        assert resolve(auth, fresh) is not None


class TestSignOutAndRevocation:
    def test_sign_out_ends_the_session(self, auth: StaffAuth) -> None:
        add_account(auth, "anna")
        token = sign_in(auth).token
        with auth.database.transaction() as session:
            auth.service.sign_out(session=session, token=token)
        assert resolve(auth, token) is None

    def test_deactivation_and_new_password_end_every_session(self, auth: StaffAuth) -> None:
        account = add_account(auth, "anna")
        first, second = sign_in(auth).token, sign_in(auth).token
        with auth.database.transaction() as session:
            auth.service.set_password(session=session, account_id=account.id, password="ett helt nytt lösenord")
        assert resolve(auth, first) is None and resolve(auth, second) is None
        third = sign_in(auth, password="ett helt nytt lösenord").token
        with auth.database.transaction() as session:
            auth.service.set_active(session=session, account_id=account.id, active=False)
        assert resolve(auth, third) is None


class TestSignInLimits:
    def test_user_name_locked_after_failures_even_for_the_right_password(
        self, auth: StaffAuth, clock: FixedClock
    ) -> None:
        add_account(auth, "anna")
        for attempt in range(5):
            with pytest.raises(SignInFailed):
                sign_in(auth, password=f"gissning-{attempt}", client=f"10.0.0.{attempt}")
        with pytest.raises(TooManySignIns) as locked:
            sign_in(auth, client="10.9.9.9")
        assert 0 < locked.value.retry_after_seconds <= 15 * 60 + 1
        clock.advance(timedelta(minutes=15))
        assert sign_in(auth).identity.username == "anna"

    def test_a_success_clears_the_failures(self, auth: StaffAuth) -> None:
        add_account(auth, "anna")
        for _ in range(4):
            with pytest.raises(SignInFailed):
                sign_in(auth, password="fel fel fel fel")
        sign_in(auth)
        for _ in range(4):
            with pytest.raises(SignInFailed):
                sign_in(auth, password="fel fel fel fel")
        sign_in(auth)

    def test_one_client_is_limited_across_user_names(self, auth: StaffAuth) -> None:
        for attempt in range(20):
            with pytest.raises(SignInFailed):
                sign_in(auth, username=f"user{attempt}", password="gissning")
        with pytest.raises(TooManySignIns):
            sign_in(auth, username="user99", password="gissning")
        with pytest.raises(SignInFailed):  # another client is not affected
            sign_in(auth, username="user99", password="gissning", client="10.0.0.2")
