"""batch signature

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("manifest", sa.LargeBinary()),
    ("envelope", sa.LargeBinary()),
    ("signer_key", sa.LargeBinary()),
    ("kid", sa.String(length=64)),
    ("signed_at", sa.DateTime()),
    ("signed_by", sa.String(length=64)),
)


def upgrade() -> None:
    with op.batch_alter_table("batch", schema=None) as batch_op:
        for name, type_ in _COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("batch", schema=None) as batch_op:
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
