"""Password hashing: argon2id, never the clear text, constant work for unknown users."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type

from staff.passwords import Passwords

pytestmark = pytest.mark.unit


class TestHashing:
    def test_hashes_are_argon2id_and_salted(self) -> None:
        passwords = Passwords.fast_for_tests()
        first, second = passwords.hash("korrekt-häst"), passwords.hash("korrekt-häst")
        assert first.startswith("$argon2id$")
        assert first != second
        assert "korrekt" not in first

    def test_default_parameters_are_rfc_9106_argon2id(self) -> None:
        assert Passwords().hash("x" * 12).startswith("$argon2id$v=19$m=65536,t=3,p=4$")

    def test_refuses_other_argon2_variants(self) -> None:
        with pytest.raises(ValueError, match="argon2id"):
            Passwords(PasswordHasher(type=Type.I))


class TestVerify:
    def test_right_and_wrong_password(self) -> None:
        passwords = Passwords.fast_for_tests()
        stored = passwords.hash("rätt lösenord 123")
        assert passwords.verify(stored, "rätt lösenord 123")
        assert not passwords.verify(stored, "rätt lösenord 124")

    def test_unknown_user_is_refused_after_the_same_work(self) -> None:
        passwords = Passwords.fast_for_tests()
        assert not passwords.verify(None, "no such user: dummy password for constant work")
        assert not passwords.verify(None, "anything")

    def test_a_broken_hash_is_a_refusal_not_a_crash(self) -> None:
        assert not Passwords.fast_for_tests().verify("not-a-hash", "anything")

    def test_older_parameters_need_a_rehash(self) -> None:
        old = Passwords.fast_for_tests().hash("lösenord-lösenord")
        assert Passwords().needs_rehash(old)
        assert not Passwords.fast_for_tests().needs_rehash(old)
