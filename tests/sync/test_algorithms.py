"""Digests and signatures against the standards' vectors and independent implementations.

* SM3: GB/T 32905-2016 appendix A; SHA-256: FIPS 180-2 "abc".
* Ed25519: RFC 8032 §7.1 TEST 1–3 and TEST SHA(abc) (deterministic, so signatures match).
* SM2: the worked example of GB/T 32918 / GM/T 0003 (recommended curve, ID
  1234567812345678, d, k, r, s). The fixed k is reproduced here with a pure-Python
  signing equation that exists in this test only; the product signer is Tongsuo, whose
  k comes from OpenSSL's DRBG. Its signatures are cross-checked with OpenSSL's CLI and
  with the pure-Python `gmssl` package used as a verifier only.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from desktop.sync import sm2
from desktop.sync.algorithms import (
    Alg,
    SigningKey,
    VerifyKey,
    generate,
    group_hex,
    parse_alg,
    spki_alg,
)
from desktop.sync.digests import CryptographySM3, Digest, hexdigest, new_hasher

SM3_VECTORS = [
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
]


@pytest.mark.parametrize(("data", "expected"), SM3_VECTORS)
def test_sm3_vectors_through_both_openssl_paths(data: bytes, expected: str) -> None:
    assert hexdigest(Digest.SM3, data) == expected
    h = CryptographySM3()
    h.update(data[:3])
    h.update(data[3:])
    assert h.hexdigest() == expected


def test_sha256_vector_and_streaming() -> None:
    expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert hexdigest(Digest.SHA256, b"abc") == expected
    h = new_hasher(Digest.SHA256)
    h.update(b"a")
    h.update(b"bc")
    assert h.hexdigest() == expected


RFC8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
    (
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
        "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    ),
]


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032)
def test_ed25519_rfc8032(secret: str, public: str, message: str, signature: str) -> None:
    key = SigningKey(
        Alg.ED25519, ed25519.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    )
    assert key.public.spki.endswith(bytes.fromhex(public))
    msg = bytes.fromhex(message)
    assert key.sign(msg).hex() == signature
    assert key.public.verify(bytes.fromhex(signature), msg)
    flipped = bytearray.fromhex(signature)
    flipped[7] ^= 1
    assert not key.public.verify(bytes(flipped), msg)
    assert not key.public.verify(bytes.fromhex(signature), msg + b"\0")


# GB/T 32918.2-2016 / GM/T 0003.2-2012, the signature example on the recommended curve.
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
G = (
    0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
    0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0,
)
EX_D = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
EX_PUB = (
    0x09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020,
    0xCCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13,
)
EX_ZA = "b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3"
EX_E = "f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640"
EX_K = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
EX_R = 0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3
EX_S = 0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA
EX_MSG = b"message digest"


def _add(p: tuple[int, int] | None, q: tuple[int, int] | None) -> tuple[int, int] | None:
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % P == 0:
        return None
    if p == q:
        lam = (3 * p[0] * p[0] + A) * pow(2 * p[1], -1, P) % P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, P) % P
    x = (lam * lam - p[0] - q[0]) % P
    return x, (lam * (p[0] - x) - p[1]) % P


def _mul(k: int, point: tuple[int, int]) -> tuple[int, int]:
    out: tuple[int, int] | None = None
    addend: tuple[int, int] | None = point
    while k:
        if k & 1:
            out = _add(out, addend)
        addend = _add(addend, addend)
        k >>= 1
    assert out is not None
    return out


def _z(user_id: bytes, pub: tuple[int, int]) -> bytes:
    parts = [(len(user_id) * 8).to_bytes(2, "big"), user_id]
    parts += [v.to_bytes(32, "big") for v in (A, B, *G, *pub)]
    return hashlib.new("sm3", b"".join(parts)).digest()


def test_sm2_standard_example_with_its_fixed_k() -> None:
    """The test-only raw-k signer reproduces the standard's r and s exactly."""
    assert _mul(EX_D, G) == EX_PUB
    za = _z(b"1234567812345678", EX_PUB)
    assert za.hex() == EX_ZA
    e = int.from_bytes(hashlib.new("sm3", za + EX_MSG).digest(), "big")
    assert f"{e:064x}" == EX_E
    x1, _ = _mul(EX_K, G)
    r = (e + x1) % N
    s = pow(1 + EX_D, -1, N) * (EX_K - r * EX_D) % N
    assert (r, s) == (EX_R, EX_S)


def test_sm2_published_signature_verifies_with_tongsuo_and_a_changed_one_does_not() -> None:
    key = SigningKey(Alg.SM2_SM3, sm2.derive(EX_D))
    numbers = sm2.public_of(key._key).public_numbers()
    assert (numbers.x, numbers.y) == EX_PUB
    published = encode_dss_signature(EX_R, EX_S)
    assert key.public.verify(published, EX_MSG)
    assert not key.public.verify(encode_dss_signature(EX_R, EX_S ^ 1), EX_MSG)
    assert not key.public.verify(published, EX_MSG + b".")


