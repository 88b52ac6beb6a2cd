"""The application factory: `create_app(database_url, server_key, …)`."""

from __future__ import annotations

import json

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desktop.sync.algorithms import SigningKey
from server import errors
from server.config import Limits
from server.db import make_engine, session_factory
from server.routes_keys import router as keys_router
from server.routes_submissions import router as submissions_router
from server.state import RateLimiter, ServerState

API = "/api/v1"
VERSION = "1.0.0"


class BodyLimit:
    """413 for any body past the limit, whether announced (Content-Length) or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await _too_large(send, self.limit)
                return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    refused = True
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:
            if refused:
                await _too_large(send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    data = json.dumps(
        errors.body("request-too-large", f"请求体超过 {limit} 字节"), ensure_ascii=False
    ).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": data})


def create_app(
    database_url: str,
    server_key: SigningKey,
    *,
    admin_token: str | None = None,
    limits: Limits | None = None,
) -> FastAPI:
    limits = limits or Limits()
    engine = make_engine(database_url)
    app = FastAPI(
        title="Registrar Desk central API (学籍学历注册中心接口)",
        version=VERSION,
        description="学籍学历电子注册：登记学校密钥、认证、可续传的签名报送、回执与拉取。",
    )
    app.state.server = ServerState(
        engine=engine,
        sessions=session_factory(engine),
        key=server_key,
        limits=limits,
        admin_token=admin_token,
        limiter=RateLimiter(limits.rate_per_minute, limits.rate_burst),
    )
    errors.install(app)
    app.include_router(keys_router, prefix=API)
    app.include_router(submissions_router, prefix=API)
    app.add_middleware(BodyLimit, limit=limits.max_request_bytes)
    return app
