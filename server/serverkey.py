"""The server's own Ed25519 key, which signs receipts: generated once, kept in a file.

The file is unencrypted PKCS#8 PEM, 0600: the server must start unattended, so the
protection is the file's permissions (a production deployment would use an HSM).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from desktop.sync.algorithms import Alg, SigningKey, generate

_BEGIN, _END = "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"


def load_or_create(path: Path) -> SigningKey:
    if path.exists():
        text = path.read_text("ascii").strip().splitlines()
        if len(text) < 3 or text[0] != _BEGIN or text[-1] != _END:
            raise ValueError(f"服务器密钥文件格式错误：{path}")
        return SigningKey.from_pkcs8_der(Alg.ED25519, base64.b64decode("".join(text[1:-1])))
    key = generate(Alg.ED25519)
    body = base64.b64encode(key.pkcs8_der()).decode("ascii")
    pem = f"{_BEGIN}\n{body}\n{_END}\n".encode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return key