def test_sm2_signer_uses_the_default_id_and_fresh_nonces() -> None:
    key = generate(Alg.SM2_SM3)
    one, two = key.sign(EX_MSG), key.sign(EX_MSG)
    assert one != two  # k is random each time (a repeated k would reveal d)
    numbers = sm2.public_of(key._key).public_numbers()
    r, s = decode_dss_signature(one)
    e = int.from_bytes(
        hashlib.new("sm3", _z(b"1234567812345678", (numbers.x, numbers.y)) + EX_MSG).digest(),
        "big",
    )
    # Verification equation of the standard, done by hand: x1 of sG + (r+s)P.
    point = _add(_mul(s, G), _mul((r + s) % N, (numbers.x, numbers.y)))
    assert point is not None and (e + point[0]) % N == r


def test_sm2_cross_verified_by_gmssl_as_verifier_only() -> None:
    gmssl_sm2 = pytest.importorskip("gmssl.sm2")
    for _ in range(8):  # gmssl strips a leading "04" from hex keys: take a key it reads
        key = generate(Alg.SM2_SM3)
        pub = key.public.spki[-64:].hex()
        if not pub.startswith(("0", "4")):
            break
    signature = key.sign(EX_MSG)
    verifier = gmssl_sm2.CryptSM2(private_key="", public_key=pub, asn1=True)
    assert verifier.verify_with_sm3(signature.hex(), EX_MSG)
    assert not verifier.verify_with_sm3(signature.hex(), EX_MSG + b"!")


OPENSSL = shutil.which("openssl")


@pytest.mark.skipif(OPENSSL is None, reason="no openssl command")
@pytest.mark.parametrize("alg", list(Alg), ids=lambda a: a.value)
def test_signatures_verify_with_the_openssl_cli(alg: Alg, tmp_path: Path) -> None:
    assert OPENSSL is not None
    key = generate(alg)
    data = "清单 manifest ✓".encode()
    (tmp_path / "pub.pem").write_bytes(key.public.pem)
    (tmp_path / "msg").write_bytes(data)
    (tmp_path / "sig").write_bytes(key.sign(data))
    cmd = [OPENSSL, "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "pub.pem"]
    cmd += ["-in", "msg", "-sigfile", "sig"]
    if alg is Alg.SM2_SM3:
        cmd += ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"]
    ok = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    (tmp_path / "msg").write_bytes(data + b" ")
    bad = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert bad.returncode != 0
    if alg is Alg.SM2_SM3:  # another signer ID gives another Z: must fail
        (tmp_path / "msg").write_bytes(data)
        other = [*cmd[:-1], "distid:1234567812345679"]
        assert subprocess.run(other, cwd=tmp_path, capture_output=True, check=False).returncode


def test_public_key_pem_round_trip_and_identity(alg: Alg) -> None:
    key = generate(alg)
    again = VerifyKey.from_pem(key.public.pem)
    assert again == key.public and again.alg is alg and spki_alg(again.spki) is alg
    assert key.kid.startswith(alg.kid_prefix + "-") and len(key.kid.split("-")[1]) == 16
    assert key.kid.split("-")[1] == key.public.fingerprint_hex[:16]
    assert key.public.fingerprint_hex == hexdigest(alg.digest, key.public.spki)
    groups = key.public.fingerprint.split(" ")
    assert len(groups) == 16 and all(len(g) == 4 and g == g.upper() for g in groups)
    assert generate(alg).kid != key.kid


def test_signatures_do_not_cross_keys_or_algorithms() -> None:
    ed, sm = generate(Alg.ED25519), generate(Alg.SM2_SM3)
    data = b"manifest"
    assert not generate(Alg.ED25519).public.verify(ed.sign(data), data)
    assert not generate(Alg.SM2_SM3).public.verify(sm.sign(data), data)
    assert not sm.public.verify(ed.sign(data), data)
    assert not ed.public.verify(sm.sign(data), data)
    assert not ed.public.verify(b"", data) and not sm.public.verify(b"\x30\x00", data)


def _p256_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import ec

    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    return public.public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)


@pytest.mark.parametrize(
    "pem",
    [
        b"",
        b"not a key",
        b"-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n",
        _p256_pem(),  # an EC key, but not on the SM2 curve
    ],
)
def test_unusable_public_keys_are_refused(pem: bytes) -> None:
    with pytest.raises(ValueError, match=r"公钥|PEM"):
        VerifyKey.from_pem(pem)


def test_signing_key_shows_and_pickles_nothing(alg: Alg) -> None:
    key = generate(alg)
    assert repr(key) == f"SigningKey(alg={alg.value}, kid={key.kid})"
    with pytest.raises(TypeError):
        pickle.dumps(key)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ed25519", Alg.ED25519), ("SM2-SM3", Alg.SM2_SM3), ("ed25519", None), ("none", None),
     ("RS256", None), (None, None), (1, None)],
)  # fmt: skip
def test_parse_alg_is_exact(text: object, expected: Alg | None) -> None:
    assert parse_alg(text) is expected


def test_group_hex() -> None:
    assert group_hex("0a1b2c3d4e5f") == "0A1B 2C3D 4E5F"
