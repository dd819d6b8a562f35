"""Everything a database holds, as one text, so a test can look for personal data it planted."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from app.db import Database


def dump_tables(database: Database | Engine, *, prefix: str = "") -> str:
    """Every row of every table whose name starts with `prefix`, one line per row."""
    engine = database if isinstance(database, Engine) else database.engine
    lines: list[str] = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            if table.startswith(prefix):
                rows = connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608  (names from the schema)
                lines += [f"{table}: {tuple(row)}" for row in rows]
    return "\n".join(lines)
