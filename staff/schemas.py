"""Shapes at the edge of the staff package: account forms in, account views out."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from staff.identity import Role

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}$")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


class AccountFields(Frozen):
    display_name: str = Field(min_length=1, max_length=120)
    roles: frozenset[Role] = frozenset()
    answer_groups: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"sv"})

    @field_validator("display_name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("Ange ett namn. / Give a name.")
        return value

    @field_validator("languages")
    @classmethod
    def _iso_639_1(cls, value: frozenset[str]) -> frozenset[str]:
        cleaned = frozenset(code.strip().lower() for code in value if code.strip())
        bad = sorted(code for code in cleaned if not LANGUAGE_PATTERN.match(code))
        if bad:
            raise ValueError(f"Språk anges med två bokstäver (ISO 639-1), t.ex. sv, en, fi: {', '.join(bad)}")
        return cleaned


class AccountCreate(AccountFields):
    username: str = Field(min_length=3, max_length=64)
    password: str = Field(min_length=1, max_length=1024)

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        value = value.strip().lower()
        if not USERNAME_PATTERN.match(value):
            raise ValueError(
                "Användarnamnet får bara innehålla a-z, 0-9, punkt, bindestreck och understreck (3-64 tecken). / "
                "User names use a-z, 0-9, dot, hyphen and underscore only (3-64 characters)."
            )
        return value


class AccountUpdate(AccountFields):
    pass


class AccountPublic(Frozen):
    id: int
    username: str
    display_name: str
    roles: list[Role]
    answer_groups: list[str]
    languages: list[str]
    active: bool
    created_at: datetime
    last_signin_at: datetime | None


class DemoAccount(Frozen):
    """Sign-in details of a development demo account, shown once when it is made."""

    username: str
    password: str
    display_name: str
    roles: list[Role]
    answer_groups: list[str]
    languages: list[str]
