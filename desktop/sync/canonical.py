"""Canonical JSON of the wire format: RFC 8785 (JCS) and the record-to-wire mapping.

Two layers, kept apart on purpose:

* `jcs(value)` is RFC 8785 itself over values that already are JSON (str, int, bool,
  None, list, dict with str keys). Like the RFC it leaves strings as they are.
* `to_wire(value)` / `record_to_wire(record)` decide what the wire holds: strings NFC,
  dates and datetimes as ISO text, `Decimal` as a JSON string, enums and UUIDs as text.
  Floats never enter: a float is refused, since a JCS number is an IEEE double and
  "2.1" would come out as whatever the double says.

Integers outside ±(2**53 − 1) are refused too (I-JSON, RFC 7493): a receiver that reads
numbers as doubles would silently change them.

The typed records of desktop/domain/records.py are mapped to the wire in records_wire.py.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from desktop.sync.errors import WireFormatError

WireValue = None | bool | int | str | list["WireValue"] | dict[str, "WireValue"]

MAX_SAFE_INTEGER = 2**53 - 1

# ensure_ascii=False: JCS writes every character as itself except '"', '\\' and the
# controls below U+0020; json escapes exactly those (\b \f \n \r \t short, the rest as
# lower-case \u00XX, as ES6 JSON.stringify does).
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
)
_encode = _ENCODER.encode


def utf16_key(text: str) -> bytes:
    # RFC 8785 §3.2.3 sorts property names by UTF-16 code units; UTF-16BE bytes compare
    # the same way (code-point order differs for U+E000–U+FFFF against astral characters).
    return text.encode("utf-16-be", "surrogatepass")


def jcs(value: object) -> bytes:
    """RFC 8785 bytes of a JSON value (see the module note for what is refused)."""
    try:
        return _encode(_sorted(value, "$")).encode("utf-8")
    except UnicodeEncodeError:
        raise WireFormatError("文本含有孤立的代理字符 / lone surrogate in a string") from None


def _sorted(value: object, where: str) -> object:
    if value is None or value is True or value is False or type(value) is str:
        return value
    if type(value) is int:
        check_int(value, where)
        return value
    if type(value) is dict:
        for key in value:
            if type(key) is not str:
                raise WireFormatError(f"对象的键必须是文本 / object key must be text at {where}")
        return {k: _sorted(value[k], f"{where}.{k}") for k in sorted(value, key=utf16_key)}
    if type(value) is list:
        return [_sorted(v, f"{where}[{i}]") for i, v in enumerate(value)]
    raise refuse(value, where)


def check_int(value: int, where: str) -> None:
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise WireFormatError(f"整数超出可安全表示的范围 / integer beyond ±(2**53−1) at {where}")


def refuse(value: object, where: str) -> WireFormatError:
    if isinstance(value, float):
        return WireFormatError(
            f"报送格式中不允许浮点数（{where}），请使用 Decimal / float not allowed in the wire "
            f"format at {where}"
        )
    return WireFormatError(
        f"报送格式不支持此类型：{type(value).__name__}（{where}） / "
        f"unsupported type {type(value).__name__} at {where}"
    )


# --- Python values -> wire values --------------------------------------------------------


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def decimal_text(value: Decimal) -> str:
    """One text per value: 4 -> "4", 2.50 -> "2.5", 1E+1 -> "10" (never an exponent)."""
    if not value.is_finite():
        raise WireFormatError(f"不是有限的数：{value} / not a finite number")
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def datetime_text(value: datetime) -> str:
    """UTC with a Z; a naive datetime is refused since its instant is unknown."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise WireFormatError("时间必须带时区 / datetime must be timezone-aware")
    utc = value.astimezone(UTC)
    spec = "seconds" if utc.microsecond == 0 else "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def to_wire(value: object, where: str = "$") -> WireValue:
    """A Python value in wire shape (the module note says how each type is written)."""
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        text = value if type(value) is str else str.__str__(value)
        return nfc(text)
    if isinstance(value, Enum):
        return to_wire(value.value, where)
    if isinstance(value, int):
        check_int(value, where)
        return int(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        out: dict[str, WireValue] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise WireFormatError(f"对象的键必须是文本 / object key must be text at {where}")
            key = nfc(k)
            if key in out:
                raise WireFormatError(
                    f"规范化后键重复：{key}（{where}） / duplicate key after NFC at {where}"
                )
            out[key] = to_wire(v, f"{where}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return [to_wire(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_wire({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, where)
    raise refuse(value, where)


def canonical_bytes(value: object) -> bytes:
    """`to_wire` then `jcs`: the bytes that are hashed and signed."""
    return jcs(to_wire(value))


# --- reading JSON back strictly ----------------------------------------------------------


def _no_float(text: str) -> object:
    raise WireFormatError(f"报送格式中不允许浮点数：{text[:20]} / float in the wire format")


def _no_constant(text: str) -> object:
    raise WireFormatError(f"非法的 JSON 常量：{text} / invalid JSON constant")


def _unique_pairs(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise WireFormatError(f"JSON 对象中键重复：{key} / duplicate key {key}")
        out[key] = value
    return out


def loads_strict(data: bytes) -> Any:
    """Parse wire JSON: UTF-8 only, no BOM, no duplicate keys, no floats, no NaN."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise WireFormatError("不是 UTF-8 文本 / not UTF-8") from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_unique_pairs,
            parse_float=_no_float,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise WireFormatError(
            f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列） / malformed JSON"
        ) from None
    except RecursionError:
        raise WireFormatError("JSON 嵌套过深 / JSON nested too deeply") from None
    return value


def is_canonical(data: bytes) -> bool:
    """Whether `data` is exactly the JCS form of the JSON it holds."""
    try:
        return jcs(loads_strict(data)) == data
    except WireFormatError:
        return False


def chunk_lines(chunk: bytes) -> list[bytes]:
    """The records of a chunk: every record line ends with a newline."""
    if not chunk:
        return []
    if not chunk.endswith(b"\n"):
        raise WireFormatError("数据块未以换行结束 / chunk does not end with a newline")
    return chunk[:-1].split(b"\n")
