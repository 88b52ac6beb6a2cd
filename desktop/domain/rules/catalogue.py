"""The rule catalogue: every declared rule, by kind, with the rule-pack version."""

from __future__ import annotations

from functools import cache

from desktop.domain.fields import BatchKind
from desktop.domain.rules import (
    annual,
    common,
    correction,
    diploma,
    enrollment,
    identity,
    sheet,
    workspace,
)
from desktop.domain.rules.base import Rule

# Printed on every report and written into every signed manifest; bump it whenever a
# rule is added, removed, or changes what it accepts.
RULE_PACK_VERSION = "2026.11.2"

_MODULES = (common, identity, sheet, enrollment, annual, diploma, correction, workspace)


@cache
def catalogue() -> tuple[Rule, ...]:
    rules = tuple(r for m in _MODULES for r in m.BOOK.rules)
    ids = [r.id for r in rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuntimeError(f"duplicate rule ids: {sorted(dupes)}")
    return rules


@cache
def rules_for(kind: BatchKind) -> tuple[Rule, ...]:
    return tuple(r for r in catalogue() if r.applies_to(kind))


def rule_by_id(rule_id: str) -> Rule:
    for r in catalogue():
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)
