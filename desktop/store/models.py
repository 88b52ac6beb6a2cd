"""The workspace schema (SQLAlchemy 2.x, typed declarative).

Records keep their typed values as canonical JSON text (`data`), because the four kinds
differ in fields; the values the store must search or keep unique (证件号码, 学号, 考生号,
证书编号) are copied into indexed columns.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy import Table as SqlTable
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class School(Base):
    """The school profile: one row."""

    __tablename__ = "school"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(5))  # 学校代码
    identifier: Mapped[str | None] = mapped_column(String(10))  # 学校标识码
    name: Mapped[str] = mapped_column(String(100))
    president: Mapped[str] = mapped_column(String(50))
    school_type: Mapped[str] = mapped_column(String(1), default="1")  # 办学类型
    credit_system: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)


class TermStart(Base):
    """First-term start date of each 学年 (article 13's one-month deadline counts from it)."""

    __tablename__ = "term_start"
    academic_year: Mapped[str] = mapped_column(String(9), primary_key=True)
    starts_on: Mapped[date] = mapped_column(Date)


class Operator(Base):
    __tablename__ = "operator"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # clerk / reviewer / admin
    password_hash: Mapped[str] = mapped_column(String(256))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Student(Base):
    """A person, identified by 证件类型 + 号码; the current identity values (article 19:
    a correction keeps the old ones in `identity_change`)."""

    __tablename__ = "student"
    # id_number leads: lookups by number alone (bulk import) use the index.
    __table_args__ = (UniqueConstraint("id_number", "id_type", name="uq_student_identity"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    id_type: Mapped[str] = mapped_column(String(2))
    id_number: Mapped[str] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(String(100))
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)


class IdentityChange(Base):
    __tablename__ = "identity_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    field: Mapped[str] = mapped_column(String(16))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)


class Batch(Base):
    __tablename__ = "batch"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID: the idempotency key
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("batch.id"))  # corrected from
    source_file: Mapped[str | None] = mapped_column(String(260))
    source_digest: Mapped[str | None] = mapped_column(String(64))
    headers: Mapped[str | None] = mapped_column(Text)  # JSON field -> header text
    rows: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    unacknowledged: Mapped[int] = mapped_column(Integer, default=0)
    rule_pack: Mapped[str | None] = mapped_column(String(32))
    validated_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The signed submission (docs/WIRE_FORMAT.md): kept byte for byte, so the package and
    # the upload are exactly what was signed.
    manifest: Mapped[bytes | None] = mapped_column(LargeBinary)
    envelope: Mapped[bytes | None] = mapped_column(LargeBinary)
    signer_key: Mapped[bytes | None] = mapped_column(LargeBinary)  # public key PEM
    kid: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_by: Mapped[str | None] = mapped_column(String(64))


class Record(Base):
    __tablename__ = "record"
    __table_args__ = (
        Index("ix_record_batch_seq", "batch_id", "seq"),
        Index("ix_record_id_number", "id_number"),
        Index("ix_record_xh", "xh"),
        Index("ix_record_batch_row", "batch_id", "row_no"),
        Index(
            "ix_record_ksh", "ksh",
            sqlite_where=text("ksh IS NOT NULL"), postgresql_where=text("ksh IS NOT NULL"),
        ),
        Index(
            "ix_record_zsbh", "zsbh",
            sqlite_where=text("zsbh IS NOT NULL"), postgresql_where=text("zsbh IS NOT NULL"),
        ),
    )  # fmt: skip
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)  # position in the batch, 0-based
    row_no: Mapped[int] = mapped_column(Integer)  # the sheet row it came from
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id"))
    id_type: Mapped[str | None] = mapped_column(String(2))
    id_number: Mapped[str | None] = mapped_column(String(32))
    xh: Mapped[str | None] = mapped_column(String(32))
    ksh: Mapped[str | None] = mapped_column(String(32))
    zsbh: Mapped[str | None] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text)  # canonical JSON of the typed values
    raw: Mapped[str | None] = mapped_column(Text)  # JSON of cells that did not parse
    outcome: Mapped[str | None] = mapped_column(String(16))  # the server's verdict
    outcome_message: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)


