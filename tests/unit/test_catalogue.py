"""The catalogue as a whole: ids, bases, messages, tests for every rule, docs in step."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.fields import BatchKind
from desktop.domain.records import kind_fields
from desktop.domain.rules.base import Scope
from desktop.domain.rules.catalogue import RULE_PACK_VERSION, catalogue, rules_for
from desktop.rules_doc import render
from tests.unit.rules_support import Case, context, run

ROOT = Path(__file__).resolve().parents[2]
CASE_MODULES = [
    "tests.unit.test_rules_common",
    "tests.unit.test_rules_diploma",
    "tests.unit.test_rules_enrollment",
    "tests.unit.test_rules_annual",
    "tests.unit.test_rules_correction",
    "tests.unit.test_rules_workspace",
    "tests.sheets.test_sheet_rules",
]
_ARTICLE = re.compile(r"^第[一二三四五六七八九十]+条$")
_STANDARD = re.compile(r"^(GB|GB/T|GM/T) [0-9.]+-\d{4}$")
_OTHER_BASES = {"GB/T 2260", "学历证书编号规则", "数据标准"}


def test_at_least_sixty_rules_each_with_a_basis() -> None:
    rules = catalogue()
    assert len(rules) >= 60
    for r in rules:
        project_table = r.basis.startswith("registrar-desk")
        ok = _ARTICLE.match(r.basis) or _STANDARD.match(r.basis) or r.basis in _OTHER_BASES
        assert ok or project_table, (r.id, r.basis)


def test_ids_are_stable_shaped_and_unique() -> None:
    ids = [r.id for r in catalogue()]
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert re.fullmatch(r"[A-Z]{2,4}(-[A-Z0-9]+)+", rule_id), rule_id


def test_every_kind_has_rules_and_every_rule_a_kind() -> None:
    for kind in BatchKind:
        assert len(rules_for(kind)) >= 15, kind
    assert all(r.kinds for r in catalogue())


def test_messages_are_chinese_first_with_an_english_twin() -> None:
    for r in catalogue():
        assert re.search(r"[\u4e00-\u9fff]", r.message_zh), r.id
        assert not re.search(r"[\u4e00-\u9fff]", r.message_en), r.id
        assert r.title and re.search(r"[\u4e00-\u9fff]", r.title), r.id


def _cases() -> list[Case]:
    return [c for name in CASE_MODULES for c in importlib.import_module(name).CASES]


def test_every_placeholder_is_filled_in_real_findings() -> None:
    """A template naming a parameter its check never supplies would show raw braces."""
    for case in _cases():
        ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
        for finding in run(case.kind, case.bad, context(**ctx)):
            for text in (finding.message, finding.message_en):
                assert "{" not in text and "}" not in text, (finding.rule.id, text)


def test_rule_fields_exist_in_the_kinds_they_apply_to() -> None:
    for r in catalogue():
        names = {f.name for k in r.kinds for f in kind_fields(k)}
        assert set(r.fields) <= names, (r.id, set(r.fields) - names)


def test_central_rules_are_not_run_on_the_client() -> None:
    assert not [r for r in catalogue() if r.scope is Scope.CENTRAL]


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    covered = {case.rule for case in _cases()}
    missing = sorted({r.id for r in catalogue()} - covered)
    assert not missing, f"rules without a test case: {missing}"


def test_rules_md_is_generated_from_the_catalogue() -> None:
    committed = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert committed == render(catalogue(), "markdown"), "run `make rules-doc`"


def test_rules_command_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--kind", "diploma", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["rule_pack"] == RULE_PACK_VERSION
    assert {r["id"] for r in doc["rules"]} == {r.id for r in rules_for(BatchKind.DIPLOMA)}
    assert all(r["basis"] for r in doc["rules"])
    assert main(["rules"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0] == f"规则包版本 {RULE_PACK_VERSION}，共 {len(catalogue())} 条规则"
    assert len(table) == len(catalogue()) + 1
