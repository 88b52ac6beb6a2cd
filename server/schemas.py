"""Request and response bodies and parameters of the API (what the OpenAPI document
shows)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import BaseModel, Field

# Strings the server stores or looks up may hold no NUL: PostgreSQL's text cannot, and a
# lookup with one would be a server error instead of a refusal.
TEXT = r"^[^\x00]*$"
SCHOOL_CODE = r"^[0-9A-Za-z]+$"
KID = r"^[0-9A-Za-z-]+$"
INT32 = 2**31 - 1  # the largest row id the register's integer columns hold

SchoolPath = Annotated[str, Path(min_length=1, max_length=20, pattern=SCHOOL_CODE)]
KidPath = Annotated[str, Path(min_length=1, max_length=64, pattern=KID)]
PhotoPath = Annotated[str, Path(min_length=1, max_length=200, pattern=TEXT)]
AfterQuery = Annotated[int, Query(ge=0, le=INT32, description="上一页最后一条的 id")]


class ErrorBody(BaseModel):
    code: str = Field(description="机器可读的错误代码")
    message: str = Field(description="中文说明")


class EnrolmentRequest(BaseModel):
    school: str = Field(min_length=1, max_length=20, pattern=SCHOOL_CODE)
    name: str | None = Field(default=None, max_length=200, pattern=TEXT)


class EnrolmentCodeOut(BaseModel):
    school: str
    code: str = Field(description="一次性登记码，只显示这一次")
    expires: str


class KeyRegistration(BaseModel):
    enrolment_code: str = Field(min_length=1, max_length=200)
    public_key: str = Field(min_length=1, max_length=4000, description="SPKI PEM")


class KeyOut(BaseModel):
    kid: str
    school: str
    alg: str
    fingerprint: str
    registered: str
    revoked: str | None
    revoke_reason: str | None


class RevokeRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=500, pattern=TEXT)


class ChallengeRequest(BaseModel):
    school: str = Field(min_length=1, max_length=20, pattern=SCHOOL_CODE)
    kid: str = Field(min_length=1, max_length=64, pattern=KID)


class ChallengeOut(BaseModel):
    challenge_id: str
    challenge: str = Field(description="用学校密钥对其 UTF-8 字节签名")
    expires: str


class TokenRequest(BaseModel):
    challenge_id: str = Field(min_length=1, max_length=64, pattern=TEXT)
    signature: str = Field(min_length=1, max_length=400, description="base64")


class TokenOut(BaseModel):
    token: str
    token_type: str = "Bearer"
    expires_in: int
    school: str
    kid: str


class ServerKeyOut(BaseModel):
    alg: str
    kid: str
    fingerprint: str
    public_key: str


class SubmissionCreate(BaseModel):
    manifest: str = Field(min_length=1, description="base64 of manifest.json (JCS bytes)")
    signature: str = Field(min_length=1, max_length=2000, description="base64 of signature.json")


class ChunksOut(BaseModel):
    total: int
    held: list[int]
    missing: list[int]
    photos_missing: list[str]


class SubmissionOut(BaseModel):
    batch: str
    school: str
    kind: str
    kid: str
    state: str = Field(description="open / committed")
    record_count: int
    created: str
    committed: str | None
    accepted: int
    refused: int
    chunks: ChunksOut


class ChunkOut(BaseModel):
    index: int
    stored: bool = Field(description="false: the server already held these bytes")


class PhotoOut(BaseModel):
    name: str
    stored: bool


class ReceiptOut(BaseModel):
    receipt: str = Field(description="base64 of the receipt's JCS bytes")
    signature: str = Field(description="base64 of the server's signature over them")
    alg: str
    kid: str


class IdentityBefore(BaseModel):
    zjlx: str | None
    xm: str | None
    xb: str | None
    csrq: str | None
    mz: str | None
    replaced: str
    batch: str


class StudentOut(BaseModel):
    id: int
    sfzh: str
    zjlx: str | None
    xm: str | None
    xb: str | None
    csrq: str | None
    mz: str | None
    ksh: str | None
    xh: str | None
    zydm: str | None
    zymc: str | None
    cc: str | None
    xz: str | None
    xxxs: str | None
    rxrq: str | None
    active: bool
    batch: str
    identity_history: list[IdentityBefore]


class StudentsOut(BaseModel):
    students: list[StudentOut]
    next_after: int | None = Field(description="pass as ?after= for the next page")
