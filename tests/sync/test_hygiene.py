"""Secret hygiene: after a full generate / sign / package cycle with DEBUG logging, no
passphrase and no private key byte is in a log, an exception, a crash report, a file the
run left (key directory, temporary files) or the package."""

from __future__ import annotations

import base64
import logging
import tempfile
import traceback
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ed25519

from desktop.crash import report_crash
from desktop.sync import pkcs8, sm2
from desktop.sync.algorithms import Alg
from desktop.sync.errors import SyncError, WeakPassphrase, WrongPassphrase
from desktop.sync.keys import KeyStore
from desktop.sync.package import export_package, import_package, verify_package
from desktop.sync.signing import sign_batch
from tests.sync.conftest import CHEAP, PASSPHRASE, meta, records

SECOND = "第二把钥匙的口令-Rotation#7"
WEAK = "tiny-pw"


def _private_forms(store: KeyStore, kid: str, passphrase: str, alg: Alg) -> list[bytes]:
    """Every spelling of the private key a leak could take."""
    sealed = (store.directory / f"{kid}.key.pem").read_bytes()
    plain = pkcs8.decrypt(sealed, passphrase.encode())
    if alg is Alg.ED25519:
        key = ser.load_der_private_key(plain, password=None)
        assert isinstance(key, ed25519.Ed25519PrivateKey)
        raw = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    else:
        raw = sm2.load_pkcs8_der(plain).private_numbers().private_value.to_bytes(32, "big")
    forms = [raw, plain, raw.hex().encode(), raw.hex().upper().encode()]
    forms += [base64.b64encode(raw)[:40], base64.b64encode(plain)[:40]]
    forms.append(str(int.from_bytes(raw, "big")).encode())
    return forms


def _files(root: Path) -> list[tuple[str, bytes]]:
    out = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out.append((str(path), data))
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as zf:
                    out += [(f"{path}!{n}", zf.read(n)) for n in zf.namelist()]
    return out


@pytest.mark.parametrize("alg", list(Alg), ids=lambda a: a.value)
def test_no_secret_leaks_anywhere(
    alg: Alg, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    caplog.set_level(logging.DEBUG)
    store = KeyStore(tmp_path / "keys", cost=CHEAP)
    errors: list[BaseException] = []

    info = store.generate(PASSPHRASE, alg=alg)
    for attempt in ("wrong " + PASSPHRASE, PASSPHRASE[:-1], PASSPHRASE + " "):
        with pytest.raises(WrongPassphrase) as caught:
            store.unlock(attempt, failure_delay=0)
        errors.append(caught.value)
    with pytest.raises(WeakPassphrase) as weak:
        store.rotate(WEAK)
    errors.append(weak.value)
    key = store.unlock(PASSPHRASE)
    batch = sign_batch(records(30), key=key, meta=meta(), photos={"a.jpg": b"\xff\xd8x"})
    path = export_package(batch, tmp_path / "out.regpkg")
    assert verify_package(path, trusted=store.resolve).ok
    import_package(path)
    second = store.rotate(SECOND)
    store.revoke(info.kid, reason="test")
    with pytest.raises(SyncError) as revoked:
        store.unlock(PASSPHRASE, info.kid)
    errors.append(revoked.value)
    crash = report_crash(errors[0], folder=tmp_path / "crash")

    secrets = [p.encode() for p in (PASSPHRASE, SECOND, WEAK)]
    secrets += [p.encode("utf-16-le") for p in (PASSPHRASE, SECOND)]
    secrets += _private_forms(store, info.kid, PASSPHRASE, alg)
    secrets += _private_forms(store, second.kid, SECOND, alg)

    texts = [caplog.text, *(str(r.args) for r in caplog.records)]
    texts += ["".join(traceback.format_exception(e)) + repr(e) for e in errors]
    texts += [repr(key), repr(batch), repr(store), crash.read_text()]
    haystacks = [(f"text {i}", t.encode()) for i, t in enumerate(texts)]
    haystacks += _files(tmp_path)
    assert any(name.endswith(".key.pem") for name, _ in haystacks)
    assert any("!chunks/" in name for name, _ in haystacks)
    assert "wrong passphrase" in caplog.text  # the run really logged the failures
    for name, data in haystacks:
        for secret in secrets:
            assert secret not in data, f"secret found in {name}"
