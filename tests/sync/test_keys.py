"""Key storage: encrypted PKCS#8 with scrypt, permissions, rotation, revocation."""

from __future__ import annotations

import base64
import shutil
import stat
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.sync import der, pkcs8
from desktop.sync.algorithms import Alg, generate
from desktop.sync.errors import (
    KeyFileDamaged,
    KeyNotFound,
    KeyNotUsable,
    KeyStoreError,
    WeakPassphrase,
    WrongPassphrase,
)
from desktop.sync.keys import KeyStatus, KeyStore
from tests.sync.conftest import CHEAP, PASSPHRASE

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T1 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_generate_writes_three_owner_only_files(store: KeyStore, alg: Alg) -> None:
    info = store.generate(PASSPHRASE, alg=alg, now=T0)
    assert info.alg is alg and info.status is KeyStatus.ACTIVE and info.created == T0
    assert _mode(store.directory) == 0o700
    names = sorted(p.name for p in store.directory.iterdir())
    assert names == sorted(f"{info.kid}{s}" for s in (".json", ".key.pem", ".pub.pem"))
    for path in store.directory.iterdir():
        assert _mode(path) == 0o600, path.name
    sealed = (store.directory / f"{info.kid}.key.pem").read_bytes()
    assert sealed.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    assert store.list_keys() == [info] and store.active() == info


def test_existing_wide_directory_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    KeyStore(folder, cost=CHEAP).generate(PASSPHRASE)
    assert _mode(folder) == 0o700


def test_unlock_signs_with_the_stored_key(store: KeyStore, alg: Alg) -> None:
    info = store.generate(PASSPHRASE, alg=alg)
    key = store.unlock(PASSPHRASE)
    assert key.kid == info.kid and key.alg is alg
    assert store.public_key(info.kid).verify(key.sign(b"m"), b"m")


def test_passphrase_is_compared_after_nfc(store: KeyStore) -> None:
    store.generate("Café-passphrase")  # é precomposed
    assert store.unlock("Cafe\u0301-passphrase").kid == store.list_keys()[0].kid


def test_wrong_passphrase_is_one_clear_slow_error(store: KeyStore) -> None:
    info = store.generate(PASSPHRASE)
    started = time.monotonic()
    with pytest.raises(WrongPassphrase) as caught:
        store.unlock("not-the-passphrase", failure_delay=0.3)
    assert time.monotonic() - started >= 0.3
    message = str(caught.value)
    assert message == f"密钥口令不正确 / wrong key passphrase ({info.kid})"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert isinstance(caught.value, KeyStoreError)


def test_weak_passphrase_refused(store: KeyStore) -> None:
    with pytest.raises(WeakPassphrase, match="10"):
        store.generate("short")
    assert store.list_keys() == []


def test_a_second_generate_is_refused_while_a_key_is_active(store: KeyStore) -> None:
    store.generate(PASSPHRASE)
    with pytest.raises(KeyNotUsable, match="轮换"):
        store.generate(PASSPHRASE)


def test_rotate_retires_the_old_key_which_still_verifies(store: KeyStore) -> None:
    old = store.generate(PASSPHRASE, alg=Alg.ED25519, now=T0)
    old_sig = store.unlock(PASSPHRASE).sign(b"2026 batch")
    new = store.rotate(PASSPHRASE + "!", alg=Alg.SM2_SM3, now=T1)
    assert new.alg is Alg.SM2_SM3 and store.active() == new
    retired = store.info(old.kid)
    assert retired.status is KeyStatus.RETIRED and retired.retired == T1
    assert store.public_key(old.kid).verify(old_sig, b"2026 batch")
    assert store.resolve(old.kid) is not None
    with pytest.raises(KeyNotUsable, match="已退役"):
        store.unlock(PASSPHRASE, old.kid)
    assert store.unlock(PASSPHRASE + "!").kid == new.kid
    assert [k.kid for k in store.list_keys()] == [old.kid, new.kid]


def test_rotate_keeps_the_algorithm_by_default(store: KeyStore) -> None:
    store.generate(PASSPHRASE, alg=Alg.SM2_SM3)
    assert store.rotate(PASSPHRASE).alg is Alg.SM2_SM3
    with pytest.raises(KeyNotFound):
        KeyStore(store.directory.parent / "empty", cost=CHEAP).rotate(PASSPHRASE)


def test_revoke(store: KeyStore) -> None:
    info = store.generate(PASSPHRASE)
    revoked = store.revoke(info.kid, reason=" 笔记本电脑丢失 ", now=T1)
    assert revoked.status is KeyStatus.REVOKED and revoked.revoke_reason == "笔记本电脑丢失"
    assert store.info(info.kid) == revoked and store.active() is None
    with pytest.raises(KeyNotUsable, match="已吊销"):
        store.unlock(PASSPHRASE, info.kid)
    with pytest.raises(KeyNotUsable):
        store.revoke(info.kid, reason="again")
    trusted = store.resolve(info.kid)
    assert trusted is not None and trusted.status is KeyStatus.REVOKED
    store.generate(PASSPHRASE)  # a new key after a revocation is a fresh start


def test_export_public(store: KeyStore, alg: Alg) -> None:
    info = store.generate(PASSPHRASE, alg=alg)
    export = store.export_public()
    assert export.kid == info.kid and export.fingerprint == info.fingerprint
    assert export.pem.startswith(b"-----BEGIN PUBLIC KEY-----\n")
    assert b"PRIVATE" not in export.pem


