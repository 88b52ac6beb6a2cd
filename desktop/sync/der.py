"""Just enough DER for PKCS#8 envelopes and SubjectPublicKeyInfo (X.690).

Only definite, minimal lengths are read; anything else is refused, so a key file that
was edited by hand or cut short fails cleanly instead of being half understood.
"""

from __future__ import annotations

SEQUENCE = 0x30
INTEGER = 0x02
OCTET_STRING = 0x04
BIT_STRING = 0x03
NULL = 0x05
OID = 0x06


class DerError(ValueError):
    pass


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, value: bytes) -> bytes:
    return bytes([tag]) + _length(len(value)) + value


def seq(*items: bytes) -> bytes:
    return tlv(SEQUENCE, b"".join(items))


def integer(n: int) -> bytes:
    if n < 0:
        raise DerError("negative integers are not used here")
    return tlv(INTEGER, n.to_bytes(n.bit_length() // 8 + 1, "big"))


def octets(data: bytes) -> bytes:
    return tlv(OCTET_STRING, data)


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        rest = part >> 7
        while rest:
            chunk.append(0x80 | (rest & 0x7F))
            rest >>= 7
        body.extend(reversed(chunk))
    return tlv(OID, bytes(body))


def read(data: bytes, pos: int = 0) -> tuple[int, bytes, int]:
    """(tag, value, position after) of the element at `pos`."""
    if pos + 2 > len(data):
        raise DerError("truncated")
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[pos : pos + count], "big")
        if length < 0x80 or data[pos] == 0:
            raise DerError("non-minimal length")
        pos += count
    end = pos + length
    if end > len(data):
        raise DerError("truncated")
    return tag, data[pos:end], end


def read_all(data: bytes, tag: int) -> bytes:
    """The value of one element that must fill `data` exactly."""
    got, value, end = read(data)
    if got != tag or end != len(data):
        raise DerError(f"expected tag {tag:#x} filling the input")
    return value


def items(value: bytes) -> list[tuple[int, bytes]]:
    """The (tag, value) elements inside a constructed value."""
    out = []
    pos = 0
    while pos < len(value):
        tag, inner, pos = read(value, pos)
        out.append((tag, inner))
    return out


def read_oid(value: bytes) -> str:
    if not value or value[-1] & 0x80:
        raise DerError("bad OID")
    parts = [value[0] // 40, value[0] % 40] if value[0] < 80 else [2, value[0] - 80]
    n = 0
    for byte in value[1:]:
        n = (n << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(n)
            n = 0
    return ".".join(map(str, parts))


def read_int(value: bytes) -> int:
    if not value or value[0] & 0x80:
        raise DerError("bad or negative INTEGER")
    return int.from_bytes(value, "big")
