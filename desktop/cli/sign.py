"""`regdesk sign BATCH` and `regdesk unsign BATCH --reason …` (reviewer/signer)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import EXIT_OK
from desktop.cli.keys import passphrase
from desktop.cli.session import add_workspace_args, fail, login
from desktop.store.errors import StoreError
from desktop.sync.errors import SyncError


def register(sub: Any) -> None:
    s = sub.add_parser("sign", help="签名已校验的批次（审核员）")
    s.add_argument("batch")
    s.add_argument("--passphrase-stdin", action="store_true", help="从标准输入读取密钥口令")
    add_workspace_args(s)
    s.set_defaults(handler=run_sign)
    u = sub.add_parser("unsign", help="撤销签名，批次回到草稿以便修改")
    u.add_argument("batch")
    u.add_argument("--reason", required=True)
    add_workspace_args(u)
    u.set_defaults(handler=run_unsign)


def run_sign(args: argparse.Namespace) -> int:
    from desktop.services import signing

    try:
        session = login(args)
        batch = signing.sign(session, args.batch, passphrase(args))
    except (StoreError, SyncError) as exc:
        return fail(str(exc))
    print(f"{batch.id}：{batch.state.label}（{batch.rows} 条）")
    return EXIT_OK


def run_unsign(args: argparse.Namespace) -> int:
    from desktop.services import batches

    try:
        batch = batches.unsign(login(args), args.batch, args.reason)
    except StoreError as exc:
        return fail(str(exc))
    print(f"{batch.id}：{batch.state.label}")
    return EXIT_OK
