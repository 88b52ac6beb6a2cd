"""The fault proxy does to real HTTP what each fault promises, in front of the real server.

Targets: GET /api/v1/server-key (read-only) and POST /api/v1/admin/enrolment-codes (each
call stores one code row, so the server's database tells whether a request got through).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.faults.proxy import (
    FaultProxy,
    ProxyError,
    call,
    reset_request,
    reset_response,
    respond,
    stall,
    tamper,
)
from tests.faults.server_process import ServerProcess

KEY = "/api/v1/server-key"
CODES = "/api/v1/admin/enrolment-codes"
_schools = itertools.count(20001)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    # One server for the module: a start costs ~2 s; tests that restart it leave it up.
    with ServerProcess(tmp_path_factory.mktemp("server")) as sp:
        yield sp


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", server.port) as p:
        yield p


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


def new_school() -> str:
    return str(next(_schools))


def codes(server: ServerProcess, school: str) -> int:
    return server.count("enrolment_code", "school = :s", s=school)


def issue(
    s: requests.Session, proxy: FaultProxy, server: ServerProcess, school: str, timeout: float = 5
) -> requests.Response:
    return s.post(
        proxy.url + CODES, json={"school": school}, timeout=timeout,
        headers={"X-Admin-Token": server.admin_token},
    )  # fmt: skip


def test_passes_requests_through_on_one_kept_alive_connection(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    direct = requests.get(server.url + KEY, timeout=5).json()
    school = new_school()
    for _ in range(3):
        r = session.get(proxy.url + KEY, timeout=5)
        assert r.status_code == 200 and r.json() == direct
    r = issue(session, proxy, server, school)
    assert r.status_code == 201 and r.json()["school"] == school
    assert codes(server, school) == 1
    assert proxy.accepted == 1  # four requests, one connection
    assert [(e.method, e.status, e.fault) for e in proxy.log] == [
        ("GET", 200, None), ("GET", 200, None), ("GET", 200, None), ("POST", 201, None),
    ]  # fmt: skip


def test_respond_answers_for_the_server_and_counts_its_firings(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    school = new_school()
    busy = proxy.add("POST", "/enrolment-codes$", respond(503, {"Retry-After": "1"}), first=2)
    storm = proxy.add("GET", "/server-key$", respond(500), nth=2)
    statuses = [issue(session, proxy, server, school).status_code for _ in range(3)]
    assert statuses == [503, 503, 201]
    assert codes(server, school) == 1  # the two 503s never reached the server
    assert (busy.matched, busy.fired) == (3, 2)
    r = session.post(proxy.url + CODES, timeout=5)  # no admin token: passes, server says 401
    assert r.status_code in (401, 403) and busy.fired == 2
    proxy.add(None, "/enrolment-codes", respond(503, {"Retry-After": "1"}), first=1)
    r = issue(session, proxy, server, school)
    assert r.status_code == 503 and r.headers["Retry-After"] == "1"
    assert r.json()["code"] == "fault-injected"  # the server's error shape
    assert [session.get(proxy.url + KEY, timeout=5).status_code for _ in range(3)] == [
        200,
        500,
        200,
    ]
    assert (storm.matched, storm.fired) == (3, 1)
    assert proxy.accepted == 1  # an injected answer keeps the connection alive
    proxy.clear()
    assert issue(session, proxy, server, school).status_code == 201


def test_an_early_answer_and_close_from_the_server_reaches_the_client(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    # The server refuses a body over its limit (8 MiB) from the head and closes at once.
    huge = b"x" * (9 * 1024 * 1024)
    r = session.post(
        proxy.url + CODES, data=huge, timeout=10, headers={"X-Admin-Token": server.admin_token}
    )
    assert r.status_code == 413 and r.headers["Connection"] == "close"
    assert session.get(proxy.url + KEY, timeout=5).status_code == 200
    assert proxy.accepted == 2


def test_reset_request_means_the_server_never_saw_it(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    school = new_school()
    rule = proxy.add("POST", CODES, reset_request(after_bytes=5))
    with pytest.raises(requests.ConnectionError):
        issue(session, proxy, server, school)
    assert rule.fired == 1
    assert codes(server, school) == 0
    assert proxy.log[-1].fault == "reset_request" and proxy.log[-1].status is None
    proxy.remove(rule)
    assert issue(session, proxy, server, school).status_code == 201  # a new connection works


def test_reset_response_means_the_server_did_it_but_the_client_never_heard(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    school = new_school()
    proxy.add("POST", CODES, reset_response(), nth=1)
    with pytest.raises(requests.ConnectionError):
        issue(session, proxy, server, school)
    assert codes(server, school) == 1
    entry = proxy.log[-1]
    assert (entry.fault, entry.status, entry.upstream) == ("reset_response", None, 201)


def test_reset_response_inside_the_body_is_a_broken_body(
    proxy: FaultProxy, session: requests.Session
) -> None:
    # The head of GET /server-key is ~130 bytes and its body ~280: 200 cuts the body.
    proxy.add("GET", KEY, reset_response(after_bytes=200))
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        session.get(proxy.url + KEY, timeout=5)


def test_stall_before_forwarding_times_the_client_out_and_delivers_late(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    school = new_school()
    proxy.add("POST", CODES, stall(1.0, before_forward=True))
    with pytest.raises(requests.ReadTimeout):
        issue(session, proxy, server, school, timeout=0.3)
    assert codes(server, school) == 0  # not yet: the server sees it only after the stall
    deadline = time.monotonic() + 5
    while codes(server, school) == 0:  # a late duplicate, as a slow network delivers it
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_stall_after_forwarding_times_the_client_out_after_the_server_did_it(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    school = new_school()
    proxy.add("POST", CODES, stall(1.0, before_forward=False))
    with pytest.raises(requests.ReadTimeout):
        issue(session, proxy, server, school, timeout=0.3)
    assert codes(server, school) == 1


def test_close_cuts_a_long_stall_short(server: ServerProcess, session: requests.Session) -> None:
    p = FaultProxy("127.0.0.1", server.port).start()
    p.add("GET", KEY, stall(60))
    with pytest.raises(requests.ReadTimeout):
        session.get(p.url + KEY, timeout=0.3)
    started = time.monotonic()
    p.close()
    assert time.monotonic() - started < 2


def test_tamper_rewrites_the_body_and_its_length(
    proxy: FaultProxy, session: requests.Session
) -> None:
    def forge(body: bytes) -> bytes:
        doc = json.loads(body)
        doc["public_key"] = "forged " * 100  # longer: Content-Length must follow
        return json.dumps(doc).encode()

    proxy.add("GET", KEY, tamper(forge), nth=1)
    forged = session.get(proxy.url + KEY, timeout=5)
    assert forged.json()["public_key"].startswith("forged forged")
    assert forged.headers["Content-Length"] == str(len(forged.content))
    assert "BEGIN PUBLIC KEY" in session.get(proxy.url + KEY, timeout=5).json()["public_key"]
    assert proxy.accepted == 1


def test_call_runs_before_or_after_and_can_drop_the_answer(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    school = new_school()
    seen: list[tuple[str, int]] = []
    proxy.add("POST", CODES, call(lambda: seen.append(("before", codes(server, school)))), nth=1)
    after = call(lambda: seen.append(("after", codes(server, school))), "after", drop=True)
    proxy.add("POST", CODES, after, nth=2)
    assert issue(session, proxy, server, school).status_code == 201
    with pytest.raises(requests.ConnectionError):
        issue(session, proxy, server, school)
    assert seen == [("before", 0), ("after", 2)]  # after: the server had already stored it
    assert codes(server, school) == 2


def test_a_failing_callback_resets_the_request_and_fails_close(
    server: ServerProcess, session: requests.Session
) -> None:
    def broken(_: bytes) -> bytes:
        raise ValueError("bug in the test's tamper function")

    p = FaultProxy("127.0.0.1", server.port).start()
    p.add("GET", KEY, tamper(broken))
    with pytest.raises(requests.ConnectionError):
        session.get(p.url + KEY, timeout=5)
    with pytest.raises(ProxyError, match="bug in the test"):
        p.close()


def test_server_restart_keeps_the_proxy_port_and_the_servers_state(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    school = new_school()
    pem = server.server_key_pem()
    assert issue(session, proxy, server, school).status_code == 201
    port = server.port
    server.restart()
    assert server.port == port
    r = session.get(proxy.url + KEY, timeout=5)  # same client session, same proxy
    assert r.status_code == 200 and r.json()["public_key"] == pem
    assert codes(server, school) == 1
    assert proxy.accepted == 2  # the server's restart closed the kept-alive connection


def test_a_restart_from_a_callback_serves_the_request_on_the_new_server(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    school = new_school()
    assert issue(session, proxy, server, school).status_code == 201
    starts = server.starts
    proxy.add("POST", CODES, call(server.restart), nth=1)
    assert issue(session, proxy, server, school, timeout=20).status_code == 201
    assert server.starts == starts + 1
    assert codes(server, school) == 2


def test_a_down_server_gives_502_or_a_reset_then_recovers(
    server: ServerProcess, proxy: FaultProxy, session: requests.Session
) -> None:
    server.kill()
    try:
        r = session.get(proxy.url + KEY, timeout=5)
        assert r.status_code == 502 and r.headers["Connection"] == "close"
        with FaultProxy("127.0.0.1", server.port, upstream_error="reset") as harsh:
            with pytest.raises(requests.ConnectionError):
                requests.get(harsh.url + KEY, timeout=5)
            assert harsh.log[-1].fault == "upstream-down"
    finally:
        server.start()
    assert session.get(proxy.url + KEY, timeout=5).status_code == 200
    assert [e.fault for e in proxy.log] == ["upstream-down", None]


class _Framing(BaseHTTPRequestHandler):
    """An upstream that frames its bodies the other two ways: chunked, and by closing."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        if self.path == "/chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"abc", b"defgh", b"ij"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
        else:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"until-close")
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


@pytest.fixture
def framing() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Framing)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_chunked_and_close_delimited_bodies_pass_and_can_be_tampered(
    framing: ThreadingHTTPServer, session: requests.Session
) -> None:
    with FaultProxy("127.0.0.1", framing.server_address[1]) as p:
        assert session.get(p.url + "/chunked", timeout=5).content == b"abcdefghij"
        assert session.get(p.url + "/chunked", timeout=5).content == b"abcdefghij"
        assert p.accepted == 1
        assert session.get(p.url + "/close", timeout=5).content == b"until-close"
        p.add("GET", "", tamper(bytes.upper))
        assert session.get(p.url + "/chunked", timeout=5).content == b"ABCDEFGHIJ"
        assert session.get(p.url + "/close", timeout=5).content == b"UNTIL-CLOSE"
        assert p.accepted == 2  # a close-delimited answer ends its connection


def test_a_rule_takes_nth_or_first_not_both(proxy: FaultProxy) -> None:
    with pytest.raises(ValueError, match="exclude"):
        proxy.add("GET", KEY, respond(500), nth=1, first=2)