def test_missing_and_invalid_kids(store: KeyStore) -> None:
    with pytest.raises(KeyNotFound):
        store.unlock(PASSPHRASE)
    with pytest.raises(KeyNotFound):
        store.info("ed25519-0000000000000000")
    with pytest.raises(KeyNotFound, match="无效"):
        store.info("../../etc/passwd")
    assert store.resolve("ed25519-0000000000000000") is None


def test_swapped_public_key_file_is_detected(store: KeyStore) -> None:
    info = store.generate(PASSPHRASE)
    (store.directory / f"{info.kid}.pub.pem").write_bytes(generate().public.pem)
    with pytest.raises(KeyFileDamaged):
        store.public_key(info.kid)


def test_swapped_private_key_file_is_detected(store: KeyStore, tmp_path: Path) -> None:
    info = store.generate(PASSPHRASE)
    other = KeyStore(tmp_path / "other", cost=CHEAP)
    stranger = other.generate(PASSPHRASE)
    src = other.directory / f"{stranger.kid}.key.pem"
    shutil.copy(src, store.directory / f"{info.kid}.key.pem")
    with pytest.raises(KeyFileDamaged, match="不符"):
        store.unlock(PASSPHRASE)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],
        lambda b: b.replace(b"PRIVATE KEY", b"PUBLIC KEY"),
        lambda b: b"\xff" + b,
    ],
)
def test_damaged_private_key_files(store: KeyStore, damage: object) -> None:
    info = store.generate(PASSPHRASE)
    path = store.directory / f"{info.kid}.key.pem"
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises((KeyFileDamaged, WrongPassphrase)):
        store.unlock(PASSPHRASE, failure_delay=0)


def test_damaged_metadata(store: KeyStore) -> None:
    info = store.generate(PASSPHRASE)
    (store.directory / f"{info.kid}.json").write_bytes(b'{"v":1}')
    with pytest.raises(KeyFileDamaged):
        store.list_keys()


# --- the PKCS#8 envelope itself ----------------------------------------------------------


@pytest.mark.parametrize(
    ("alg", "cipher"),
    [(Alg.ED25519, pkcs8.KeyCipher.AES256_CBC), (Alg.SM2_SM3, pkcs8.KeyCipher.SM4_CBC)],
)
def test_envelope_is_pbes2_scrypt_and_round_trips(alg: Alg, cipher: pkcs8.KeyCipher) -> None:
    key = generate(alg)
    pem = pkcs8.encrypt(key.pkcs8_der(), b"pass phrase", cipher=cipher, cost=CHEAP)
    info = base64.b64decode(b"".join(pem.splitlines()[1:-1]))
    assert der.oid("1.2.840.113549.1.5.13") in info  # PBES2
    assert der.oid("1.3.6.1.4.1.11591.4.11") in info  # scrypt
    assert der.oid(cipher.value) in info
    assert key.pkcs8_der() not in info
    assert pkcs8.decrypt(pem, b"pass phrase") == key.pkcs8_der()
    with pytest.raises(WrongPassphrase):
        pkcs8.decrypt(pem, b"pass phrasf")


def test_default_scrypt_cost_is_the_strong_one() -> None:
    assert (pkcs8.DEFAULT_COST.n, pkcs8.DEFAULT_COST.r, pkcs8.DEFAULT_COST.p) == (2**17, 8, 1)


@pytest.mark.parametrize(
    ("field", "value"),
    [(der.integer(CHEAP.n), der.integer(0x3000)), (der.integer(CHEAP.r), der.integer(0x7F))],
    ids=["n not a power of two", "r too large"],
)
def test_envelope_refuses_an_absurd_cost(field: bytes, value: bytes) -> None:
    key = generate()
    pem = pkcs8.encrypt(key.pkcs8_der(), b"pw", cipher=pkcs8.KeyCipher.AES256_CBC, cost=CHEAP)
    info = base64.b64decode(b"".join(pem.splitlines()[1:-1]))
    assert len(field) == len(value) and field in info
    doctored = info.replace(field, value, 1)
    body = base64.b64encode(doctored).decode()
    bad = f"-----BEGIN ENCRYPTED PRIVATE KEY-----\n{body}\n-----END ENCRYPTED PRIVATE KEY-----\n"
    with pytest.raises(KeyFileDamaged, match="scrypt"):
        pkcs8.decrypt(bad.encode(), b"pw")


OPENSSL = shutil.which("openssl")


@pytest.mark.skipif(OPENSSL is None, reason="no openssl command")
@pytest.mark.parametrize("alg", list(Alg), ids=lambda a: a.value)
def test_openssl_opens_the_key_file(alg: Alg, tmp_path: Path) -> None:
    """The envelope is standard PKCS#8: another tool can recover the key, given the
    passphrase (OpenSSL caps scrypt at 32 MiB, hence the cheap cost here)."""
    assert OPENSSL is not None
    store = KeyStore(tmp_path / "keys", cost=CHEAP)
    info = store.generate(PASSPHRASE, alg=alg)
    cmd = [OPENSSL, "pkey", "-in", f"{info.kid}.key.pem", "-pubout", "-passin", "stdin"]
    done = subprocess.run(
        cmd, cwd=store.directory, input=PASSPHRASE.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == store.public_key(info.kid).pem
    wrong = subprocess.run(
        cmd, cwd=store.directory, input=b"wrong passphrase", capture_output=True, check=False
    )
    assert wrong.returncode != 0
