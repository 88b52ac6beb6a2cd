"""Findings as a plain-text table for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.validation import FileValidation


def findings_table(result: FileValidation) -> str:
    lines = []
    for f in result.findings:
        row = "表级" if f.row is None else f"第{f.row}行"
        column = f.column or "-"
        lines.append(f"{row}\t{column}\t{f.severity.label}\t{f.rule.id}\t{f.message}")
    lines.append(
        f"共 {result.table.n} 条记录：错误 {result.errors} 项，警告 {result.warnings} 项，"
        f"提示 {len(result.findings) - result.errors - result.warnings} 项"
    )
    return "\n".join(lines) + "\n"
