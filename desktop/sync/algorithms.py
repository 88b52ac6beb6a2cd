"""Signature algorithms of the wire format: `Ed25519` (default) and `SM2-SM3`.

A key is identified by what it is, not by a name someone typed: the fingerprint is the
digest (SHA-256 / SM3, the algorithm's own) of the SubjectPublicKeyInfo DER, and the
`kid` is a short prefix of it. A verifier can therefore recompute the kid from the
public key it holds, which is what makes "kid mismatch" a check rather than a label.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ed25519

from desktop.sync import der, sm2
from desktop.sync.digests import Digest, hexdigest


class Alg(StrEnum):
    ED25519 = "Ed25519"
    SM2_SM3 = "SM2-SM3"

    @property
    def digest(self) -> Digest:
        return Digest.SHA256 if self is Alg.ED25519 else Digest.SM3

    @property
    def kid_prefix(self) -> str:
        return "ed25519" if self is Alg.ED25519 else "sm2"


DEFAULT_ALG = Alg.ED25519
SM2_SIGNER_ID = sm2.DEFAULT_SIGNER_ID

_ED25519_OID = "1.3.101.112"
_EC_OID = "1.2.840.10045.2.1"
_SM2_CURVE_OID = "1.2.156.10197.1.301"
_KID_HEX = 16  # 64 bits: unique among one school's keys by a wide margin


def parse_alg(text: object) -> Alg | None:
    """The algorithm named exactly so, or None (unknown names are never guessed at)."""
    for alg in Alg:
        if text == alg.value:
            return alg
    return None


def spki_alg(spki: bytes) -> Alg:
    """Which algorithm a SubjectPublicKeyInfo is for, from its OIDs alone."""
    try:
        algorithm, _key = der.items(der.read_all(spki, der.SEQUENCE))
        parts = der.items(algorithm[1])
        if parts[0][0] != der.OID:
            raise der.DerError("algorithm OID")
        key_oid = der.read_oid(parts[0][1])
        if key_oid == _ED25519_OID and len(parts) == 1:
            return Alg.ED25519
        if (
            key_oid == _EC_OID
            and len(parts) == 2
            and parts[1][0] == der.OID
            and der.read_oid(parts[1][1]) == _SM2_CURVE_OID
        ):
            return Alg.SM2_SM3
    except (der.DerError, ValueError):
        pass
    raise ValueError("不是 Ed25519 或 SM2 公钥 / not an Ed25519 or SM2 public key")


def group_hex(hex_digest: str) -> str:
    """Upper-case hex in groups of four: what the school reads out on the phone."""
    text = hex_digest.upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@dataclass(frozen=True)
class VerifyKey:
    """A public key of either algorithm, with its fingerprint and kid."""

    alg: Alg
    spki: bytes  # SubjectPublicKeyInfo DER
    _key: Any = field(repr=False, compare=False)

    @classmethod
    def from_spki(cls, spki: bytes) -> VerifyKey:
        alg = spki_alg(spki)
        if alg is Alg.ED25519:
            key: Any = ser.load_der_public_key(spki)
            if not isinstance(key, ed25519.Ed25519PublicKey):
                raise ValueError("not an Ed25519 public key")
        else:
            key = sm2.load_spki_der(spki)
        return cls(alg, spki, key)

    @classmethod
    def from_pem(cls, pem: bytes) -> VerifyKey:
        try:
            lines = pem.decode("ascii").strip().splitlines()
        except UnicodeDecodeError:
            raise ValueError("公钥文件不是 PEM / public key is not PEM") from None
        if len(lines) < 3 or lines[0] != _PEM_BEGIN or lines[-1] != _PEM_END:
            raise ValueError("公钥文件不是 PEM / public key is not PEM")
        try:
            spki = base64.b64decode("".join(lines[1:-1]), validate=True)
        except binascii.Error:
            raise ValueError("公钥文件不是 PEM / public key is not PEM") from None
        return cls.from_spki(spki)

    @property
    def pem(self) -> bytes:
        body = base64.encodebytes(self.spki).decode("ascii").replace("\n", "")
        wrapped = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
        return f"{_PEM_BEGIN}\n{wrapped}\n{_PEM_END}\n".encode("ascii")

    @property
    def fingerprint_hex(self) -> str:
        return hexdigest(self.alg.digest, self.spki)

    @property
    def fingerprint(self) -> str:
        return group_hex(self.fingerprint_hex)

    @property
    def kid(self) -> str:
        return f"{self.alg.kid_prefix}-{self.fingerprint_hex[:_KID_HEX]}"

    def verify(self, signature: bytes, data: bytes) -> bool:
        if self.alg is Alg.SM2_SM3:
            return sm2.verify(self._key, signature, data)
        try:
            self._key.verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True


_PEM_BEGIN = "-----BEGIN PUBLIC KEY-----"
_PEM_END = "-----END PUBLIC KEY-----"


class SigningKey:
    """An unlocked private key. It signs; it never shows its bytes (not even in repr)."""

    __slots__ = ("_key", "alg", "public")

    def __init__(self, alg: Alg, key: Any) -> None:
        self.alg = alg
        self._key = key
        if alg is Alg.ED25519:
            spki = key.public_key().public_bytes(
                ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo
            )
        else:
            spki = sm2.spki_der(sm2.public_of(key))
        self.public = VerifyKey.from_spki(spki)

    def __repr__(self) -> str:
        return f"SigningKey(alg={self.alg.value}, kid={self.kid})"

    def __reduce__(self) -> Any:
        raise TypeError("SigningKey cannot be pickled")

    @property
    def kid(self) -> str:
        return self.public.kid

    def sign(self, data: bytes) -> bytes:
        if self.alg is Alg.SM2_SM3:
            return sm2.sign(self._key, data)
        return bytes(self._key.sign(data))

    def pkcs8_der(self) -> bytes:
        """Unencrypted PKCS#8, for `pkcs8.encrypt` only: nothing else may hold it."""
        if self.alg is Alg.SM2_SM3:
            return sm2.pkcs8_der(self._key)
        return bytes(
            self._key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())
        )

    @classmethod
    def from_pkcs8_der(cls, alg: Alg, data: bytes) -> SigningKey:
        if alg is Alg.SM2_SM3:
            return cls(alg, sm2.load_pkcs8_der(data))
        key = ser.load_der_private_key(data, password=None)
        if not isinstance(key, ed25519.Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        return cls(alg, key)


def generate(alg: Alg = DEFAULT_ALG) -> SigningKey:
    """A fresh key pair from the operating system's CSPRNG (through OpenSSL)."""
    if alg is Alg.SM2_SM3:
        return SigningKey(alg, sm2.generate())
    return SigningKey(alg, ed25519.Ed25519PrivateKey.generate())
