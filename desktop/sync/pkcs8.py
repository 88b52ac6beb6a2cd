"""Encrypted PKCS#8 (RFC 5958) with PBES2 (RFC 8018) and scrypt (RFC 7914).

Why not the libraries' own `BestAvailableEncryption`: both `cryptography` and
`tongsuopy` write PBKDF2-HMAC-SHA256 with 2,048 iterations, OpenSSL's old default; a
stolen key file with a weak passphrase would fall to a GPU in hours. scrypt at
N=2**17, r=8 (128 MiB, about half a second) makes each guess cost memory as well as
time. The envelope is standard: `openssl pkey` opens it (a test checks that).

The cipher follows the key's world: AES-256-CBC for Ed25519 keys, SM4-CBC for SM2 keys
(an office under the national commercial-cryptography rules keeps SM2 keys under SM4).
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from enum import StrEnum

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.sync import der
from desktop.sync.errors import KeyFileDamaged, WrongPassphrase

_PBES2 = "1.2.840.113549.1.5.13"
_SCRYPT = "1.3.6.1.4.1.11591.4.11"
_BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----"
_END = "-----END ENCRYPTED PRIVATE KEY-----"


class KeyCipher(StrEnum):
    AES256_CBC = "2.16.840.1.101.3.4.1.42"
    SM4_CBC = "1.2.156.10197.1.104.2"

    @property
    def key_size(self) -> int:
        return 32 if self is KeyCipher.AES256_CBC else 16


@dataclass(frozen=True, slots=True)
class ScryptCost:
    n: int = 2**17
    r: int = 8
    p: int = 1


DEFAULT_COST = ScryptCost()
# Reading a file never costs more than this, whatever it says (a doctored file must not
# make unlocking take gigabytes).
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16


def encrypt(
    plain_der: bytes, passphrase: bytes, *, cipher: KeyCipher, cost: ScryptCost = DEFAULT_COST
) -> bytes:
    """PEM of the EncryptedPrivateKeyInfo of `plain_der` (an unencrypted PKCS#8)."""
    salt, iv = os.urandom(16), os.urandom(16)
    key = Scrypt(salt=salt, length=cipher.key_size, n=cost.n, r=cost.r, p=cost.p).derive(passphrase)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain_der) + padder.finalize()
    enc = _cipher(cipher, key, iv).encryptor()
    sealed = enc.update(padded) + enc.finalize()
    params = der.seq(
        der.seq(
            der.oid(_SCRYPT),
            der.seq(
                der.octets(salt),
                der.integer(cost.n),
                der.integer(cost.r),
                der.integer(cost.p),
                der.integer(cipher.key_size),
            ),
        ),
        der.seq(der.oid(cipher.value), der.octets(iv)),
    )
    info = der.seq(der.seq(der.oid(_PBES2), params), der.octets(sealed))
    body = base64.b64encode(info).decode("ascii")
    wrapped = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"{_BEGIN}\n{wrapped}\n{_END}\n".encode("ascii")


def _cipher(cipher: KeyCipher, key: bytes, iv: bytes) -> Cipher[modes.CBC]:
    algorithm = algorithms.AES(key) if cipher is KeyCipher.AES256_CBC else algorithms.SM4(key)
    return Cipher(algorithm, modes.CBC(iv))


@dataclass(frozen=True, slots=True)
class _Envelope:
    salt: bytes
    cost: ScryptCost
    cipher: KeyCipher
    iv: bytes
    sealed: bytes


def _damaged(what: str) -> KeyFileDamaged:
    return KeyFileDamaged(f"私钥文件已损坏或格式不符（{what}） / private key file damaged ({what})")


def _parse(pem: bytes) -> _Envelope:
    try:
        lines = pem.decode("ascii").strip().splitlines()
    except UnicodeDecodeError:
        raise _damaged("not PEM") from None
    if len(lines) < 3 or lines[0] != _BEGIN or lines[-1] != _END:
        raise _damaged("not an encrypted PKCS#8 PEM")
    try:
        info = base64.b64decode("".join(lines[1:-1]), validate=True)
        (alg_tag, alg), (data_tag, sealed) = der.items(der.read_all(info, der.SEQUENCE))
        (oid_tag, pbes2), (params_tag, params) = der.items(alg)
        (kdf_tag, kdf), (enc_tag, enc) = der.items(params)
        (kdf_oid_tag, kdf_oid), (sp_tag, scrypt_params) = der.items(kdf)
        salt_item, *numbers = der.items(scrypt_params)
        (cipher_oid_tag, cipher_oid), (iv_tag, iv) = der.items(enc)
    except (binascii.Error, der.DerError, ValueError):
        raise _damaged("ASN.1") from None
    tags = (alg_tag, params_tag, kdf_tag, sp_tag, enc_tag)
    if any(t != der.SEQUENCE for t in tags) or data_tag != der.OCTET_STRING:
        raise _damaged("ASN.1")
    if oid_tag != der.OID or der.read_oid(pbes2) != _PBES2:
        raise _damaged("not PBES2")
    if kdf_oid_tag != der.OID or der.read_oid(kdf_oid) != _SCRYPT:
        raise _damaged("not scrypt")
    if salt_item[0] != der.OCTET_STRING or not 3 <= len(numbers) <= 4:
        raise _damaged("scrypt parameters")
    if any(tag != der.INTEGER for tag, _ in numbers):
        raise _damaged("scrypt parameters")
    n, r, p, *key_len = (der.read_int(v) for _, v in numbers)
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= _MAX_R and 0 < p <= _MAX_P):
        raise _damaged("scrypt cost out of range")
    if cipher_oid_tag != der.OID or iv_tag != der.OCTET_STRING or len(iv) != 16:
        raise _damaged("cipher")
    try:
        cipher = KeyCipher(der.read_oid(cipher_oid))
    except ValueError:
        raise _damaged("unknown cipher") from None
    if key_len and key_len[0] != cipher.key_size:
        raise _damaged("key length")
    if not sealed or len(sealed) % 16:
        raise _damaged("ciphertext length")
    return _Envelope(salt_item[1], ScryptCost(n, r, p), cipher, iv, sealed)


def decrypt(pem: bytes, passphrase: bytes) -> bytes:
    """The unencrypted PKCS#8 DER; `WrongPassphrase` when it does not open."""
    env = _parse(pem)
    key = Scrypt(
        salt=env.salt, length=env.cipher.key_size, n=env.cost.n, r=env.cost.r, p=env.cost.p
    ).derive(passphrase)
    dec = _cipher(env.cipher, key, env.iv).decryptor()
    padded = dec.update(env.sealed) + dec.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        plain = unpadder.update(padded) + unpadder.finalize()
        der.read_all(plain, der.SEQUENCE)
    except (ValueError, der.DerError):
        # A wrong key almost always breaks the padding; the rare survivor (about 1 in
        # 256) is not a DER SEQUENCE. Either way: say "wrong passphrase", show nothing.
        raise WrongPassphrase("密钥口令不正确 / wrong key passphrase") from None
    return plain
