"""The clerk's day on the store: import, findings, edit, acknowledge, validate, audit."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, records
from desktop.services.workspace import PermissionDenied, Workspace
from desktop.store.errors import IllegalTransition
from desktop.store.models import AuditEntry, table_of
from tests.store.conftest import login

HEADER = ["姓名", "性别", "出生日期", "证件号码", "入学日期", "毕业日期", "专业名称", "层次", "学制",
          "学习形式", "毕(结)业", "学校名称", "校(院)长姓名", "证书编号", "发证日期"]  # fmt: skip
ROW = ["张三", "男", "2000-01-01", "110105200001010016", "2022-09-01", "2026-06-30", "软件工程",
       "本科", "4", "普通全日制", "毕业", "北京大学", "李四", "100011202605000001", "2026-06-30"]  # fmt: skip
ROW2 = ["李娜", "女", "2000-01-01", "110105200001010024", "2022-09-01", "2026-06-30", "软件工程",
        "本科", "4", "普通全日制", "毕业", "北京大学", "李四", "100011202605000002", "2026-07-01"]  # fmt: skip


def sheet(path: Path, *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_import_edit_validate_and_audit(workspace: Workspace, tmp_path: Path) -> None:
    clerk = login(workspace, "clerk")
    batch = batches.import_file(clerk, sheet(tmp_path / "d.csv", ROW, ROW2), BatchKind.DIPLOMA)
    assert (batch.state, batch.rows, batch.errors) == (BatchState.DRAFT, 2, 1)
    _, findings = batches.show_batch(clerk, batch.id)
    assert [(f["row_no"], f["rule_id"]) for f in findings] == [(3, "DIP-018-FZRQ")]

    result = records.edit_record(clerk, batch.id, 3, {"发证日期": "2026-06-30"})
    assert result.findings == [] and result.batch.errors == 0

    validated = batches.validate_batch(clerk, batch.id)
    assert validated.state is BatchState.VALIDATED

    with pytest.raises(IllegalTransition, match="不能直接设为“已提交”"):
        batches.move(login(workspace, "reviewer"), batch.id, BatchState.SUBMITTED)
    assert login(workspace, "admin").verify_audit() is None


def test_clerk_may_not_acknowledge_and_the_refusal_is_audited(
    workspace: Workspace, tmp_path: Path
) -> None:
    clerk = login(workspace, "clerk")
    batch = batches.import_file(clerk, sheet(tmp_path / "d.csv", ROW), BatchKind.DIPLOMA)
    with pytest.raises(PermissionDenied, match="录入员“clerk”无权确认警告"):
        records.acknowledge(clerk, batch.id, 2, "DIP-XZXM-PROFILE", "校长已更换")
    audit = table_of(AuditEntry)
    with workspace.engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(audit.c.action).order_by(audit.c.seq))]
    assert actions[-1] == "refused"
