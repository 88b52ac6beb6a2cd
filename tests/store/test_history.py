"""A record's history and article 19's identity corrections: old values kept, ID numbers
masked when listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id
from desktop.services import batches, records
from desktop.services.workspace import Workspace
from desktop.store.models import IdentityChange, Student, table_of
from tests.store import sheets
from tests.store.conftest import login

AS_OF = date(2026, 7, 15)


def test_identity_corrections_keep_the_old_values(workspace: Workspace, tmp_path: Path) -> None:
    clerk = login(workspace, "clerk")
    path = sheets.write(tmp_path / "d.csv", [sheets.diploma(0), sheets.diploma(1)])
    batch = batches.import_file(clerk, path, BatchKind.DIPLOMA, as_of=AS_OF)
    old_name, old_id, new_id = sheets.name(0), sheets.id_number(0), sheets.id_number(2000)
    records.edit_record(clerk, batch.id, 2, {"姓名": "张三丰"}, reason="户籍更名", as_of=AS_OF)
    records.edit_record(
        clerk, batch.id, 2, {"证件号码": new_id}, reason="证件号码录错", as_of=AS_OF
    )

    changes, students = table_of(IdentityChange), table_of(Student)
    with workspace.engine.connect() as conn:
        kept = [
            (r.field, r.old_value, r.new_value, r.operator, r.reason)
            for r in conn.execute(select(changes).order_by(changes.c.id))
        ]
        people = {r.id_number: r.name for r in conn.execute(select(students))}
    assert kept == [
        ("xm", old_name, "张三丰", "clerk", "户籍更名"),
        ("sfzh", old_id, new_id, "clerk", "证件号码录错"),
    ]
    assert people[old_id] == "张三丰"  # the person, renamed; the old name is in the change
    assert new_id in people  # another 证件号码 is another identity row

    history = records.history(clerk, batch.id, 2)
    assert [h.action for h in history].count("edit") == 2
    lines = [h.detail for h in history if h.action == "identity_change"]
    assert f"xm: {old_name} → 张三丰" in lines
    assert f"sfzh: {mask_id(old_id)} → {mask_id(new_id)}" in lines
    assert not any(old_id in h.detail or new_id in h.detail for h in history)
    assert [h.action for h in records.history(clerk, batch.id, 3)] == ["import"]
