"""The `regdesk` workspace commands as the office's scripts use them: what goes to stdout,
the exit codes, one line on stderr for every refusal, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from desktop.store.engine import DATABASE_FILE
from tests.store import sheets
from tests.store.conftest import PASSWORDS, Cli

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
INIT = ("init", "--school-code", "10001", "--school-name", "北京大学", "--president", "李四",
        "--admin-user", "admin", "--password-stdin")  # fmt: skip


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def refused(done: subprocess.CompletedProcess[str], words: str, code: int = 2) -> None:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert done.stderr.startswith("regdesk: ") and done.stderr.endswith("\n"), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr  # one line, no traceback
    assert words in done.stderr, done.stderr


def test_init(db: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    url = request.getfixturevalue("pg_server").empty() if db == "postgresql" else None
    cli = Cli(tmp_path / "ws", url, tmp_path / "logs")
    refused(cli(*INIT, operator=None, stdin="short\n"), "密码至少需要 8 个字符")
    bad_code = [*INIT]
    bad_code[2] = "1001"
    refused(cli(*bad_code, operator=None, stdin="Admin123!\n"), "学校代码应为 5 位数字")
    out = ok(cli(*INIT, "--term-start", "2026-2027=2026-09-01", operator=None, stdin="Admin123!\n"))
    assert out.strip() == "工作区已初始化：北京大学（10001），管理员 admin"
    if url is None:
        assert (tmp_path / "ws" / DATABASE_FILE).is_file()
    refused(cli(*INIT, operator=None, stdin="Admin123!\n"), "工作区已初始化")
    assert ok(cli("audit", "verify")).strip() == "审计日志完整"
    # --data-dir names the folder as REGDESK_HOME does
    if url is None:
        other = Cli(tmp_path / "elsewhere", None, tmp_path / "logs")
        assert (
            ok(other("audit", "verify", "--data-dir", str(tmp_path / "ws"))).strip()
            == "审计日志完整"
        )


def test_the_commands_a_script_relies_on(cli: Cli, db: str, tmp_path: Path) -> None:
    # operators
    assert ok(cli("operator", "add", "clerk2", "--role", "clerk", "--password-stdin",
                  stdin="Clerk2-pass\n")).strip() == "已添加录入员 clerk2"  # fmt: skip
    listed = json.loads(ok(cli("operator", "list", "--format", "json")))
    assert {o["username"]: (o["role"], o["disabled"]) for o in listed} == {
        "admin": ("admin", False), "clerk": ("clerk", False),
        "reviewer": ("reviewer", False), "clerk2": ("clerk", False),
    }  # fmt: skip
    assert "clerk2\tclerk2\t录入员\t正常" in ok(cli("operator", "list"))

    # import prints the new batch's id and nothing else on stdout
    rows = [sheets.diploma(0), sheets.diploma(1, **{"校(院)长姓名": "王五"})]
    path = sheets.write(tmp_path / "六月.csv", rows)
    out = ok(cli("import", str(path), "--kind", "diploma", "--batch", "2026届毕业生",
                 "--as-of", "2026-07-15", operator="clerk2", password="Clerk2-pass"))  # fmt: skip
    batch_id = out.strip()
    assert UUID.match(batch_id) and out == batch_id + "\n"

    listed = json.loads(ok(cli("batches", "--format", "json", operator="clerk")))
    assert [{k: b[k] for k in ("id", "name", "kind", "state", "rows", "errors", "warnings")}
            for b in listed] == [
        {"id": batch_id, "name": "2026届毕业生", "kind": "diploma", "state": "draft",
         "rows": 2, "errors": 0, "warnings": 1},
    ]  # fmt: skip
    assert f"{batch_id}\t2026届毕业生\t学历证书注册\t草稿\t2" in ok(
        cli("batches", operator="clerk")
    )

    shown = ok(cli("batch", "show", batch_id[:8], operator="clerk"))
    assert shown.splitlines()[0].startswith(f"{batch_id}  2026届毕业生")
    assert "第3行\t校(院)长姓名\twarning\tDIP-XZXM-PROFILE" in shown
    detail = json.loads(ok(cli("batch", "show", batch_id, "--format", "json", operator="clerk")))
    assert [(f["row_no"], f["rule_id"], f["acknowledged"]) for f in detail["findings"]] == [
        (3, "DIP-XZXM-PROFILE", False)
    ]

    # validate: the open warning keeps it a draft (exit 0: no errors)
    assert ok(
        cli("batch", "validate", batch_id, "--as-of", "2026-07-15", operator="clerk")
    ).startswith("草稿")
    refused(cli("batch", "ack", batch_id, "--rule", "DIP-XZXM-PROFILE", "--row", "3",
                "--reason", "校长换届", operator="clerk"), "录入员“clerk”无权确认警告")  # fmt: skip
    acked = ok(cli("batch", "ack", batch_id, "--rule", "DIP-XZXM-PROFILE", "--row", "3",
                   "--reason", "校长换届", operator="reviewer"))  # fmt: skip
    assert acked.strip() == "已确认；批次已校验，未确认警告 0"
    refused(cli("batch", "ack", batch_id, "--rule", "DIP-XZXM-PROFILE", "--row", "9",
                "--reason", "x理由", operator="reviewer"), "第 9 行没有规则 DIP-XZXM-PROFILE 的提示")  # fmt: skip

    # an error makes validate exit 1
    bad = sheets.write(tmp_path / "bad.csv", [sheets.diploma(5, 发证日期="2026-07-01")])
    bad_id = ok(cli("import", str(bad), "--kind", "diploma", operator="clerk")).strip()
    done = cli("batch", "validate", bad_id, "--as-of", "2026-07-15", operator="clerk")
    assert done.returncode == 1 and done.stdout.startswith("草稿：错误 1")

    assert ok(cli("audit", "verify")).strip() == "审计日志完整"
    refused(cli("audit", "verify", operator="clerk"), "录入员“clerk”无权核验审计日志")

    # backup and restore (a shared server is backed up by its own tools)
    if db == "sqlite":
        made = Path(ok(cli("backup")).strip())
        assert made.is_file()
        restored = ok(cli("restore", str(made)))
        assert restored.startswith("已恢复；恢复前的数据库另存为 ")
        refused(cli("restore", str(tmp_path / "nope.sqlite3")), "备份文件不存在")
    else:
        refused(cli("backup"), "pg_dump")

    assert ok(cli("operator", "disable", "clerk2")).strip() == "clerk2：已停用"
    refused(cli("batches", operator="clerk2", password="Clerk2-pass"), "操作员“clerk2”已停用")


def test_refusals_are_one_line(cli: Cli, tmp_path: Path) -> None:
    refused(cli("batches", operator="clerk", password="wrong-pass1"), "用户名或密码错误")
    refused(cli("batches", operator="ghost", password="wrong-pass1"), "用户名或密码错误")
    refused(cli("batches", operator=None), "请设置 REGDESK_OPERATOR 和 REGDESK_PASSWORD")
    refused(cli("import", str(tmp_path / "无此文件.csv"), "--kind", "diploma", operator="clerk"),
            "无此文件.csv")  # fmt: skip
    refused(
        cli("batch", "show", "no-such-batch", operator="clerk"), "没有编号为“no-such-batch”的批次"
    )
    refused(cli("operator", "list", operator="clerk"), "录入员“clerk”无权管理操作员")
    refused(cli("operator", "add", "x", "--role", "clerk", "--password-stdin", stdin="abc\n"),
            "密码至少需要 8 个字符")  # fmt: skip
    refused(cli("operator", "disable", "nobody"), "没有操作员“nobody”")
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\xff\xfe\x00garbage\x00" * 10)
    done = cli("import", str(garbage), "--kind", "diploma", operator="clerk")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    # and for the record, the password never reaches the screen
    assert not any(p in done.stderr for p in PASSWORDS.values())
