"""SM2 with SM3 (GM/T 0003 / GB/T 32918) through Tongsuo, OpenSSL's national-crypto fork.

`tongsuopy` has cryptography's API shape but no type information, so it is imported
here alone and wrapped in typed functions. Its signer computes Z with the default
distinguishing ID 1234567812345678 (GM/T 0009) and draws the nonce k from OpenSSL's
DRBG — never from Python's `random`, which the pure-Python `gmssl` package uses.
"""

from __future__ import annotations

from typing import Any

from tongsuopy.crypto import hashes as _hashes  # type: ignore[import-untyped]
from tongsuopy.crypto import serialization as _ser
from tongsuopy.crypto.asymciphers import ec as _ec  # type: ignore[import-untyped]
from tongsuopy.crypto.exceptions import (  # type: ignore[import-untyped]
    InternalError,
    InvalidSignature,
)

from desktop.sync import der

DEFAULT_SIGNER_ID = b"1234567812345678"

# The library object stays opaque (Any) outside this module on purpose: callers hold it
# inside SigningKey/VerifyKey and never touch its bytes.
PrivateKey = Any
PublicKey = Any


def generate() -> PrivateKey:
    return _ec.generate_private_key(_ec.SM2())


def derive(private_value: int) -> PrivateKey:
    """A key from a known scalar: for the standard's worked example in the tests."""
    return _ec.derive_private_key(private_value, _ec.SM2())


def sign(key: PrivateKey, data: bytes) -> bytes:
    """DER-encoded (r, s) over SM3(Z || data), Z with the default signer ID."""
    return bytes(key.sign(data, _ec.ECDSA(_hashes.SM3())))


def _well_formed(signature: bytes) -> bool:
    """DER SEQUENCE of two positive INTEGERs, nothing more: Tongsuo reports anything
    else as an internal error rather than as a bad signature."""
    try:
        items = der.items(der.read_all(signature, der.SEQUENCE))
        return len(items) == 2 and all(
            tag == der.INTEGER and der.read_int(value) > 0 for tag, value in items
        )
    except der.DerError:
        return False


def verify(public: PublicKey, signature: bytes, data: bytes) -> bool:
    if not _well_formed(signature):
        return False
    try:
        public.verify(signature, data, _ec.ECDSA(_hashes.SM3()))
    except (InvalidSignature, InternalError, ValueError):
        return False
    return True


def public_of(key: PrivateKey) -> PublicKey:
    return key.public_key()


def spki_der(public: PublicKey) -> bytes:
    return bytes(public.public_bytes(_ser.Encoding.DER, _ser.PublicFormat.SubjectPublicKeyInfo))


def load_spki_der(data: bytes) -> PublicKey:
    key = _ser.load_der_public_key(data)
    if not isinstance(key, _ec.EllipticCurvePublicKey) or key.curve.name != "SM2":
        raise ValueError("not an SM2 public key")
    return key


def pkcs8_der(key: PrivateKey) -> bytes:
    """Unencrypted PKCS#8: only ever handed straight to the encryption in pkcs8.py."""
    return bytes(
        key.private_bytes(_ser.Encoding.DER, _ser.PrivateFormat.PKCS8, _ser.NoEncryption())
    )


def load_pkcs8_der(data: bytes) -> PrivateKey:
    key = _ser.load_der_private_key(data, password=None)
    if not isinstance(key, _ec.EllipticCurvePrivateKey) or key.curve.name != "SM2":
        raise ValueError("not an SM2 private key")
    return key
