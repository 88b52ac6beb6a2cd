"""Receipts: the server's signed statement of what became of every record of a batch.

The client keeps the receipt as the school's proof and must verify it with the server's
pinned public key before it marks a batch accepted:

    receipt = verify_receipt(body, pinned_key)   # body: GET …/receipt, parsed JSON

Format `regdesk-receipt/1` (docs/WIRE_FORMAT.md, "Receipts"): the receipt is JCS bytes;
`outcomes` has one character per record in batch order ('a' accepted, 'r' refused) and
`refused` gives, for each refused record, the rules and their Chinese messages.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.sync.algorithms import SigningKey, VerifyKey, parse_alg
from desktop.sync.canonical import jcs, loads_strict
from desktop.sync.errors import SyncError, WireFormatError

FORMAT = "regdesk-receipt/1"
_KEYS = frozenset(
    {"format", "batch", "school", "kind", "manifest_digest", "record_count", "accepted",
     "refused_count", "outcomes", "refused", "issued", "server_kid", "state"}
)  # fmt: skip


class ReceiptInvalid(SyncError):
    """A receipt that must not be trusted (tampered, not the pinned server's, malformed)."""


@dataclass(frozen=True, slots=True)
class Receipt:
    batch: str
    school: str
    kind: str
    state: str  # accepted (every record) / partial / refused (none)
    manifest_digest: str  # SHA-256 hex of the manifest's JCS bytes
    record_count: int
    accepted: int
    outcomes: str
    refused: tuple[Mapping[str, Any], ...]
    issued: str
    server_kid: str
    data: bytes  # the signed JCS bytes, to keep as proof

    def outcome(self, index: int) -> str:
        return "accepted" if self.outcomes[index] == "a" else "refused"


def sign_receipt(content: Mapping[str, Any], key: SigningKey) -> tuple[bytes, bytes]:
    data = jcs(dict(content))
    return data, key.sign(data)


def receipt_body(data: bytes, signature: bytes, key: VerifyKey) -> dict[str, str]:
    """What GET …/receipt returns."""
    return {
        "receipt": base64.b64encode(data).decode("ascii"),
        "signature": base64.b64encode(signature).decode("ascii"),
        "alg": key.alg.value,
        "kid": key.kid,
    }


def verify_receipt(body: Mapping[str, Any], pinned: VerifyKey) -> Receipt:
    """The receipt if `pinned` signed exactly these bytes, else `ReceiptInvalid`."""
    try:
        data = base64.b64decode(str(body["receipt"]), validate=True)
        signature = base64.b64decode(str(body["signature"]), validate=True)
    except (KeyError, TypeError, binascii.Error, ValueError):
        raise ReceiptInvalid("回执格式错误 / malformed receipt") from None
    if parse_alg(body.get("alg")) is not pinned.alg or body.get("kid") != pinned.kid:
        raise ReceiptInvalid("回执不是由已固定的服务器密钥签发 / receipt not from the pinned key")
    if not pinned.verify(signature, data):
        raise ReceiptInvalid("回执签名无效：内容被改动 / receipt signature invalid")
    try:
        wire = loads_strict(data)
    except WireFormatError:
        raise ReceiptInvalid("回执内容无法读取 / unreadable receipt") from None
    if not isinstance(wire, dict) or set(wire) != _KEYS or wire["format"] != FORMAT:
        raise ReceiptInvalid("回执字段不符 / receipt fields")
    if wire["server_kid"] != pinned.kid or len(wire["outcomes"]) != wire["record_count"]:
        raise ReceiptInvalid("回执内容不一致 / receipt inconsistent")
    return Receipt(
        batch=wire["batch"],
        school=wire["school"],
        kind=wire["kind"],
        state=wire["state"],
        manifest_digest=wire["manifest_digest"],
        record_count=wire["record_count"],
        accepted=wire["accepted"],
        outcomes=wire["outcomes"],
        refused=tuple(wire["refused"]),
        issued=wire["issued"],
        server_kid=wire["server_kid"],
        data=data,
    )
