"""Password hashing with argon2id (argon2-cffi, RFC 9106 parameters).

`verify` never raises on a wrong password and spends the same work for an
unknown user name (against a dummy hash), so timing does not tell which
user names exist.
"""

from __future__ import annotations

from functools import cached_property

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher(type=Type.ID)
        if self._hasher.type is not Type.ID:
            raise ValueError("staff passwords must be hashed with argon2id")

    @classmethod
    def fast_for_tests(cls) -> Passwords:
        """argon2id with small costs: the same code path, a fraction of the time."""
        return cls(PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether password matches; with no hash (unknown user) it still does the work and says no."""
        try:
            return self._hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with older parameters; rehash on the next successful sign-in."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    @cached_property
    def _dummy_hash(self) -> str:
        return self._hasher.hash("no such user: dummy password for constant work")
