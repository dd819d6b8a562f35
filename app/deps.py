"""Typed FastAPI dependencies every domain's routes share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request, Response
from sqlalchemy.orm import Session

from app.db import MAX_ROW_ID, Database
from app.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_database(request: Request) -> Database:
    return request.app.state.database


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """One session per request, committed once when the route returns without error."""
    with database.transaction() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[Session, Depends(get_session)]

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="A row's id: 1 to 2^63-1")]


def never_cached(response: Response) -> None:
    """For JSON that carries personal data: no browser, proxy or back button may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
