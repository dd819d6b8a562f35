"""chat turn dialogue state: the buttons offered and the form question asked

Revision ID: 3c1e0d7a5b21
Revises: f8fd98f78852
Create Date: 2026-12-05 13:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3c1e0d7a5b21"
down_revision: str | None = "f8fd98f78852"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chat_turns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("offered_payloads", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("expects", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chat_turns", schema=None) as batch_op:
        batch_op.drop_column("expects")
        batch_op.drop_column("offered_payloads")
