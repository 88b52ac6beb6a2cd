"""Every error the API returns: `{"code", "message"}`, a stable code and a Chinese message.

The client branches on `code` (and the HTTP status); `message` is for the clerk.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from desktop.sync.reasons import Reason, Rejected
from server.schemas import ErrorBody

# What any request may be answered with whatever the operation: a body that is not JSON
# or not UTF-8 (400), one past the size limit (413, before any handler), a request the
# validation refuses (422). The contract documents them on every operation.
ANY_REQUEST = (400, 413, 422)


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}
        self.headers = headers


# A refusal of the key itself is about who may submit (403); the rest is about the bytes.
_FORBIDDEN = frozenset({Reason.KEY_UNKNOWN, Reason.KEY_NOT_TRUSTED, Reason.KEY_REVOKED})


def from_rejected(exc: Rejected) -> ApiError:
    status = 403 if exc.reason in _FORBIDDEN else 422
    return ApiError(status, exc.reason.value, str(exc))


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses and those of any request."""
    return {c: {"model": ErrorBody} for c in sorted({*statuses, *ANY_REQUEST})}


def body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **extra}


_HTTP_WORDS = {
    400: ("bad-request", "请求格式错误"),
    401: ("unauthorized", "未登录或令牌已失效"),
    404: ("not-found", "没有这个资源"),
    405: ("method-not-allowed", "不支持此请求方法"),
    413: ("too-large", "请求体过大"),
}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            body(exc.code, exc.message, **exc.extra), exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()[:5])
        return JSONResponse(body("request-invalid", f"请求参数不合要求：{where}"), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_WORDS.get(exc.status_code, ("http-error", "请求无法处理"))
        return JSONResponse(body(code, message), exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(body("internal-error", "服务器内部错误，请稍后重试"), 500)
