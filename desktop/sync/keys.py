"""The school's signing keys in a directory the caller chooses (the user data directory).

Each key is three files named by its kid:

    <kid>.key.pem   the private key, encrypted PKCS#8 (scrypt; see pkcs8.py), 0600
    <kid>.pub.pem   the public key (SubjectPublicKeyInfo PEM)
    <kid>.json      metadata: alg, created, status (active / retired / revoked), times

The directory is made 0700 and every file 0600 (on Windows the user profile's ACL does
this job). At most one key is active: the one that signs. Rotation retires it — a
retired key still verifies the batches it signed — and revocation marks a key that must
no longer be trusted for anything. Keys are never deleted here.

Roles (who may generate, rotate, revoke) and auditing are the caller's: this module
trusts its caller and protects the key material only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.sync import pkcs8
from desktop.sync.algorithms import DEFAULT_ALG, Alg, SigningKey, VerifyKey, generate, parse_alg
from desktop.sync.canonical import datetime_text, jcs, loads_strict
from desktop.sync.errors import (
    KeyFileDamaged,
    KeyNotFound,
    KeyNotUsable,
    WeakPassphrase,
    WireFormatError,
    WrongPassphrase,
)

log = logging.getLogger(__name__)

MIN_PASSPHRASE = 10
WRONG_PASSPHRASE_DELAY = 1.0  # seconds added to scrypt's own cost after a failed unlock
_CIPHERS = {Alg.ED25519: pkcs8.KeyCipher.AES256_CBC, Alg.SM2_SM3: pkcs8.KeyCipher.SM4_CBC}


class KeyStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {"active": "启用", "retired": "已退役", "revoked": "已吊销"}[self.value]


@dataclass(frozen=True, slots=True)
class KeyInfo:
    kid: str
    alg: Alg
    created: datetime
    status: KeyStatus
    fingerprint: str  # grouped hex of the SPKI digest, for reading out on the phone
    retired: datetime | None = None
    revoked: datetime | None = None
    revoke_reason: str | None = None

    def to_json(self) -> bytes:
        def when(t: datetime | None) -> str | None:
            return datetime_text(t) if t is not None else None

        return jcs(
            {
                "v": 1,
                "kid": self.kid,
                "alg": self.alg.value,
                "created": datetime_text(self.created),
                "status": self.status.value,
                "fingerprint": self.fingerprint,
                "retired": when(self.retired),
                "revoked": when(self.revoked),
                "revoke_reason": self.revoke_reason,
            }
        )

    @classmethod
    def from_json(cls, data: bytes) -> KeyInfo:
        try:
            d: Any = loads_strict(data)
            alg = parse_alg(d["alg"])
            if d["v"] != 1 or alg is None:
                raise ValueError
            return cls(
                kid=str(d["kid"]),
                alg=alg,
                created=_when(d["created"]),
                status=KeyStatus(d["status"]),
                fingerprint=str(d["fingerprint"]),
                retired=_when(d["retired"]) if d["retired"] else None,
                revoked=_when(d["revoked"]) if d["revoked"] else None,
                revoke_reason=d["revoke_reason"],
            )
        except (WireFormatError, KeyError, TypeError, ValueError):
            raise KeyFileDamaged("密钥信息文件已损坏 / key metadata file damaged") from None


def _when(text: str) -> datetime:
    t = datetime.fromisoformat(text)
    if t.tzinfo is None:
        raise ValueError
    return t


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """A public key a verifier knows, with what it knows about the key's standing."""

    key: VerifyKey
    status: KeyStatus


@dataclass(frozen=True, slots=True)
class PublicExport:
    kid: str
    alg: Alg
    fingerprint: str
    pem: bytes
    created: datetime
    status: KeyStatus


def _passphrase_bytes(passphrase: str) -> bytes:
    # NFC so that the same phrase typed through different input methods opens the key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, 0600 from the first byte."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


