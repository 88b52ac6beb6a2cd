"""Enrolment codes, school keys (register, list, revoke), authentication."""

from __future__ import annotations

import base64
import binascii
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Header
from sqlalchemy import select

from desktop.sync.algorithms import VerifyKey
from server.errors import ApiError, documented
from server.models import Challenge, EnrolmentCode, School, SchoolKey, Token
from server.schemas import (
    ChallengeOut,
    ChallengeRequest,
    EnrolmentCodeOut,
    EnrolmentRequest,
    KeyOut,
    KeyRegistration,
    KidPath,
    RevokeRequest,
    SchoolPath,
    ServerKeyOut,
    TokenOut,
    TokenRequest,
)
from server.state import (
    CallerDep,
    SessionDep,
    StateDep,
    digest,
    get_caller,
    is_admin,
    require_admin,
)

router = APIRouter()
_ERR = documented(401, 403, 404, 409, 429)
AUTH_PREFIX = "regdesk-auth/1"


def key_out(k: SchoolKey) -> KeyOut:
    return KeyOut(
        kid=k.kid,
        school=k.school,
        alg=k.alg,
        fingerprint=k.fingerprint,
        registered=k.registered.isoformat(),
        revoked=k.revoked.isoformat() if k.revoked else None,
        revoke_reason=k.revoke_reason,
    )


@router.get("/server-key", response_model=ServerKeyOut, tags=["server"])
def server_key(state: StateDep) -> ServerKeyOut:
    """The public key that signs receipts: pin it (compare the fingerprint by phone)."""
    pub = state.key.public
    return ServerKeyOut(
        alg=pub.alg.value, kid=pub.kid, fingerprint=pub.fingerprint, public_key=pub.pem.decode()
    )


@router.post(
    "/admin/enrolment-codes", status_code=201, response_model=EnrolmentCodeOut,
    dependencies=[Depends(require_admin)], responses=_ERR, tags=["admin"],
)  # fmt: skip
def issue_code(body: EnrolmentRequest, state: StateDep, session: SessionDep) -> EnrolmentCodeOut:
    school = session.get(School, body.school)
    if school is None:
        session.add(School(code=body.school, name=body.name))
        session.flush()  # the code row refers to it
    elif body.name:
        school.name = body.name
    code = secrets.token_urlsafe(18)
    expires = datetime.now(UTC) + timedelta(hours=state.limits.enrolment_code_hours)
    session.add(EnrolmentCode(digest=digest(code), school=body.school, expires=expires))
    session.commit()
    return EnrolmentCodeOut(school=body.school, code=code, expires=expires.isoformat())


@router.post(
    "/schools/{school}/keys", status_code=201, response_model=KeyOut, responses=_ERR,
    tags=["keys"],
)  # fmt: skip
def register_key(school: SchoolPath, body: KeyRegistration, session: SessionDep) -> KeyOut:
    """Register a school's public key with a one-time enrolment code."""
    now = datetime.now(UTC)
    code = session.get(EnrolmentCode, digest(body.enrolment_code))
    if code is None or code.school != school:
        raise ApiError(403, "enrolment-code-invalid", "登记码无效")
    if code.used is not None:
        raise ApiError(403, "enrolment-code-used", "登记码已使用过，请向管理员申请新的登记码")
    if code.expires <= now:
        raise ApiError(403, "enrolment-code-expired", "登记码已过期，请向管理员申请新的登记码")
    try:
        key = VerifyKey.from_pem(body.public_key.encode("ascii", "replace"))
    except ValueError:
        raise ApiError(
            422, "key-invalid", "公钥无法读取（须为 Ed25519 或 SM2 的 PEM 公钥）"
        ) from None
    if session.get(SchoolKey, key.kid) is not None:
        raise ApiError(409, "key-exists", f"密钥 {key.kid} 已登记")
    code.used = now
    row = SchoolKey(
        kid=key.kid, school=school, alg=key.alg.value, pem=key.pem,
        fingerprint=key.fingerprint, registered=now,
    )  # fmt: skip
    session.add(row)
    session.commit()
    return key_out(row)


