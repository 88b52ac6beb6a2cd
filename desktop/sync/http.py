"""The HTTP client of the central API: one requests Session, timeouts on every call,
TLS verification always on, retries with exponential back-off and full jitter that
honour Retry-After, and the school's challenge/token authentication.

Every operation of the API is idempotent (a submission is keyed by its batch UUID, a
chunk by its index and bytes, a commit returns the same receipt), so any call may be
retried after a timeout or a dropped connection without doubling anything.
"""

from __future__ import annotations

import base64
import email.utils
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from desktop.sync.algorithms import SigningKey
from desktop.sync.errors import SyncError

log = logging.getLogger(__name__)
API = "/api/v1"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class ServerRefused(SyncError):
    """The server answered and said no: `code` is its machine-readable reason."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"中心服务器拒绝（{status} {code}）：{message}")
        self.status = status
        self.code = code
        self.message = message


class AuthRefused(ServerRefused):
    """The school's key could not log in (not registered, revoked, wrong school)."""


class ServerUnreachable(SyncError):
    """No usable answer after every retry (network down, server overloaded)."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    url: str  # the server's base URL, without /api/v1
    ca_file: str | None = None  # an office's own CA; otherwise the system's
    connect_timeout: float = 10.0
    read_timeout: float = 120.0  # a commit of a million records takes a while

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme == "https":
            return
        if parts.scheme == "http" and parts.hostname in _LOOPBACK:
            return  # the reference server on this PC (tests, the demo, staging)
        raise SyncError(f"中心服务器地址必须使用 https：{self.url}")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 8
    base: float = 0.5  # seconds; the n-th wait is uniform in [0, min(cap, base * 2**n)]
    cap: float = 30.0
    max_retry_after: float = 300.0  # a longer Retry-After is cut to this

    def wait(self, attempt: int, retry_after: float | None, rng: Callable[[], float]) -> float:
        jitter = rng() * min(self.cap, self.base * 2.0**attempt)
        if retry_after is None:
            return jitter
        return max(min(retry_after, self.max_retry_after), jitter)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _error(response: requests.Response) -> ServerRefused:
    try:
        body = response.json()
        code, message = str(body["code"]), str(body["message"])
    except (ValueError, KeyError, TypeError):
        code, message = "http-error", response.text[:200] or response.reason
    return ServerRefused(response.status_code, code, message)


class ApiClient:
    def __init__(
        self,
        endpoint: Endpoint,
        retry: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.endpoint = endpoint
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._rng = rng
        self._http = requests.Session()
        # Passed on every request: a Session's own `verify` loses to REQUESTS_CA_BUNDLE
        # in the environment (requests issue #3829), and the office's CA must win.
        self._verify: str | bool = endpoint.ca_file or True
        self._http.headers["User-Agent"] = "RegistrarDesk/1"
        self._key: SigningKey | None = None
        self._school: str | None = None
        self._token: str | None = None
        self._token_until = 0.0
        self.bytes_sent = 0
        self.retries = 0

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def login_with(self, school: str, key: SigningKey) -> None:
        """Authenticate lazily, and again whenever the token expires."""
        self._school, self._key = school, key
        self._token = None

    def _authenticate(self) -> str:
        if self._key is None or self._school is None:
            raise SyncError("没有可用于认证的学校密钥")
        try:
            ch = self.call(
                "POST", "/auth/challenge", json={"school": self._school, "kid": self._key.kid},
                auth=False,
            ).json()  # fmt: skip
            signature = base64.b64encode(self._key.sign(ch["challenge"].encode("utf-8")))
            started = time.monotonic()
            tok = self.call(
                "POST", "/auth/token", auth=False,
                json={"challenge_id": ch["challenge_id"], "signature": signature.decode()},
            ).json()  # fmt: skip
        except ServerRefused as exc:
            raise AuthRefused(exc.status, exc.code, exc.message) from None
        self._token = str(tok["token"])
        # Renew a minute early so that a long upload never meets an expired token mid-call.
        self._token_until = started + max(0.0, float(tok["expires_in"]) - 60)
        return self._token

    def _auth_header(self) -> dict[str, str]:
        token = self._token
        if token is None or time.monotonic() >= self._token_until:
            token = self._authenticate()
        return {"Authorization": f"Bearer {token}"}

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
    ) -> requests.Response:
        """The successful (2xx) response; `ServerRefused` for a refusal, `ServerUnreachable`
        when the retries are spent."""
        url = f"{self.endpoint.url.rstrip('/')}{API}{path}"
        timeout = (self.endpoint.connect_timeout, self.endpoint.read_timeout)
        reauthenticated = False
        last = ""
        for attempt in range(self.retry.attempts):
            hdrs = dict(headers or {})
            if auth:
                hdrs.update(self._auth_header())
            pause: float | None = None
            try:
                response = self._http.request(
                    method, url, json=json, data=data, headers=hdrs, timeout=timeout,
                    verify=self._verify,
                )  # fmt: skip
                response.content  # noqa: B018 -- read the whole body inside the try
            except requests.exceptions.SSLError as exc:
                raise SyncError(f"无法验证中心服务器的证书：{exc}") from None
            except requests.exceptions.RequestException as exc:
                last = f"{type(exc).__name__}"
            else:
                self.bytes_sent += len(data or b"")
                if response.status_code < 300:
                    return response
                if response.status_code == 401 and auth and not reauthenticated:
                    reauthenticated = True  # the token expired or the server restarted
                    self._token = None
                    continue
                if response.status_code not in _RETRY_STATUS:
                    raise _error(response)
                last = f"HTTP {response.status_code}"
                pause = retry_after(response.headers.get("Retry-After"))
            if attempt + 1 == self.retry.attempts:
                break
            wait = self.retry.wait(attempt, pause, self._rng)
            self.retries += 1
            log.info("retry %s %s in %.1f s after %s", method, path, wait, last)
            self._sleep(wait)
        raise ServerUnreachable(
            f"无法连接中心服务器或服务器持续繁忙（{last}），已重试 {self.retry.attempts} 次；"
            "批次仍在待上报队列中，稍后会继续"
        )
