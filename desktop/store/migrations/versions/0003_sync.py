"""sync: server link, outbox, receipts, pulled students

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "server_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("ca_file", sa.String(length=500), nullable=True),
        sa.Column("server_kid", sa.String(length=64), nullable=False),
        sa.Column("server_key", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=128), nullable=False),
        sa.Column("pinned_at", sa.DateTime(), nullable=False),
        sa.Column("pinned_by", sa.String(length=64), nullable=False),
        sa.Column("pull_pass", sa.Integer(), nullable=False),
        sa.Column("pull_after", sa.BigInteger(), nullable=True),
        sa.Column("pulled_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "outbox",
        sa.Column(
            "batch_id",
            sa.String(length=36),
            sa.ForeignKey("batch.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("enqueued_at", sa.DateTime(), nullable=False),
        sa.Column("enqueued_by", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("chunks_sent", sa.Integer(), nullable=False),
        sa.Column("chunks_total", sa.Integer(), nullable=False),
    )
    op.create_table(
        "receipt",
        sa.Column(
            "batch_id",
            sa.String(length=36),
            sa.ForeignKey("batch.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("alg", sa.String(length=16), nullable=False),
        sa.Column("server_kid", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("issued", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "central_student",
        sa.Column("id", _BIGINT, primary_key=True),
        sa.Column("id_type", sa.String(length=2), nullable=True),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("xh", sa.String(length=32), nullable=True),
        sa.Column("ksh", sa.String(length=32), nullable=True),
        sa.Column("zydm", sa.String(length=16), nullable=True),
        sa.Column("cc", sa.String(length=4), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("batch", sa.String(length=36), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("seen_pass", sa.Integer(), nullable=False),
    )
    op.create_index("ix_central_student_id_number", "central_student", ["id_number"])


def downgrade() -> None:
    op.drop_index("ix_central_student_id_number", table_name="central_student")
    for name in ("central_student", "receipt", "outbox", "server_link"):
        op.drop_table(name)
