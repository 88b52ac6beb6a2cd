"""Just enough HTTP/1.1 to find where each message ends on a keep-alive connection.

The fault proxy must cut a conversation at an exact request or response, so it has to know
message boundaries: a head ends at the blank line; a body is framed by Content-Length, by
chunked transfer coding, or (responses only) by the server closing the connection. Raw
bytes are kept as received so that a message passed through is byte-for-byte the same.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from http import HTTPStatus

MAX_HEAD = 64 * 1024  # uvicorn's own limit is lower; a longer head is a broken peer


class ProtocolError(Exception):
    """The peer sent something that is not HTTP/1.1 or stopped mid-message."""


class Reader:
    """Buffered reads from one socket; bytes past the current message stay for the next."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()

    def _fill(self) -> bool:
        data = self.sock.recv(65536)
        self.buf += data
        return bool(data)

    def head(self) -> bytes | None:
        """The next head up to and including its blank line; None on a clean EOF between
        messages (the peer closed an idle keep-alive connection)."""
        while (end := self.buf.find(b"\r\n\r\n")) < 0:
            if len(self.buf) > MAX_HEAD:
                raise ProtocolError("head too long")
            if not self._fill():
                if self.buf:
                    raise ProtocolError("connection closed mid-head")
                return None
        out = bytes(self.buf[: end + 4])
        del self.buf[: end + 4]
        return out

    def exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            if not self._fill():
                raise ProtocolError(f"connection closed after {len(self.buf)} of {n} bytes")
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def upto(self, n: int) -> bytes:
        """At most n bytes, fewer if the peer closes first (a partial read on purpose)."""
        while len(self.buf) < n and self._fill():
            pass
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def line(self) -> bytes:
        while (end := self.buf.find(b"\r\n")) < 0:
            if len(self.buf) > MAX_HEAD:
                raise ProtocolError("line too long")
            if not self._fill():
                raise ProtocolError("connection closed mid-line")
        out = bytes(self.buf[: end + 2])
        del self.buf[: end + 2]
        return out

    def rest(self) -> bytes:
        while self._fill():
            pass
        out = bytes(self.buf)
        self.buf.clear()
        return out


@dataclass(frozen=True)
class Head:
    """A request or status line and its headers, with the bytes they came in."""

    start: str
    headers: tuple[tuple[str, str], ...]
    raw: bytes

    def get(self, name: str) -> str | None:
        lname = name.lower()
        return next((v for k, v in self.headers if k.lower() == lname), None)

    def has_token(self, name: str, token: str) -> bool:
        """Whether a comma-separated header (Connection, Transfer-Encoding) lists token."""
        value = self.get(name) or ""
        return token in (t.strip().lower() for t in value.split(","))

    @property
    def method(self) -> str:
        return self.start.split(" ", 1)[0]

    @property
    def target(self) -> str:
        parts = self.start.split(" ")
        return parts[1] if len(parts) > 1 else ""

    @property
    def version(self) -> str:
        first = self.start.split(" ", 1)[0]
        return first if first.startswith("HTTP/") else self.start.rsplit(" ", 1)[-1]

    @property
    def status(self) -> int:
        try:
            return int(self.start.split(" ")[1])
        except (IndexError, ValueError):
            raise ProtocolError(f"bad status line {self.start!r}") from None

    def keep_alive(self) -> bool:
        if self.has_token("Connection", "close"):
            return False
        return self.version != "HTTP/1.0" or self.has_token("Connection", "keep-alive")


def parse_head(raw: bytes) -> Head:
    lines = raw.decode("latin-1").split("\r\n")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise ProtocolError(f"bad header line {line!r}")
        headers.append((name.strip(), value.strip()))
    return Head(lines[0], tuple(headers), raw)


@dataclass(frozen=True)
class Body:
    raw: bytes  # as framed on the wire (chunk sizes included)
    data: bytes  # the payload
    close_delimited: bool = False


def _content_length(head: Head) -> int | None:
    value = head.get("Content-Length")
    if value is None:
        return None
    if not value.isdigit():
        raise ProtocolError(f"bad Content-Length {value!r}")
    return int(value)


def _chunked(reader: Reader) -> Body:
    raw = bytearray()
    data = bytearray()
    while True:
        line = reader.line()
        raw += line
        size_text = line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise ProtocolError(f"bad chunk size {size_text!r}") from None
        if size == 0:
            while (trailer := reader.line()) != b"\r\n":  # trailers, then the blank line
                raw += trailer
            raw += b"\r\n"
            return Body(bytes(raw), bytes(data))
        chunk = reader.exact(size + 2)
        raw += chunk
        data += chunk[:-2]


def read_request_body(reader: Reader, head: Head) -> Body:
    if head.has_token("Transfer-Encoding", "chunked"):
        return _chunked(reader)
    data = reader.exact(_content_length(head) or 0)
    return Body(data, data)


def read_response_body(reader: Reader, head: Head, request_method: str) -> Body:
    status = head.status
    if request_method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return Body(b"", b"")
    if head.has_token("Transfer-Encoding", "chunked"):
        return _chunked(reader)
    length = _content_length(head)
    if length is not None:
        data = reader.exact(length)
        return Body(data, data)
    data = reader.rest()  # no framing: the body ends when the server closes
    return Body(data, data, close_delimited=True)


def request_body_length(head: Head) -> int | None:
    """The announced request body size; None when chunked (size unknown up front)."""
    if head.has_token("Transfer-Encoding", "chunked"):
        return None
    return _content_length(head) or 0


def build(start: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    """A whole message framed by Content-Length (any Transfer-Encoding dropped)."""
    kept = [(k, v) for k, v in headers if k.lower() not in ("content-length", "transfer-encoding")]
    kept.append(("Content-Length", str(len(body))))
    lines = [start, *(f"{k}: {v}" for k, v in kept), "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def response(
    status: int, headers: list[tuple[str, str]], body: bytes, *, close: bool = False
) -> bytes:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Fault"
    if close:
        headers = [*(h for h in headers if h[0].lower() != "connection"), ("Connection", "close")]
    return build(f"HTTP/1.1 {status} {reason}", headers, body)
