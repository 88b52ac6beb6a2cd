"""Running the catalogue over a table."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.fields import FieldType
from desktop.domain.records import kind_fields
from desktop.domain.rules.base import Context, Finding, Rule, Scope
from desktop.domain.rules.catalogue import rules_for
from desktop.domain.table import Table, gc_paused

_LOCAL_SCOPES = frozenset({Scope.FIELD, Scope.ROW, Scope.BATCH})


def runnable(rule: Rule, ctx: Context) -> bool:
    if rule.scope in _LOCAL_SCOPES:
        return True
    return rule.scope is Scope.WORKSPACE and ctx.workspace is not None


def validate(table: Table, ctx: Context, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """All findings of the rules for this table's kind, batch-level first, then by row."""
    with gc_paused():
        return _validate(table, ctx, rules)


def _validate(table: Table, ctx: Context, rules: Iterable[Rule] | None) -> list[Finding]:
    selected = rules_for(table.kind) if rules is None else rules
    sensitive = {f.name for f in kind_fields(table.kind) if f.type is FieldType.ID_NUMBER}
    findings: list[Finding] = []
    rows = table.rows
    for rule in selected:
        if not runnable(rule, ctx):
            continue
        for index, field, params in rule.check(table, ctx):
            findings.append(
                Finding(
                    rule=rule,
                    index=index,
                    row=rows[index] if index is not None else None,
                    field=field,
                    column=table.header(field) if field else _named_column(params),
                    value=table.raw_col(field)[index] if field and index is not None else None,
                    params=params,
                    sensitive=field in sensitive,
                )
            )
    findings.sort(key=lambda f: -1 if f.row is None else f.row)
    return findings


def _named_column(params: object) -> str | None:
    """A batch-level hit about a column the table does not map names it in `_column`."""
    if isinstance(params, dict):
        column = params.get("_column")
        return column if isinstance(column, str) else None
    return None
