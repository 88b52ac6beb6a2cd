"""The committed contract is the code's: regenerate and compare."""

from __future__ import annotations

import yaml

from server import openapi


def test_committed_openapi_matches_the_code() -> None:
    committed = openapi.PATH.read_text("utf-8")
    assert committed == openapi.render(), "run: python -m server.openapi"


def test_every_operation_is_versioned_and_documents_its_errors() -> None:
    doc = yaml.safe_load(openapi.PATH.read_text("utf-8"))
    assert doc["paths"]
    for path, ops in doc["paths"].items():
        assert path.startswith("/api/v1/"), path
        for method, op in ops.items():
            if path == "/api/v1/server-key":
                continue
            assert any(code.startswith("4") for code in op["responses"]), (method, path)