class KeyStore:
    def __init__(self, directory: Path, *, cost: pkcs8.ScryptCost = pkcs8.DEFAULT_COST) -> None:
        self.directory = directory
        self._cost = cost

    # --- reading ---------------------------------------------------------------------

    def list_keys(self) -> list[KeyInfo]:
        """Every key, oldest first."""
        if not self.directory.is_dir():
            return []
        infos = [self._read_info(p) for p in self.directory.glob("*.json")]
        return sorted(infos, key=lambda k: (k.created, k.kid))

    def info(self, kid: str) -> KeyInfo:
        return self._read_info(self._path(kid, ".json"))

    def active(self) -> KeyInfo | None:
        active = [k for k in self.list_keys() if k.status is KeyStatus.ACTIVE]
        if len(active) > 1:
            raise KeyFileDamaged(
                "密钥目录中有多把启用中的密钥 / more than one active key in the key directory"
            )
        return active[0] if active else None

    def public_key(self, kid: str) -> VerifyKey:
        path = self._path(kid, ".pub.pem")
        try:
            key = VerifyKey.from_pem(path.read_bytes())
        except FileNotFoundError:
            raise KeyNotFound(f"找不到密钥 {kid} / no key {kid}") from None
        except ValueError:
            raise KeyFileDamaged(f"公钥文件已损坏：{path.name} / public key damaged") from None
        if key.kid != kid:
            raise KeyFileDamaged(f"公钥与密钥编号不符：{kid} / public key does not match kid")
        return key

    def export_public(self, kid: str | None = None) -> PublicExport:
        info = self._chosen(kid)
        key = self.public_key(info.kid)
        return PublicExport(info.kid, info.alg, key.fingerprint, key.pem, info.created, info.status)

    def resolve(self, kid: str) -> TrustedKey | None:
        """For verification: the key this workspace holds under `kid`, if any."""
        try:
            info = self.info(kid)
        except KeyNotFound:
            return None
        return TrustedKey(self.public_key(kid), info.status)

    # --- changing --------------------------------------------------------------------

    def generate(
        self, passphrase: str, *, alg: Alg = DEFAULT_ALG, now: datetime | None = None
    ) -> KeyInfo:
        """The first key (or the next after a revocation): refused while one is active."""
        current = self.active()
        if current is not None:
            raise KeyNotUsable(
                f"已有启用中的密钥 {current.kid}，请使用“轮换” / an active key exists; rotate it"
            )
        return self._create(passphrase, alg, _now(now))

    def rotate(
        self, passphrase: str, *, alg: Alg | None = None, now: datetime | None = None
    ) -> KeyInfo:
        """A new active key; the old one is retired (kept, still verifies)."""
        current = self.active()
        if current is None:
            raise KeyNotFound("没有启用中的密钥，请先生成 / no active key to rotate")
        when = _now(now)
        _check_passphrase(passphrase)
        key = generate(alg or current.alg)
        # The expensive part first: nothing on disk changes until the new key is sealed.
        sealed = self._seal(key, passphrase)
        self._write_info(replace(current, status=KeyStatus.RETIRED, retired=when))
        info = self._store(key, sealed, when)
        log.info("key rotated: %s retired, %s active", current.kid, info.kid)
        return info

    def revoke(self, kid: str, *, reason: str, now: datetime | None = None) -> KeyInfo:
        info = self.info(kid)
        if info.status is KeyStatus.REVOKED:
            raise KeyNotUsable(f"密钥 {kid} 已吊销 / key {kid} is already revoked")
        revoked = replace(
            info, status=KeyStatus.REVOKED, revoked=_now(now), revoke_reason=reason.strip()
        )
        self._write_info(revoked)
        log.info("key revoked: %s", kid)
        return revoked

    def unlock(
        self,
        passphrase: str,
        kid: str | None = None,
        *,
        failure_delay: float = WRONG_PASSPHRASE_DELAY,
    ) -> SigningKey:
        """The key that signs (the active one unless `kid` names another active key).

        A wrong passphrase raises `WrongPassphrase` after `failure_delay` seconds on top
        of scrypt's own cost, so guessing at the keyboard is slow; the caller audits it.
        """
        info = self._chosen(kid)
        if info.status is not KeyStatus.ACTIVE:
            raise KeyNotUsable(
                f"密钥 {info.kid} {info.status.label}，不能再签名 / key {info.kid} is "
                f"{info.status.value} and cannot sign"
            )
        path = self._path(info.kid, ".key.pem")
        try:
            sealed = path.read_bytes()
        except FileNotFoundError:
            raise KeyNotFound(f"找不到私钥文件 {path.name} / private key file missing") from None
        try:
            plain = pkcs8.decrypt(sealed, _passphrase_bytes(passphrase))
            key = SigningKey.from_pkcs8_der(info.alg, plain)
        except (WrongPassphrase, ValueError):
            log.warning("wrong passphrase for key %s", info.kid)
            time.sleep(failure_delay)
            raise WrongPassphrase(f"密钥口令不正确 / wrong key passphrase ({info.kid})") from None
        del plain
        if key.kid != info.kid:
            raise KeyFileDamaged(f"私钥与密钥编号不符：{info.kid} / private key does not match")
        log.debug("key %s unlocked", info.kid)
        return key

    # --- internals -------------------------------------------------------------------

    def _chosen(self, kid: str | None) -> KeyInfo:
        if kid is not None:
            return self.info(kid)
        info = self.active()
        if info is None:
            raise KeyNotFound("没有启用中的密钥，请先生成 / no active key; generate one")
        return info

    def _create(self, passphrase: str, alg: Alg, when: datetime) -> KeyInfo:
        _check_passphrase(passphrase)
        key = generate(alg)
        info = self._store(key, self._seal(key, passphrase), when)
        log.info("key generated: %s (%s)", info.kid, info.alg.value)
        return info

    def _seal(self, key: SigningKey, passphrase: str) -> bytes:
        return pkcs8.encrypt(
            key.pkcs8_der(),
            _passphrase_bytes(passphrase),
            cipher=_CIPHERS[key.alg],
            cost=self._cost,
        )

    def _store(self, key: SigningKey, sealed: bytes, when: datetime) -> KeyInfo:
        self._ensure_dir()
        info = KeyInfo(key.kid, key.alg, when, KeyStatus.ACTIVE, key.public.fingerprint)
        _write_private(self._path(key.kid, ".key.pem"), sealed)
        _write_private(self._path(key.kid, ".pub.pem"), key.public.pem)
        self._write_info(info)
        return info

    def _ensure_dir(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)

    def _write_info(self, info: KeyInfo) -> None:
        self._ensure_dir()
        _write_private(self._path(info.kid, ".json"), info.to_json())

    def _read_info(self, path: Path) -> KeyInfo:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise KeyNotFound(f"找不到密钥 {path.stem} / no key {path.stem}") from None
        info = KeyInfo.from_json(data)
        if f"{info.kid}.json" != path.name:
            raise KeyFileDamaged(f"密钥信息文件名不符：{path.name} / key metadata misnamed")
        return info

    def _path(self, kid: str, suffix: str) -> Path:
        if not kid or not all(c.isascii() and (c.isalnum() or c == "-") for c in kid):
            raise KeyNotFound(f"密钥编号无效：{kid!r} / invalid kid")
        return self.directory / f"{kid}{suffix}"


def _check_passphrase(passphrase: str) -> None:
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE:
        raise WeakPassphrase(
            f"口令至少需要 {MIN_PASSPHRASE} 个字符 / passphrase needs {MIN_PASSPHRASE}+ characters"
        )
