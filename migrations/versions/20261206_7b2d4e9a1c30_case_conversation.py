"""handover case conversation: the chat session a case came from, so a contact form from it joins the case

Revision ID: 7b2d4e9a1c30
Revises: 3c1e0d7a5b21
Create Date: 2026-12-06 03:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b2d4e9a1c30"
down_revision: str | None = "3c1e0d7a5b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("handover_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("conversation", sa.String(length=128), nullable=True))
        batch_op.create_index(batch_op.f("ix_handover_case_conversation"), ["conversation"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("handover_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_case_conversation"))
        batch_op.drop_column("conversation")
