"""The sync client against the reference server on loopback: a queued batch reaches the
server once, comes back with a verified receipt, and its outcomes land on the rows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import cli
from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, pull, submissions
from desktop.store import outbox, server_link
from desktop.store.models import Record, table_of
from desktop.sync.algorithms import VerifyKey
from desktop.sync.receipts import ReceiptInvalid, verify_receipt
from tests.server.conftest import Live, enrollment, school, sign, upload
from tests.store import sheets
from tests.store.conftest import PASSWORDS, login
from tests.sync.office import FAST, PHRASE, Office

_r = table_of(Record)


def outcomes(office: Office, batch_id: str) -> list[tuple[str | None, str | None]]:
    with office.ws.engine.connect() as conn:
        rows = conn.execute(
            select(_r.c.outcome, _r.c.outcome_message)
            .where(_r.c.batch_id == batch_id)
            .order_by(_r.c.seq)
        )
        return [(r.outcome, r.outcome_message) for r in rows]


def test_a_queued_batch_is_accepted_with_a_verified_receipt(office: Office) -> None:
    batch_id = office.queued(30)
    report = office.sync()
    [result] = report.results
    assert result.state is BatchState.ACCEPTED, result.message
    assert (result.accepted, result.refused) == (30, 0)
    assert report.bytes_sent > 0
    assert outcomes(office, batch_id) == [("accepted", None)] * 30
    with office.ws.engine.connect() as conn:
        assert outbox.pending(conn) == []
        stored = outbox.receipt_of(conn, batch_id)
    assert stored is not None and stored.state == "accepted"
    # Nothing left to do: a second pass sends nothing.
    assert office.sync().results == ()


def test_a_record_refused_centrally_comes_back_on_its_row(office: Office, live: Live) -> None:
    # Another school registered student 3 first: one 普通全日制 学籍 at a time (article 8).
    other = school(live, "10002")
    born = date.fromisoformat(sheets.birth(3))
    theirs = enrollment(0, sfzh=sheets.id_number(3), csrq=born, xb="2")
    assert upload(live, other, sign(other, [theirs], BatchKind.ENROLLMENT)).status_code == 200
    batch_id = office.queued(6)
    [result] = office.sync().results
    assert result.state is BatchState.PARTLY_ACCEPTED
    assert (result.accepted, result.refused) == (5, 1)
    rows = outcomes(office, batch_id)
    assert [o for o, _ in rows] == ["accepted"] * 3 + ["refused"] + ["accepted"] * 2
    assert rows[3][1] is not None and "CEN-" in rows[3][1]
    # The refused student can be corrected in a new batch linked to this one.
    child = batches.start_correction(login(office.ws, "clerk"), batch_id)
    assert child.rows == 1 and child.parent_id == batch_id


def test_status_receipt_and_pull_from_the_command_line(
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    batch_id = office.queued(12)
    monkeypatch.setenv("REGDESK_OPERATOR", "reviewer")
    monkeypatch.setenv("REGDESK_PASSWORD", PASSWORDS["reviewer"])
    monkeypatch.setenv("REGDESK_KEY_PASSPHRASE", PHRASE)
    home = ["--data-dir", str(office.ws.home)]
    assert cli.main(["status", batch_id, *home]) == 0
    assert "已排队" in capsys.readouterr().out
    assert cli.main(["sync", "--once", "--pull", *home]) == 0
    out = capsys.readouterr().out
    assert "已受理" in out and "中心服务器登记本校学生 12 人" in out
    assert cli.main(["status", batch_id, "--remote", "--format", "json", *home]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["receipt"]["accepted"] == 12 and shown["server"]["state"] == "committed"
    target = tmp_path / "回执.json"
    assert cli.main(["receipt", batch_id, "-o", str(target), *home]) == 0
    saved = json.loads(target.read_text("utf-8"))
    # Anyone can check the file with the server's public key alone.
    pinned = VerifyKey.from_pem(saved["server_public_key"].encode())
    assert verify_receipt(saved, pinned).accepted == 12
    # Nothing queued: sync says so and exits 0.
    assert cli.main(["sync", "--once", *home]) == 0
    assert "上报队列为空" in capsys.readouterr().out


def test_a_tampered_stored_receipt_is_not_trusted(office: Office, tmp_path: Path) -> None:
    batch_id = office.queued(3)
    office.sync()
    with office.ws.transaction() as conn:
        stored = outbox.receipt_of(conn, batch_id)
        assert stored is not None
        forged = stored.data.replace(b'"accepted":3', b'"accepted":2')
        outbox.keep_receipt(conn, replace(stored, data=forged))
    with pytest.raises(ReceiptInvalid):
        submissions.save_receipt(office.reviewer, batch_id, tmp_path / "r.json")


def test_pull_resumes_and_reconciles(office: Office) -> None:
    office.queued(7)
    office.sync()
    report = pull.pull(office.reviewer, PHRASE, settings=FAST)
    assert (report.students, report.missing_on_server, report.unknown_here) == (7, (), 0)
    with office.ws.engine.connect() as conn:
        numbers = {s["sfzh"] for s in server_link.students(conn)}
    assert numbers == {sheets.id_number(i) for i in range(7)}
