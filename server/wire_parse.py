"""Reading a chunk's lines as `loads_strict` does, without its cost at a million lines.

`loads_strict` is json with a Python hook per object (duplicate keys) and per float. Two
faster readings are tried first; each only ever yields values `loads_strict` would yield
for the same line, and every line they cannot vouch for goes to `loads_strict` itself.

* `whole_chunk`: one `json.loads` for the whole chunk, each line wrapped in its own
  array. It is only tried when the chunk holds no bracket and no backslash, which is
  what makes it sound: every bracket in the wrapped text is one we put there, so when
  the result has one array per line and each array one object, each line is exactly
  one object (a string running across a line break would have swallowed brackets).
  What json accepts and `loads_strict` refuses inside such a line — a duplicate key, a
  float, NaN — is left to the caller: floats and constants only ever sit in values the
  record checks refuse, and `quotes_expected` tells a duplicate key by counting quotes
  (without backslashes every `"` opens or closes a string, and a duplicate pair adds a
  key that the parsed object no longer has).
* `parse_chunk`: json's C scanner per line with floats and NaN refused, then the values
  re-encoded (sorted keys, no spaces, characters as themselves) and compared with the
  text. A line equal to the encoding of a dict cannot hide a duplicate key, so its plain
  parse is what `loads_strict` returns. Lines our client writes (JCS over ASCII field
  names) always compare equal; any other line goes to `loads_strict`.
"""

from __future__ import annotations

import json
import operator
from typing import Any

from desktop.sync.canonical import loads_strict
from desktop.sync.errors import WireFormatError

Wire = dict[str, Any]


class _NotPlain(Exception):
    """A float or a NaN/Infinity constant: left to `loads_strict`, which names it."""


def _not_plain(_text: str) -> object:
    raise _NotPlain


_first = operator.itemgetter(0)
_scan = json.JSONDecoder(parse_float=_not_plain, parse_constant=_not_plain).raw_decode
_encode = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, check_circular=False
).encode


def whole_chunk(text: str, lines: int) -> list[Wire] | None:
    """The objects of a chunk's `lines` lines (`text` ends with a newline), read at once;
    None when the chunk does not qualify (see the module note)."""
    body = text[:-1]
    if "[" in body or "]" in body or "\\" in body:
        return None
    try:
        outer = json.loads("[[" + body.replace("\n", "],[") + "]]")
    except (ValueError, RecursionError):
        return None
    if len(outer) != lines or set(map(len, outer)) != {1}:
        return None
    objects = list(map(_first, outer))
    return objects if set(map(type, objects)) == {dict} else None


def quotes_expected(keys: int, text_values: int) -> int:
    """The `"` in a chunk read by `whole_chunk` whose objects hold `keys` keys and
    `text_values` text values (none nested) when no line repeats a key. Each line holds
    at least its object's count: a repeated key adds its own two, and whatever its
    overridden value held; so equal totals mean no line repeats a key."""
    return 2 * (keys + text_values)


def _plain(text: str) -> Wire | None:
    """The dict a line holds when json reads it without a float, else None."""
    try:
        value, end = _scan(text)
    except (ValueError, _NotPlain, RecursionError):
        return None
    return value if end == len(text) and type(value) is dict else None


def canonical_line(text: str) -> Wire | None:
    """The dict a line holds when the line is its re-encoding (see the module note)."""
    value = _plain(text)
    return value if value is not None and _encode(value) == text else None


def reference(line: bytes) -> Wire | str:
    """`loads_strict`'s reading of a line: its dict, or why it is not a record."""
    try:
        wire = loads_strict(line)
        if not isinstance(wire, dict):
            raise WireFormatError("不是 JSON 对象")
    except (WireFormatError, TypeError) as exc:
        return str(exc)
    return wire


def parse_chunk(lines: list[bytes], text: str | None) -> list[Wire | str]:
    """Each line as `loads_strict` reads it (a dict), or why it is not a record (a str).
    `text` is the chunk decoded, None when it is not UTF-8."""
    if text is None:
        return [reference(line) for line in lines]
    # "\n" never occurs inside a UTF-8 sequence: splitting the decoded chunk gives each
    # line's own decoding.
    texts = text[:-1].split("\n") if lines else []
    values = list(map(_plain, texts))
    # One encoding for the whole chunk. Every value is a dict read from the whole of its
    # line, and a JSON object's text ends where its outermost brace closes; so the
    # comma-joined encodings equal the comma-joined lines only if they are equal one by one.
    if None not in values and _encode(values) == "[" + ",".join(texts) + "]":
        return values  # type: ignore[return-value]
    out: list[Wire | str] = []
    for line, one in zip(lines, texts, strict=True):
        value = canonical_line(one)
        out.append(reference(line) if value is None else value)
    return out
