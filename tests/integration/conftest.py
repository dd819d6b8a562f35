"""The running product (real backend + real Rasa server with a trained model) on each database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.stack import Stack, running_stack


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    database_url = "" if request.param == "sqlite" else request.getfixturevalue("new_postgres_database")()
    with running_stack(tmp_path_factory.mktemp(f"stack-{request.param}"), database_url=database_url) as stack:
        yield stack
