"""The committed contract as a check on any response the tests get."""

from __future__ import annotations

import requests
import schemathesis

from server import openapi

CONTRACT = schemathesis.openapi.from_path(openapi.PATH)


def documented(r: requests.Response, template: str) -> requests.Response:
    """`r`, after checking the contract lists its status for the operation at `template`
    (a path under /api/v1, as written in the contract) and its body has that schema."""
    assert r.request.method is not None
    op = CONTRACT[f"/api/v1{template}"][r.request.method]
    assert op.responses.find_by_status_code(r.status_code) is not None, (op.label, r.status_code)
    op.validate_response(r)
    return r
