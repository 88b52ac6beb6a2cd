"""`regdesk demo`: the whole path on a fresh workspace, headless — start the reference
server on a free loopback port, create a school and its key, import the sample file,
validate, acknowledge, sign, sync, and print the verified receipt's summary.

Exit 0 when the server accepted the batch and its receipt verified; 1 otherwise.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

import requests

from desktop.cli.common import EXIT_OK
from desktop.cli.session import fail
from desktop.services.reference_server import reference_server
from desktop.store.errors import StoreError
from desktop.sync.errors import SyncError

__all__ = ["reference_server", "register", "run"]
EXIT_NOT_ACCEPTED = 1


def register(sub: Any) -> None:
    d = sub.add_parser("demo", help="演示：在临时工作区和本机参考服务器上走完整流程")
    d.add_argument("--dir", type=Path, help="演示文件夹（默认临时文件夹，结束后删除）")
    d.add_argument("--rows", type=int, default=120, help="示例文件的学生人数")
    d.set_defaults(handler=run)


def _step(text: str) -> None:
    print(f"· {text}", flush=True)


def run(args: argparse.Namespace) -> int:
    folder = args.dir or Path(tempfile.mkdtemp(prefix="regdesk-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _demo(folder, args.rows)
    except (StoreError, SyncError, OSError) as exc:
        return fail(f"演示未完成：{exc}")
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)


def _demo(folder: Path, rows: int) -> int:
    from desktop.domain.fields import BatchKind
    from desktop.domain.roles import Role
    from desktop.services import batches, records, signing, submissions, sync
    from desktop.services.workspace import SchoolProfile, Workspace
    from desktop.sheets.sample import write_sample

    token = secrets.token_urlsafe(24)
    with reference_server(folder, token) as (url, fingerprint):
        _step(f"参考服务器已在 {url} 启动（回执密钥指纹 {fingerprint}）")
        ws = Workspace.open(home=folder / "workspace")
        try:
            profile = SchoolProfile(code="10001", name="北京大学", president="李四")
            # Random, with a letter and a digit always (the password policy wants both).
            words = {role: f"{secrets.token_urlsafe(12)}a{secrets.randbelow(10)}" for role in Role}
            ws.initialise(profile, "admin", words[Role.ADMIN])
            admin = ws.login("admin", words[Role.ADMIN])
            admin.add_operator("clerk", words[Role.CLERK], Role.CLERK, "录入员")
            admin.add_operator("reviewer", words[Role.REVIEWER], Role.REVIEWER, "审核员")
            _step(f"工作区已建立：{profile.code} {profile.name}，操作员 admin / clerk / reviewer")
            phrase = secrets.token_urlsafe(18)
            key = signing.generate_key(admin, phrase)
            _step(f"已生成学校签名密钥 {key.kid}（{key.alg.value}）")
            sync.connect(admin, url, fingerprint=fingerprint)
            code = requests.post(
                f"{url}/api/v1/admin/enrolment-codes", json={"school": profile.code},
                headers={"X-Admin-Token": token}, timeout=10,
            ).json()["code"]  # fmt: skip
            sync.register_key(admin, code)
            _step("已固定服务器回执密钥，并用一次性登记码登记了本校公钥")
            clerk = ws.login("clerk", words[Role.CLERK])
            sample = write_sample(folder / "新生名单示例.xlsx", rows)
            batch = batches.import_file(clerk, sample, BatchKind.ENROLLMENT, name="新生学籍注册")
            batch = batches.validate_batch(clerk, batch.id)
            _step(
                f"导入并校验 {sample.name}：{batch.rows} 条，错误 {batch.errors}，"
                f"警告 {batch.warnings}"
            )
            reviewer = ws.login("reviewer", words[Role.REVIEWER])
            _, findings = batches.show_batch(reviewer, batch.id)
            for f in findings:
                if f["severity"] == "warning" and not f["acknowledged"]:
                    batch = records.acknowledge(
                        reviewer, batch.id, int(str(f["row_no"])), str(f["rule_id"]),
                        "已核对：该生保留入学资格，预计推迟毕业",
                    )  # fmt: skip
                    _step(f"审核员确认第 {f['row_no']} 行的警告 {f['rule_id']}")
            batch = signing.sign(reviewer, batch.id, phrase)
            _step(f"审核员签名：{batch.state.label}")
            sync.enqueue(reviewer, batch.id)
            report = sync.sync(reviewer, phrase)
            for r in report.results:
                _step(f"上报 {r.name}：{r.state.label}（{report.bytes_sent} 字节）")
            status = submissions.status(reviewer, batch.id)
            receipt = status.receipt
            if receipt is None:
                return fail(f"批次未被受理：{report.results[0].message if report.results else ''}")
            saved = submissions.save_receipt(reviewer, batch.id, folder / "receipt.json")
            print(
                f"回执已验证（服务器密钥 {receipt.server_kid}）：批次 {receipt.batch}，"
                f"共 {receipt.record_count} 条，受理 {receipt.accepted}，"
                f"退回 {receipt.record_count - receipt.accepted}，签发于 {receipt.issued}"
            )
            _step(f"回执文件：{saved}")
            return EXIT_OK if receipt.state == "accepted" else EXIT_NOT_ACCEPTED
        finally:
            ws.engine.dispose()
