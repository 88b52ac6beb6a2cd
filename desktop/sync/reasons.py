"""Why a signed batch or a package is refused: one stable code per cause, with words.

The code (`Reason`) is what scripts and the server compare; the message names the
entry, chunk or field concerned, Chinese first. Nothing in it is secret.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.sync.errors import SyncError


class Reason(StrEnum):
    UNREADABLE = "unreadable"
    ENTRY_DAMAGED = "entry-damaged"
    UNSAFE_ENTRY = "unsafe-entry"
    UNEXPECTED_ENTRY = "unexpected-entry"
    MISSING_ENTRY = "missing-entry"
    TOO_LARGE = "too-large"
    MANIFEST_INVALID = "manifest-invalid"
    MANIFEST_NOT_CANONICAL = "manifest-not-canonical"
    ENVELOPE_INVALID = "envelope-invalid"
    ALG_NONE = "alg-none"
    ALG_UNKNOWN = "alg-unknown"
    ALG_MISMATCH = "alg-mismatch"
    KID_MISMATCH = "kid-mismatch"
    KEY_INVALID = "key-invalid"
    KEY_UNKNOWN = "key-unknown"
    KEY_NOT_TRUSTED = "key-not-trusted"
    KEY_REVOKED = "key-revoked"
    SIGNATURE_INVALID = "signature-invalid"
    CHUNK_SIZE = "chunk-size"
    CHUNK_DIGEST = "chunk-digest"
    RECORD_COUNT = "record-count"
    RECORD_INVALID = "record-invalid"
    PHOTO_SIZE = "photo-size"
    PHOTO_DIGEST = "photo-digest"


_WORDS: dict[Reason, tuple[str, str]] = {
    Reason.UNREADABLE: ("不是完整的报送包（文件损坏或被截断）", "not a complete package"),
    Reason.ENTRY_DAMAGED: ("报送包中的文件已损坏", "a file inside the package is damaged"),
    Reason.UNSAFE_ENTRY: ("报送包含有不安全的文件名或格式", "unsafe entry in the package"),
    Reason.UNEXPECTED_ENTRY: ("报送包含有清单之外的文件", "file not listed in the manifest"),
    Reason.MISSING_ENTRY: ("报送包缺少文件", "file missing from the package"),
    Reason.TOO_LARGE: ("报送包超出大小限制", "package exceeds a size limit"),
    Reason.MANIFEST_INVALID: ("清单格式错误", "malformed manifest"),
    Reason.MANIFEST_NOT_CANONICAL: ("清单不是规范 JSON，可能被改动", "manifest not in JCS form"),
    Reason.ENVELOPE_INVALID: ("签名文件格式错误", "malformed signature envelope"),
    Reason.ALG_NONE: ("未签名（算法为 none）", "unsigned (alg none)"),
    Reason.ALG_UNKNOWN: ("不支持的签名算法", "unknown signature algorithm"),
    Reason.ALG_MISMATCH: ("签名算法前后不一致", "algorithm mismatch"),
    Reason.KID_MISMATCH: ("密钥编号不一致", "key id mismatch"),
    Reason.KEY_INVALID: ("公钥无法读取", "unreadable public key"),
    Reason.KEY_UNKNOWN: ("未登记的密钥", "key not registered"),
    Reason.KEY_NOT_TRUSTED: ("公钥与登记的不同", "public key differs from the registered one"),
    Reason.KEY_REVOKED: ("密钥已吊销", "key revoked"),
    Reason.SIGNATURE_INVALID: ("签名无效：清单被改动或不是此密钥所签", "invalid signature"),
    Reason.CHUNK_SIZE: ("数据块长度与清单不符", "chunk size differs from the manifest"),
    Reason.CHUNK_DIGEST: ("数据块摘要与清单不符：数据被改动或替换", "chunk digest mismatch"),
    Reason.RECORD_COUNT: ("记录条数与清单不符", "record count differs from the manifest"),
    Reason.RECORD_INVALID: ("记录不是规范的报送格式", "record not in wire form"),
    Reason.PHOTO_SIZE: ("照片长度与清单不符", "photo size differs from the manifest"),
    Reason.PHOTO_DIGEST: ("照片摘要与清单不符", "photo digest mismatch"),
}  # fmt: skip


class Rejected(SyncError):
    """A signed batch or package that must not be trusted, and why."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        zh, en = _WORDS[reason]
        text = f"{zh}（{detail}） / {en} ({detail})" if detail else f"{zh} / {en}"
        super().__init__(text)
        self.reason = reason
        self.detail = detail
