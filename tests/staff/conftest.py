"""Fixtures of the staff tests: a fresh SQLite database with the staff tables, a clock that stands still."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.clock import FixedClock
from app.db import Database
from staff.auth import StaffAuth
from tests.staff.factories import MORNING, make_app, make_auth, staff_database


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MORNING)


@pytest.fixture
def staff_db(tmp_path: Path) -> Database:
    return staff_database(tmp_path / "staff.db")


@pytest.fixture
def auth(staff_db: Database, clock: FixedClock) -> StaffAuth:
    return make_auth(staff_db, clock)


@pytest.fixture
def client(auth: StaffAuth) -> TestClient:
    return TestClient(make_app(auth), base_url="http://testserver")