class FindingRow(Base):
    """Findings of the batch's last validation run."""

    __tablename__ = "finding"
    __table_args__ = (Index("ix_finding_batch_record", "batch_id", "record_id"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("record.id", ondelete="CASCADE"))
    row_no: Mapped[int | None] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(8))
    field: Mapped[str | None] = mapped_column(String(16))
    column: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(80))  # acknowledgement key
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)


class Acknowledgement(Base):
    """A reviewer's reason for accepting a warning; reused when the same subject (the
    student's record of this kind) shows the same warning again."""

    __tablename__ = "acknowledgement"
    __table_args__ = (UniqueConstraint("subject", "rule_id", "field", name="uq_ack"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(80))
    rule_id: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """Append-only log; each entry's hash covers the previous entry's hash."""

    __tablename__ = "audit"
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row naming the chain's last entry; writers lock it so appends never fork."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    hash: Mapped[str] = mapped_column(String(64))


class ServerLink(Base):
    """The central server this workspace submits to: one row. Its receipt key is pinned
    when the administrator connects (fingerprint compared by phone); a receipt signed by
    any other key is refused."""

    __tablename__ = "server_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    ca_file: Mapped[str | None] = mapped_column(String(500))
    server_kid: Mapped[str] = mapped_column(String(64))
    server_key: Mapped[bytes] = mapped_column(LargeBinary)  # public key PEM
    fingerprint: Mapped[str] = mapped_column(String(128))
    pinned_at: Mapped[datetime] = mapped_column(DateTime)
    pinned_by: Mapped[str] = mapped_column(String(64))
    # The pull of registered students resumes from here after an interruption.
    pull_pass: Mapped[int] = mapped_column(Integer, default=0)
    pull_after: Mapped[int | None] = mapped_column(BigInteger)
    pulled_at: Mapped[datetime | None] = mapped_column(DateTime)


class Outbox(Base):
    """A batch waiting to reach the server: written in the same transaction as its move
    to 已排队, removed in the same transaction as its verified receipt."""

    __tablename__ = "outbox"
    batch_id: Mapped[str] = mapped_column(
        ForeignKey("batch.id", ondelete="CASCADE"), primary_key=True
    )
    enqueued_at: Mapped[datetime] = mapped_column(DateTime)
    enqueued_by: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    chunks_sent: Mapped[int] = mapped_column(Integer, default=0)
    chunks_total: Mapped[int] = mapped_column(Integer, default=0)


class ReceiptRow(Base):
    """The server's signed receipt, kept byte for byte as the school's proof."""

    __tablename__ = "receipt"
    batch_id: Mapped[str] = mapped_column(
        ForeignKey("batch.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)  # the signed JCS bytes
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    alg: Mapped[str] = mapped_column(String(16))
    server_kid: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    accepted: Mapped[int] = mapped_column(Integer)
    refused: Mapped[int] = mapped_column(Integer)
    issued: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime)


class CentralStudent(Base):
    """The school's students as the server has them registered (the last pull)."""

    __tablename__ = "central_student"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    id_type: Mapped[str | None] = mapped_column(String(2))
    id_number: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str | None] = mapped_column(String(100))
    xh: Mapped[str | None] = mapped_column(String(32))
    ksh: Mapped[str | None] = mapped_column(String(32))
    zydm: Mapped[str | None] = mapped_column(String(16))
    cc: Mapped[str | None] = mapped_column(String(4))
    active: Mapped[bool] = mapped_column(Boolean)
    batch: Mapped[str] = mapped_column(String(36))
    data: Mapped[str] = mapped_column(Text)  # the server's JSON of the student
    seen_pass: Mapped[int] = mapped_column(Integer)


def table_of(model: type[Base]) -> SqlTable:
    """The Core table of a model, typed as one (SQLAlchemy types `__table__` loosely)."""
    return cast(SqlTable, model.__table__)
