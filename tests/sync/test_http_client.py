"""The HTTP client's policies: back-off with full jitter under Retry-After, https only
(but for this PC), and TLS always verified — against a real TLS server whose CA the
client is given, or not."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.sync.errors import SyncError
from desktop.sync.http import ApiClient, Endpoint, RetryPolicy, retry_after
from server import create_app
from server.serverkey import load_or_create


def test_full_jitter_stays_under_the_cap_and_honours_retry_after() -> None:
    policy = RetryPolicy(base=0.5, cap=4.0)
    assert policy.wait(0, None, lambda: 0.999) < 0.5
    assert policy.wait(10, None, lambda: 0.999) < 4.0
    assert policy.wait(3, None, lambda: 0.0) == 0.0  # full jitter: anywhere from zero
    assert policy.wait(0, 7.0, lambda: 0.5) == 7.0  # never sooner than the server asked
    assert policy.wait(0, 9999.0, lambda: 0.5) == policy.max_retry_after


def test_retry_after_as_seconds_or_http_date() -> None:
    now = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
    assert retry_after("120") == 120.0
    assert retry_after("Sun, 29 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("Sun, 29 Nov 2026 11:00:00 GMT", now) == 0.0
    assert retry_after("soon") is None and retry_after(None) is None


@pytest.mark.parametrize(
    "url", ["http://registry.example.cn", "ftp://127.0.0.1", "http://10.0.0.5:8765"]
)
def test_plain_http_is_only_for_this_pc(url: str) -> None:
    with pytest.raises(SyncError, match="https"):
        Endpoint(url)
    Endpoint("http://127.0.0.1:8765")
    Endpoint("https://registry.example.cn")


def _tls_files(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for 127.0.0.1 signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "测试 CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )  # fmt: skip
    return paths


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ca, cert, key = _tls_files(tmp_path)
    app = create_app(f"sqlite:///{tmp_path / 'c.db'}", load_or_create(tmp_path / "k"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off",
                       ssl_certfile=str(cert), ssl_keyfile=str(key))
    )  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    yield f"https://127.0.0.1:{port}", ca
    server.should_exit = True
    thread.join(10)


def test_tls_is_verified_against_the_configured_ca(tls_server: tuple[str, Path]) -> None:
    url, ca = tls_server
    with ApiClient(Endpoint(url, ca_file=str(ca))) as client:
        assert client.call("GET", "/server-key", auth=False).json()["alg"]
    # Without the office's CA the same server is not trusted, and no retry hides it.
    with ApiClient(Endpoint(url)) as client, pytest.raises(SyncError, match="证书"):
        client.call("GET", "/server-key", auth=False)
