"""The staff package's own settings (environment prefix STAFF_)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class StaffSettings(BaseSettings):
    """Session time-outs and sign-in limits; defaults follow common public-sector practice."""

    model_config = SettingsConfigDict(env_prefix="STAFF_", env_file=None, extra="ignore", frozen=True)

    idle_timeout_minutes: int = Field(default=30, ge=1, description="Signed out after this long without a request")
    absolute_timeout_hours: int = Field(default=10, ge=1, description="Signed out this long after signing in")
    failed_signins_per_username: int = Field(
        default=5, ge=1, description="Failed sign-ins to one user name before it is locked for the window"
    )
    signins_per_client: int = Field(default=20, ge=1, description="Sign-in attempts from one client per window")
    signin_window_minutes: int = Field(default=15, ge=1, description="The window of both sign-in limits")
    min_password_length: int = Field(default=12, ge=8)

    @property
    def idle_timeout(self) -> timedelta:
        return timedelta(minutes=self.idle_timeout_minutes)

    @property
    def absolute_timeout(self) -> timedelta:
        return timedelta(hours=self.absolute_timeout_hours)

    @property
    def signin_window(self) -> timedelta:
        return timedelta(minutes=self.signin_window_minutes)
