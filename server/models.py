"""The central database: its own schema, nothing shared with the client's store.

Persons are keyed by their identity-document number; every change of a person's
identity fields keeps the values before it (article 19: 学信网保留更改前的信息).

Values that come from records are Text: the rules decide what a record may hold, and a
bounded column would refuse on PostgreSQL (a server error at commit) what SQLite keeps.
Counts a signed manifest claims are BigInteger for the same reason.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC out (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class School(Base):
    __tablename__ = "school"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))


class EnrolmentCode(Base):
    __tablename__ = "enrolment_code"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the code
    school: Mapped[str] = mapped_column(ForeignKey("school.code"))
    expires: Mapped[datetime] = mapped_column(UtcDateTime)
    used: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SchoolKey(Base):
    __tablename__ = "school_key"
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    school: Mapped[str] = mapped_column(ForeignKey("school.code"), index=True)
    alg: Mapped[str] = mapped_column(String(16))
    pem: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(100))
    registered: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class Challenge(Base):
    __tablename__ = "challenge"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    school: Mapped[str] = mapped_column(String(20))
    kid: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    expires: Mapped[datetime] = mapped_column(UtcDateTime)
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class Token(Base):
    __tablename__ = "token"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    school: Mapped[str] = mapped_column(String(20))
    kid: Mapped[str] = mapped_column(String(64))
    expires: Mapped[datetime] = mapped_column(UtcDateTime)


class Submission(Base):
    __tablename__ = "submission"
    batch: Mapped[str] = mapped_column(String(36), primary_key=True)
    school: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    kid: Mapped[str] = mapped_column(ForeignKey("school_key.kid"))
    manifest: Mapped[bytes] = mapped_column(LargeBinary)
    envelope: Mapped[bytes] = mapped_column(LargeBinary)
    record_count: Mapped[int] = mapped_column(BigInteger)
    chunk_count: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))  # open / accepted / refused
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    committed: Mapped[datetime | None] = mapped_column(UtcDateTime)
    accepted_count: Mapped[int] = mapped_column(BigInteger, default=0)
    refused_count: Mapped[int] = mapped_column(BigInteger, default=0)
    receipt: Mapped[bytes | None] = mapped_column(LargeBinary)
    receipt_sig: Mapped[bytes | None] = mapped_column(LargeBinary)


class StoredChunk(Base):
    __tablename__ = "chunk"
    batch: Mapped[str] = mapped_column(ForeignKey("submission.batch"), primary_key=True)
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class StoredPhoto(Base):
    __tablename__ = "photo"
    batch: Mapped[str] = mapped_column(ForeignKey("submission.batch"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Person(Base):
    __tablename__ = "person"
    sfzh: Mapped[str] = mapped_column(Text, primary_key=True)
    zjlx: Mapped[str | None] = mapped_column(Text)
    xm: Mapped[str | None] = mapped_column(Text)
    xb: Mapped[str | None] = mapped_column(Text)
    csrq: Mapped[date | None] = mapped_column(Date)
    mz: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[datetime] = mapped_column(UtcDateTime)


class IdentityHistory(Base):
    """The identity fields of a person as they were before a change (article 19)."""

    __tablename__ = "identity_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sfzh: Mapped[str] = mapped_column(ForeignKey("person.sfzh"), index=True)
    zjlx: Mapped[str | None] = mapped_column(Text)
    xm: Mapped[str | None] = mapped_column(Text)
    xb: Mapped[str | None] = mapped_column(Text)
    csrq: Mapped[date | None] = mapped_column(Date)
    mz: Mapped[str | None] = mapped_column(Text)
    replaced: Mapped[datetime] = mapped_column(UtcDateTime)
    batch: Mapped[str] = mapped_column(String(36))


class Status(Base):
    """A 学籍: a person registered at a school (active until deregistered)."""

    __tablename__ = "status"
    __table_args__ = (UniqueConstraint("school", "sfzh", "ksh"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school: Mapped[str] = mapped_column(String(20), index=True)
    sfzh: Mapped[str] = mapped_column(ForeignKey("person.sfzh"), index=True)
    ksh: Mapped[str | None] = mapped_column(Text)
    xh: Mapped[str | None] = mapped_column(Text)
    zydm: Mapped[str | None] = mapped_column(Text)
    zymc: Mapped[str | None] = mapped_column(Text)
    cc: Mapped[str | None] = mapped_column(Text)
    xz: Mapped[str | None] = mapped_column(Text)
    xxxs: Mapped[str | None] = mapped_column(Text)
    rxrq: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean)
    batch: Mapped[str] = mapped_column(String(36))


class Certificate(Base):
    __tablename__ = "certificate"
    zsbh: Mapped[str] = mapped_column(Text, primary_key=True)
    school: Mapped[str] = mapped_column(String(20), index=True)
    sfzh: Mapped[str] = mapped_column(ForeignKey("person.sfzh"), index=True)
    batch: Mapped[str] = mapped_column(String(36))