@router.get("/schools/{school}/keys", response_model=list[KeyOut], responses=_ERR, tags=["keys"])
def list_keys(school: SchoolPath, caller: CallerDep, session: SessionDep) -> list[KeyOut]:
    if caller.school != school:
        raise ApiError(403, "school-mismatch", "只能查看本校的密钥")
    rows = session.scalars(select(SchoolKey).where(SchoolKey.school == school)).all()
    return [key_out(k) for k in sorted(rows, key=lambda k: k.registered)]


@router.post(
    "/schools/{school}/keys/{kid}/revoke", response_model=KeyOut, responses=_ERR, tags=["keys"]
)
def revoke_key(
    school: SchoolPath,
    kid: KidPath,
    body: RevokeRequest,
    state: StateDep,
    session: SessionDep,
    authorization: Annotated[str | None, Header()] = None,
    x_admin_token: Annotated[str | None, Header()] = None,
) -> KeyOut:
    """Revoke a key: by the administrator, or by the school itself (any of its valid keys).
    Batches committed before stay valid; new submissions signed with it are refused."""
    if not is_admin(state, x_admin_token):
        caller = get_caller(state, session, authorization)
        if caller.school != school:
            raise ApiError(403, "school-mismatch", "只能吊销本校的密钥")
    row = session.get(SchoolKey, kid)
    if row is None or row.school != school:
        raise ApiError(404, "key-unknown", f"没有登记密钥 {kid}")
    if row.revoked is not None:
        raise ApiError(409, "key-already-revoked", f"密钥 {kid} 已吊销")
    row.revoked = datetime.now(UTC)
    row.revoke_reason = body.reason
    session.commit()
    return key_out(row)


@router.post("/auth/challenge", response_model=ChallengeOut, responses=_ERR, tags=["auth"])
def challenge(body: ChallengeRequest, state: StateDep, session: SessionDep) -> ChallengeOut:
    key = session.get(SchoolKey, body.kid)
    if key is None or key.school != body.school:
        raise ApiError(403, "key-unknown", "未登记的密钥")
    if key.revoked is not None:
        raise ApiError(403, "auth-key-revoked", "认证所用的密钥已吊销")
    state.limiter.charge(body.school)
    cid = secrets.token_hex(16)
    expires = datetime.now(UTC) + timedelta(seconds=state.limits.challenge_seconds)
    # The prefix keeps a challenge from ever being a manifest (JSON) or a receipt.
    text = (
        f"{AUTH_PREFIX}\n{body.school}\n{body.kid}\n{secrets.token_hex(32)}\n{expires.isoformat()}"
    )
    session.add(Challenge(id=cid, school=body.school, kid=body.kid, text=text, expires=expires))
    session.commit()
    return ChallengeOut(challenge_id=cid, challenge=text, expires=expires.isoformat())


@router.post("/auth/token", response_model=TokenOut, responses=_ERR, tags=["auth"])
def token(body: TokenRequest, state: StateDep, session: SessionDep) -> TokenOut:
    ch = session.get(Challenge, body.challenge_id)
    if ch is None or ch.used or ch.expires <= datetime.now(UTC):
        raise ApiError(401, "challenge-invalid", "认证挑战无效、已使用或已过期，请重新申请")
    ch.used = True  # one attempt per challenge, right or wrong
    session.commit()
    key = session.get(SchoolKey, ch.kid)
    if key is None or key.revoked is not None:
        raise ApiError(403, "auth-key-revoked", "认证所用的密钥已吊销")
    try:
        signature = base64.b64decode(body.signature, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(401, "challenge-signature-invalid", "认证签名无效") from None
    if not VerifyKey.from_pem(key.pem).verify(signature, ch.text.encode("utf-8")):
        raise ApiError(401, "challenge-signature-invalid", "认证签名无效")
    raw = secrets.token_urlsafe(32)
    seconds = state.limits.token_seconds
    session.add(
        Token(
            digest=digest(raw), school=ch.school, kid=ch.kid,
            expires=datetime.now(UTC) + timedelta(seconds=seconds),
        )
    )  # fmt: skip
    session.commit()
    return TokenOut(token=raw, expires_in=seconds, school=ch.school, kid=ch.kid)
