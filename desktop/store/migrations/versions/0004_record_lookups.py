"""record lookups: a record by its sheet row, by 考生号, by 证书编号

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Saving one cell looked the record up by (batch, row) and the workspace rules it touches
looked 考生号 and 证书编号 up across batches: each a full scan of `record`, 2.2-2.9 s at
a million rows. 考生号 and 证书编号 are indexed only where filled: an enrollment batch
has no 证书编号 and a diploma batch may have no 考生号, and a bulk import need not
maintain index entries for nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_record_batch_row", "record", ["batch_id", "row_no"])
    for column in ("ksh", "zsbh"):
        filled = sa.text(f"{column} IS NOT NULL")
        op.create_index(
            f"ix_record_{column}", "record", [column],
            sqlite_where=filled, postgresql_where=filled,
        )  # fmt: skip


def downgrade() -> None:
    for name in ("ix_record_zsbh", "ix_record_ksh", "ix_record_batch_row"):
        op.drop_index(name, table_name="record")
