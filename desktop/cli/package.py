"""`regdesk package export|verify|import`: signed batches as `.regpkg` files for an
air-gapped PC."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK
from desktop.cli.session import add_workspace_args, fail, login
from desktop.store.errors import StoreError
from desktop.sync.errors import SyncError


def register(sub: Any) -> None:
    p = sub.add_parser("package", help="签名数据包（.regpkg）导出、核验、导入")
    verbs = p.add_subparsers(dest="package_command", metavar="ACTION", required=True)
    exp = verbs.add_parser("export", help="导出已签名批次为数据包")
    exp.add_argument("batch")
    exp.add_argument("-o", "--output", type=Path, required=True)
    add_workspace_args(exp)
    ver = verbs.add_parser("verify", help="离线核验数据包（摘要、签名、记录数）")
    ver.add_argument("file", type=Path)
    ver.add_argument("--public-key", type=Path, help="已登记的学校公钥 PEM（核对签名者）")
    imp = verbs.add_parser("import", help="在另一台电脑导入数据包以便上报")
    imp.add_argument("file", type=Path)
    add_workspace_args(imp)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.services import signing

    verb = args.package_command
    try:
        if verb == "verify":
            if not args.file.is_file():
                return fail(f"数据包不存在：{args.file}")
            pem = args.public_key.read_bytes() if args.public_key else None
            verdict = signing.verify(args.file, pem)
            if not verdict.ok:
                print(f"核验失败（{verdict.reason}）：{verdict.message}")
                return EXIT_FINDINGS
            m = verdict.manifest
            assert m is not None
            print(
                f"核验通过：批次 {m.batch}，{m.kind.label} {m.record_count} 条，"
                f"学校 {m.school}，签名者 {m.signer}，密钥 {m.kid}（指纹 {verdict.fingerprint}）"
            )
            return EXIT_OK
        session = login(args)
        if verb == "export":
            made = signing.export(session, args.batch, args.output)
            print(made)
        else:
            batch = signing.import_signed(session, args.file)
            print(batch.id)
    except (StoreError, SyncError, OSError) as exc:
        return fail(str(exc))
    return EXIT_OK
